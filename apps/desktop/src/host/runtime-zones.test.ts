import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The project's own lint config on snippets placed (by filePath) in each runtime's folder: the
// Host kernel runs in the browser too, so it may not import Node or its platform; only the
// renderer's bridges may import the kernel, and never the Node platform.
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: path.join(root, 'build/eslint.config.js'),
  // Import zones need no type information, and loading the projects' types takes many seconds.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function refused(file: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, 'apps/desktop/src', file) });
  return (result?.messages ?? []).some((message) => message.ruleId === 'no-restricted-imports');
}

describe('runtime zones of the workstation host', () => {
  it('keeps the Host kernel and desk host parts free of Node, its I/O libraries and the Node platform', async () => {
    for (const code of [
      `import { readFileSync } from 'node:fs';`,
      `import Database from 'better-sqlite3';`,
      `import WebSocket from 'ws';`,
      `import { CacheDb } from '../node/cache-db.js';`,
    ]) {
      expect(await refused('host/reception/probe.ts', code), code).toBe(true);
      expect(await refused('host/probe.ts', code), code).toBe(true);
    }
    expect(await refused('host/reception/probe.ts', `import { HmsError } from '@hms/core';\nimport type { DeskContext } from '../desk-module.js';`)).toBe(false);
  });

  it('lets the Node platform use Node, but not Electron or the renderer', async () => {
    expect(await refused('host/node/probe.ts', `import { readFileSync } from 'node:fs';\nimport Database from 'better-sqlite3';\nimport { Host } from '../host.js';`)).toBe(false);
    expect(await refused('host/node/probe.ts', `import { app } from 'electron';`)).toBe(true);
  });

  it('lets only the renderer\'s bridges run the kernel in the page, never its Node platform', async () => {
    expect(await refused('renderer/bridges/probe.ts', `import { Host } from '../../host/host.js';\nimport { HOST_DESKS } from '../../host/desks.js';`)).toBe(false);
    expect(await refused('renderer/bridges/probe.ts', `import { createNodeHost } from '../../host/node/create-host.js';`)).toBe(true);
    expect(await refused('renderer/screens/reception/probe.tsx', `import { Host } from '../../../host/host.js';`)).toBe(true);
  });
});
