import { describe, expect, it } from 'vitest';
import { ManualClock, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
let tech: TestClient;
let supervisor: TestClient;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    tech = await s.signedIn(['lab_technician'], 'LAB-DESK-3');
    supervisor = await s.signedIn(['lab_supervisor']);
  },
});

const VERIFIED = 'Riverside lab verification of the Cobas c111 method, 2026 (n = 120)';

async function ueSpecimen() {
  const { id: patientId } = await insertTestPatient(stack.db, { sex: 'M', birthDate: '1980-01-01' });
  const { entry } = await tech.call('lab.registerWalkIn', { patientId, referringClinician: 'Dr C. Njeri', tests: ['UE'] });
  const { specimens } = await tech.call('lab.collect', { requestId: entry.requestId!, containers: [{ container: 'serum', tests: ['UE'] }] });
  await tech.call('lab.receive', { barcodes: [specimens[0]!.barcode] });
  return { testId: entry.tests[0]!.id!, barcode: specimens[0]!.barcode, requestId: entry.requestId! };
}

describe('the lab\'s editable ranges and critical limits', () => {
  it('are seeded from the catalogue, read by the desk, and changed only by the supervisor', async () => {
    const { current, history } = await tech.call('lab.testLimits', { testCode: 'K' });
    expect(current).toMatchObject({ testCode: 'K', version: 1, changedByName: null, supersededAt: null, reason: 'Starter catalogue, revision 1' });
    expect(current.critical).toEqual([{ sex: 'any', low: 2.5, high: 6.5, source: expect.stringContaining('AACB') as string }]);
    expect(history).toEqual([]);
    const seeded = await stack.db('lab_test_limits').whereNull('superseded_at').count('* as n');
    expect(Number((seeded[0] as { n: string }).n)).toBeGreaterThan(60);
    expect((await tech.callError('lab.changeLimits', { testCode: 'K', expectedVersion: 1, ranges: current.ranges, critical: current.critical, reason: 'not mine' })).code).toBe('FORBIDDEN');
    expect((await tech.callError('lab.testLimits', { testCode: 'MAL_RDT' })).code).toBe('NOT_FOUND');
  });

  it('a changed range is a new version, the old kept and audited, and applies to results entered after it only', async () => {
    const before = await ueSpecimen();
    const early = await tech.call('lab.enterResults', { testId: before.testId, specimenBarcode: before.barcode, results: [{ analyte: 'K', value: '5.1' }] });
    expect(early.results[0]).toMatchObject({ flag: null, range: { low: 3.5, high: 5.2 } });

    const { current } = await supervisor.call('lab.testLimits', { testCode: 'K' });
    clock.advance(60_000);
    const { limits } = await supervisor.call('lab.changeLimits', {
      testCode: 'K', expectedVersion: current.version, reason: 'Verified on our analyser',
      ranges: [{ sex: 'any', ageTo: { value: 18, unit: 'a' }, low: 3.4, high: 4.7, source: VERIFIED }, { sex: 'any', ageFrom: { value: 18, unit: 'a' }, low: 3.5, high: 5.0, source: VERIFIED }],
      critical: current.critical,
    });
    expect(limits).toMatchObject({ version: current.version + 1, changedByName: expect.any(String) as string, validFrom: clock.now().toISOString(), supersededAt: null });
    const read = await tech.call('lab.testLimits', { testCode: 'K' });
    expect(read.current.version).toBe(current.version + 1);
    expect(read.history[0]).toMatchObject({ version: current.version, ranges: current.ranges, supersededAt: clock.now().toISOString() });
    const audit = await stack.db('audit_log').where({ action: 'lab.changeLimits', entity_id: (await stack.db('lab_test_limits').where({ test_code: 'K', version: limits.version }).first('id') as { id: string }).id }).first('before', 'after');
    expect(audit).toMatchObject({ before: { version: current.version, ranges: current.ranges }, after: { version: limits.version, reason: 'Verified on our analyser' } });

    // The result entered before keeps its range and flag; a new one is read against the new range.
    const after = await ueSpecimen();
    const late = await tech.call('lab.enterResults', { testId: after.testId, specimenBarcode: after.barcode, results: [{ analyte: 'K', value: '5.1' }] });
    expect(late.results[0]).toMatchObject({ flag: 'H', range: { low: 3.5, high: 5, text: '3.5–5', source: expect.stringContaining(VERIFIED) as string } });
    const old = await tech.call('lab.request', { requestId: before.requestId });
    expect(old.results[0]).toMatchObject({ flag: null, range: { high: 5.2 } });
    // The desk's grid shows the range now in force.
    expect((await tech.call('lab.request', { requestId: after.requestId })).entry.tests[0]!.analytes!.find((a) => a.code === 'K')!.range).toMatchObject({ high: 5 });
  });

  it('refuses overlapping bands, a critical limit inside the range, a coded test and a stale version, writing nothing', async () => {
    const { current } = await supervisor.call('lab.testLimits', { testCode: 'NA' });
    const base = { testCode: 'NA', expectedVersion: current.version, reason: 'tightening' };
    const overlap = await supervisor.callError('lab.changeLimits', {
      ...base, critical: current.critical,
      ranges: [{ sex: 'any', ageTo: { value: 20, unit: 'a' }, low: 134, high: 146, source: VERIFIED }, { sex: 'any', ageFrom: { value: 18, unit: 'a' }, low: 135, high: 145, source: VERIFIED }],
    });
    expect(overlap).toMatchObject({ code: 'VALIDATION', details: { fields: { 'ranges.1': 'overlaps the ages of band 1 (any)' } } });
    const inside = await supervisor.callError('lab.changeLimits', { ...base, ranges: [{ sex: 'any', low: 135, high: 145, source: VERIFIED }], critical: [{ sex: 'any', low: 136, high: 160, source: VERIFIED }] });
    expect(inside.details).toEqual({ fields: { critical: 'the critical low 136 is not below the range\'s low 135 (F, day 0)' } });
    const coded = await supervisor.callError('lab.changeLimits', { testCode: 'MAL_RDT', expectedVersion: 1, ranges: [{ sex: 'any', high: 1, source: VERIFIED }], critical: [], reason: 'x' });
    expect(coded.details).toEqual({ fields: { testCode: 'MAL_RDT is a coded test: it has no numeric ranges' } });
    const stale = await supervisor.callError('lab.changeLimits', { ...base, expectedVersion: current.version + 5, ranges: current.ranges, critical: current.critical });
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { reason: 'stale_version', version: current.version } });
    expect((await supervisor.call('lab.testLimits', { testCode: 'NA' })).current.version).toBe(current.version);
  });

  it('never overwrites or deletes a version in the database', async () => {
    await expect(stack.db('lab_test_limits').where({ test_code: 'CL' }).update({ ranges: JSON.stringify([]) })).rejects.toThrow(/never overwritten/);
    await expect(stack.db('lab_test_limits').where({ test_code: 'CL' }).delete()).rejects.toThrow(/never deleted/);
  });
});
