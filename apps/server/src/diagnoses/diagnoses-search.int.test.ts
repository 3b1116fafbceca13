import { describe, expect, it } from 'vitest';
import { useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { SHIPPED_ICD10_FILE, readIcd10List } from './icd10-release.js';
import { SHIPPED_ICD10_LABEL, loadShippedIcd10 } from './shipped-icd10.js';

let doctor: TestClient;
const stack = useTestStack({
  setup: async () => {
    // Test databases start without the list; the server loads it at its first start, as here.
    expect(await loadShippedIcd10(stack.db, stack.database.auditKey, () => new Date())).toBe('loaded');
    doctor = await stack.signedIn(['doctor']);
  },
});

const codes = async (query: string, extra: { billableOnly?: boolean; limit?: number } = {}) =>
  (await doctor.call('diagnoses.search', { query, ...extra })).items.map((item) => item.code);

describe('the shipped ICD-10-CM FY2026 list', () => {
  it('is the CMS order file, whole: 98,186 codes, 74,719 billable, as its SOURCES.md says', async () => {
    const read = await readIcd10List(SHIPPED_ICD10_FILE);
    if (!read.ok) throw new Error(`does not parse: ${JSON.stringify(read.problems)}`);
    expect(read.list.sha256).toBe('6dc95c9c7e96c734806e1682f4bf9df76251d60e99199bba0d375ba3dd11026b');
    expect(read.list.entries).toHaveLength(98_186);
    expect(read.list.entries.filter((entry) => entry.billable)).toHaveLength(74_719);
  });

  it('is loaded once as the active release, audited', async () => {
    const release = await stack.db('icd10_releases').where({ active: true }).first();
    expect(release).toMatchObject({ label: SHIPPED_ICD10_LABEL, code_count: 98_186, billable_count: 74_719, loaded_by: 'server' });
    expect(await loadShippedIcd10(stack.db, stack.database.auditKey, () => new Date())).toBe('present');
    expect(await stack.db('icd10_releases').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await stack.db('audit_log').where({ action: 'reference.importIcd10', entity_id: release.id }).first()).toMatchObject({ actor_id: null, details: { shipped: true } });
    const row = await stack.db('icd10_codes').where({ release_id: release.id, code: 'J189' }).first();
    expect(row).toMatchObject({ billable: true, long_description: 'Pneumonia, unspecified organism' });
  });
});

describe('diagnoses.search', () => {
  it('finds a code with or without its dot, in any case', async () => {
    for (const query of ['J18.9', 'j189', 'J189']) {
      const { items, release } = await doctor.call('diagnoses.search', { query });
      expect(items[0], query).toEqual({ code: 'J18.9', billable: true, description: 'Pneumonia, unspecified organism' });
      expect(release.label).toBe('ICD-10-CM FY2026 (CMS/NCHS)');
    }
    expect(await codes('I10')).toContain('I10');
  });

  it('lists the codes under the start of a code in code order, billable only unless asked', async () => {
    expect(await codes('J18')).toEqual(['J18.0', 'J18.1', 'J18.2', 'J18.8', 'J18.9']);
    expect(await codes('J18', { billableOnly: false })).toEqual(['J18', 'J18.0', 'J18.1', 'J18.2', 'J18.8', 'J18.9']);
    const headings = (await doctor.call('diagnoses.search', { query: 'J18', billableOnly: false })).items.filter((item) => !item.billable);
    expect(headings).toEqual([{ code: 'J18', billable: false, description: 'Pneumonia, unspecified organism' }]);
  });

  it('finds by words, the general code first, and words a query word starts', async () => {
    expect((await codes('pneumonia'))[0]).toBe('J18.9');
    expect((await codes('fever'))[0]).toBe('R50.9');
    const diabetes = await codes('type 2 diab');
    expect(diabetes).toContain('E11.9');
    expect(diabetes.every((code) => code.startsWith('E11') || code.startsWith('E10') || code.startsWith('O24') || code.startsWith('E13') || code.startsWith('E08') || code.startsWith('E09') || code.startsWith('Z'))).toBe(true);
    expect(await codes('malaria', { limit: 50 })).toContain('B54');
  });

  it('forgives typos: a swapped pair, a dropped or wrong letter', async () => {
    expect((await codes('pnuemonia'))[0]).toBe('J18.9');
    expect(await codes('malria', { limit: 50 })).toContain('B54');
    expect(await codes('hypertenshun essential')).toContain('I10');
  });

  it('answers an empty list for words no code has, and VALIDATION for an empty query', async () => {
    expect(await codes('zzqxv')).toEqual([]);
    expect((await doctor.callError('diagnoses.search', { query: '  ' })).code).toBe('VALIDATION');
  });

  it('is refused to roles that do not code', async () => {
    const cashier = await stack.signedIn(['cashier']);
    expect((await cashier.callError('diagnoses.search', { query: 'pneumonia' })).code).toBe('FORBIDDEN');
  });
});
