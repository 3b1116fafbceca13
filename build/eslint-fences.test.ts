import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { serverAreaOf } from './eslint-fences.js';

// The project's own ESLint config, on snippets placed (by filePath) inside the fenced folders.
const root = fileURLToPath(new URL('..', import.meta.url));
const options: ESLint.Options = {
  cwd: root,
  overrideConfigFile: path.join(root, 'build/eslint.config.js'),
  // The fences need no type information, and loading the projects' types takes many seconds.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId.startsWith('fences/'),
};
const eslint = new ESLint(options);

async function fenceErrors(file: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('server area fences', () => {
  it('refuses an import of another area internal file, in every form', async () => {
    for (const code of [
      `import { lockVisit } from '../visits/visits-repo.js';`,
      `import type { VisitRow } from '../visits/visits-repo.js';`,
      `export { lockVisit } from '../visits/visits-repo.js';`,
      `export const repo = await import('../visits/visits-repo.js');`,
    ]) {
      const errors = await fenceErrors('apps/server/src/queue/probe.ts', code);
      expect(errors, code).toEqual([expect.stringMatching(/^fences\/server-areas: apps\/server\/src\/visits\/visits-repo\.js is internal to the server area "visits"/)]);
    }
  });

  it('allows the other area index.ts, shared infrastructure and the area own files', async () => {
    expect(await fenceErrors('apps/server/src/queue/probe.ts', [
      `import { lockVisit } from '../visits/index.js';`,
      `import { runWrite } from '../gateway/write-scope.js';`,
      `import { PG } from '../db/pg-errors.js';`,
      `import { decodeCursor } from '../shared/cursor.js';`,
      `import type { Clock } from '../clock.js';`,
      `import { readBoard } from './queue-board.js';`,
    ].join('\n'))).toEqual([]);
  });

  it('lets an area test import its own internals but not another area internals', async () => {
    expect(await fenceErrors('apps/server/src/visits/probe.int.test.ts', `import { lockVisit } from './visits-repo.js';`)).toEqual([]);
    expect(await fenceErrors('apps/server/src/patients/probe.int.test.ts', `import { takeNumbers } from '../mrn/mrn-service.js';`))
      .toEqual([expect.stringContaining('fences/server-areas')]);
  });

  it('fences the front-ends (cli, demo, the composition root) but not benchmarks and test fixtures', async () => {
    expect(await fenceErrors('apps/server/src/cli/commands/probe.ts', `import { createUser } from '../../users/users-service.js';`))
      .toEqual([expect.stringContaining('fences/server-areas')]);
    expect(await fenceErrors('apps/server/src/probe.ts', `import { checkIn } from './visits/visits-service.js';`))
      .toEqual([expect.stringContaining('fences/server-areas')]);
    expect(await fenceErrors('apps/server/src/bench/probe.ts', `import { searchPatients } from '../patients/search.js';`)).toEqual([]);
    expect(await fenceErrors('apps/server/src/test-support/probe.ts', `import { insertPatient } from '../patients/patients-repo.js';`)).toEqual([]);
  });

  it('treats a new folder as an area without being told', async () => {
    expect(await fenceErrors('apps/server/src/pharmacy/probe.ts', `import { x } from '../clinical/orders-service.js';`))
      .toEqual([expect.stringContaining('internal to the server area "clinical"')]);
  });
});

describe('desk fences', () => {
  it('refuses one desk importing another, in any of its folders, even its entry point', async () => {
    const cases: Array<[string, string]> = [
      ['apps/desktop/src/renderer/screens/doctor/Probe.tsx', `import { PatientForm } from '../reception/PatientForm.js';`],
      ['apps/desktop/src/renderer/screens/doctor/Probe.tsx', `import { receptionDesk } from '../reception/index.js';`],
      ['apps/desktop/src/host/doctor/probe.ts', `import { listItemOf } from '../../shared/reception/patients.js';`],
      ['apps/desktop/src/renderer/state/nurse/probe.ts', `import { ReceptionScreen } from '../../screens/reception/ReceptionScreen.js';`],
    ];
    for (const [file, code] of cases) {
      expect(await fenceErrors(file, code), `${file}: ${code}`).toEqual([expect.stringMatching(/^fences\/desk-to-desk: The (doctor|nurse) desk imports .*, of the reception desk/)]);
    }
  });

  it('allows a desk its own folders, the shared workstation code and @hms/core', async () => {
    expect(await fenceErrors('apps/desktop/src/renderer/screens/reception/Probe.tsx', [
      `import { HmsError } from '@hms/core';`,
      `import { PatientForm } from './PatientForm.js';`,
      `import { draftFromParams } from '../../../shared/reception/patient-draft.js';`,
      `import { useWorkstation } from '../../state/hooks.js';`,
      `import type { HostApi } from '../../../shared/protocol/host-api.js';`,
    ].join('\n'))).toEqual([]);
  });

  it('refuses other packages of ours in a desk, except in its tests', async () => {
    expect(await fenceErrors('apps/desktop/src/host/lab/probe.ts', `import { parseHl7 } from '@hms/hl7';`))
      .toEqual([expect.stringContaining('fences/desk-to-desk: A desk\'s code imports @hms/core and the shared workstation code only')]);
    expect(await fenceErrors('apps/desktop/src/host/reception/probe.int.test.ts', `import { startTestServer } from '@hms/server/test-support';`)).toEqual([]);
  });

  it('shared-to-desk: shared code reaches a desk only through its entry point', async () => {
    expect(await fenceErrors('apps/desktop/src/host/probe.ts', `import { Reception } from './reception/reception.js';`))
      .toEqual([expect.stringContaining('fences/shared-to-desk: Shared workstation code imports apps/desktop/src/host/reception/reception.js')]);
    expect(await fenceErrors('apps/desktop/src/host/probe.ts', `import { receptionDesk } from './reception/index.js';`)).toEqual([]);
  });

  it('shared-to-desk holds in the renderer too: the outbox, the shell and the model reach a desk only through app/desks.ts', async () => {
    expect(await fenceErrors('apps/desktop/src/renderer/screens/outbox/Probe.tsx', `import { PatientForm } from '../reception/PatientForm.js';`))
      .toEqual([expect.stringContaining('fences/shared-to-desk: Shared workstation code imports apps/desktop/src/renderer/screens/reception/PatientForm.js')]);
    expect(await fenceErrors('apps/desktop/src/renderer/state/probe.ts', `import { ReceptionModel } from '../screens/reception/reception-model.js';`))
      .toEqual([expect.stringContaining('fences/shared-to-desk: Shared workstation code imports apps/desktop/src/renderer/screens/reception/reception-model.js')]);
    expect(await fenceErrors('apps/desktop/src/renderer/app/Probe.tsx', `import { receptionDesk } from '../screens/reception/index.js';`)).toEqual([]);
  });
});

// The fence lets an area import another's index.ts; this keeps those imports from going round
// in a circle (production files only: a test may import whatever area it exercises).
describe('server areas', () => {
  it('depend on each other without a cycle', () => {
    const src = path.join(root, 'apps/server/src');
    const edges = new Map<string, Set<string>>();
    for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || /\.test\.ts$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const from = serverAreaOf(path.relative(root, file))?.name;
      if (from === undefined) continue;
      for (const imported of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
        if (!imported.fileName.startsWith('.')) continue;
        const to = serverAreaOf(path.relative(root, path.resolve(path.dirname(file), imported.fileName)))?.name;
        if (to !== undefined && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(edges.get('queue')).toContain('visits');
    expect(edges.get('users')).toContain('auth');

    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (area: string, trail: string[]): void => {
      state.set(area, 'open');
      for (const next of edges.get(area) ?? []) {
        if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' -> '));
        else if (!state.has(next)) visit(next, [...trail, next]);
      }
      state.set(area, 'done');
    };
    for (const area of edges.keys()) if (!state.has(area)) visit(area, [area]);
    expect(cycles).toEqual([]);
  });
});
