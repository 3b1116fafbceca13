import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { useTestStack } from '../test-support/index.js';
import { loadShippedIcd10 } from './shipped-icd10.js';

const stack = useTestStack();

async function hms(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { database } = stack;
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { DATABASE_URL: database.url, HMS_LOG_LEVEL: 'silent', HMS_AUDIT_KEY_FILE: database.auditKeyFile, HMS_AUDIT_CHECKPOINT_FILE: database.auditCheckpointFile },
    readPassword: async () => 'unused',
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'hms-icd10-')), name);
  await writeFile(path, content);
  return path;
}

/** A hospital's own list, tab-separated, one heading among them. */
const HOSPITAL_LIST = [
  '# Our district list',
  'B54\tUnspecified malaria',
  'J18\tPneumonia, unspecified organism\t0',
  'J18.9\tPneumonia, unspecified organism\t1',
  'A09\tInfectious gastroenteritis and colitis, unspecified',
  '',
].join('\n');

describe('hms reference import icd10', () => {
  it('refuses a list with a bad line, saying where, and loads nothing', async () => {
    const bad = await file('bad.txt', 'B54\tUnspecified malaria\nnot a code line\nB54\tAgain\n');
    const result = await hms(['reference', 'import', 'icd10', bad]);
    expect(result.code).toBe(3);
    expect(result.out).toContain('line 2:');
    expect(result.out).toContain('line 3: B54 is already on line 1');
    expect(await stack.db('icd10_releases').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect((await hms(['reference', 'import', 'icd10'])).code).toBe(2);
  });

  it('loads a hospital\'s own list (gzip too) as the active release, audited; running servers search it', async () => {
    const doctor = await stack.signedIn(['doctor']);
    // Nothing loaded yet (a test database; a server loads the shipped list at its first start).
    expect(await doctor.callError('diagnoses.search', { query: 'J18.9' })).toMatchObject({ code: 'UNAVAILABLE' });

    const path = await file('district.txt.gz', gzipSync(HOSPITAL_LIST));
    const loaded = await hms(['reference', 'import', 'icd10', path, '--label', 'District list 2026']);
    expect(loaded).toMatchObject({ code: 0, out: expect.stringContaining('Loaded "District list 2026" (4 codes, 3 billable)') });
    const releases = await stack.db('icd10_releases').orderBy('loaded_at').select('label', 'active');
    expect(releases).toEqual([{ label: 'District list 2026', active: true }]);
    // The hospital's list stays the active one: the shipped list is loaded only where none is.
    expect(await loadShippedIcd10(stack.db, stack.database.auditKey, () => new Date())).toBe('present');
    const audit = await stack.db('audit_log').where({ action: 'reference.importIcd10' }).first();
    expect(audit).toMatchObject({ entity_type: 'icd10_release', address: 'cli' });

    // The server checks the active release every two seconds: wait for it to switch.
    let answer = await doctor.call('diagnoses.search', { query: 'pneumonia' });
    for (let tries = 0; answer.release.label !== 'District list 2026' && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await doctor.call('diagnoses.search', { query: 'pneumonia' });
    }
    expect(answer).toMatchObject({ release: { label: 'District list 2026' }, items: [{ code: 'J18.9', billable: true, description: 'Pneumonia, unspecified organism' }] });
    expect((await doctor.call('diagnoses.search', { query: 'cholera' })).items).toEqual([]);

    expect(await hms(['reference', 'import', 'icd10', path])).toMatchObject({ code: 3, err: expect.stringContaining('loaded already, as "District list 2026"') });
    // A newer list replaces it as the active one; the earlier stays for the diagnoses coded from it.
    const newer = await file('district-2027.txt', HOSPITAL_LIST.replace('B54\tUnspecified malaria', 'B54\tMalaria, unspecified'));
    expect((await hms(['reference', 'import', 'icd10', newer, '--label', 'District list 2027'])).code).toBe(0);
    expect(await stack.db('icd10_releases').orderBy('loaded_at').select('label', 'active')).toEqual([
      { label: 'District list 2026', active: false }, { label: 'District list 2027', active: true },
    ]);
  });
});
