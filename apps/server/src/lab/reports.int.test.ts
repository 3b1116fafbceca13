import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let tech: TestClient;
let supervisor: TestClient;
let nurse: TestClient;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'report.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    tech = await s.signedIn(await createTestUser(s.db, 'report.tech', ['lab_technician']), 'LAB-DESK-1');
    supervisor = await s.signedIn(await createTestUser(s.db, 'report.super', ['lab_supervisor']));
    nurse = await s.signedIn(['nurse']);
    await s.db('hospital_settings').where({ id: 1 }).update({ name: 'Riverside District Hospital', address: 'P.O. Box 12, Riverside', time_zone: 'Africa/Nairobi' });
  },
});

/** A doctor's order (or, for `patientId`, a walk-in) collected in one container per test and received. */
async function received(codes: string[], patientId?: string) {
  const containers = codes.map((code) => ({ container: code === 'RBG' ? 'fluoride' as const : 'edta' as const, tests: [code] }));
  let patient = patientId;
  let collected;
  if (patientId === undefined) {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    patient = encounter.patientId;
    const { orderId } = await doctor.call('orders.create', { encounterId: encounter.id, items: codes.map((code) => ({ kind: 'lab' as const, code })) });
    collected = await tech.call('lab.collect', { orderId, containers });
  } else {
    const walkIn = await tech.call('lab.registerWalkIn', { patientId, referringClinician: 'Dr A. Mwangi, Hill Clinic', tests: codes });
    collected = await tech.call('lab.collect', { requestId: walkIn.entry.requestId!, containers });
  }
  const { entry, specimens } = collected;
  await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
  const testId = (code: string) => entry.tests.find((t) => t.code === code)!.id!;
  const barcode = (code: string) => specimens.find((s) => s.tests.includes(code))!.barcode;
  return { patientId: patient!, requestId: entry.requestId!, accession: entry.accession!, testId, barcode };
}

async function releasedValue(request: Awaited<ReturnType<typeof received>>, code: string, analyte: string, value: string) {
  const { results } = await tech.call('lab.enterResults', { testId: request.testId(code), specimenBarcode: request.barcode(code), results: [{ analyte, value }] });
  await tech.call('lab.validate', { resultIds: results.map((r) => r.id) });
  await supervisor.call('lab.release', { resultIds: results.map((r) => r.id) });
  return results[0]!.id;
}

describe('lab reports', () => {
  it('the patient report: hospital header, patient with age, clinician, specimens, released results only with the range in force; amendments say so', async () => {
    const request = await received(['RBG', 'HB']);
    await stack.db('patients').where({ id: request.patientId }).update({ birth_date: '2026-02-20', sex: 'M', given_name: 'Baraka', middle_name: null, family_name: 'Otieno' });
    expect((await doctor.callError('lab.report', { requestId: request.requestId })).details).toMatchObject({ reason: 'not_released' });

    // Haemoglobin entered and validated but not released: it must not be printed.
    const hb = await tech.call('lab.enterResults', { testId: request.testId('HB'), specimenBarcode: request.barcode('HB'), results: [{ analyte: 'HGB', value: '99' }] });
    await tech.call('lab.validate', { resultIds: [hb.results[0]!.id] });
    clock.advance(10 * 60_000);
    const glucoseId = await releasedValue(request, 'RBG', 'GLU', '9.4');

    const { report } = await doctor.call('lab.report', { requestId: request.requestId });
    expect(report.hospital).toEqual({ name: 'Riverside District Hospital', address: 'P.O. Box 12, Riverside' });
    expect(report.patient).toMatchObject({ id: request.patientId, name: 'Baraka Otieno', sex: 'M', birthDate: '2026-02-20', birthDateEstimated: false, age: '10 d' });
    expect(report).toMatchObject({ accession: request.accession, requestedBy: 'Test report.doctor', priority: 'routine', amended: false, releasedAt: clock.now().toISOString() });
    expect(report.specimens.map((s) => [s.barcode, s.tests, s.collectedByName, s.receivedAt !== null])).toEqual([
      [request.barcode('RBG'), ['RBG'], 'Test report.tech', true], [request.barcode('HB'), ['HB'], 'Test report.tech', true],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(report.tests.map((t) => t.code)).toEqual(['RBG']);
    expect(report.tests[0]!.results).toEqual([{
      resultId: glucoseId, analyte: 'GLU', value: '9.4', unit: 'mmol/L', flag: 'H', comment: null, specimenBarcode: request.barcode('RBG'), version: 1,
      // A 10-day-old: the catalogue's neonatal glucose band (hypoglycaemia threshold 2.6 mmol/L).
      range: { low: 2.6, high: 7.8, criticalLow: 2.5, criticalHigh: 25, text: '2.6–7.8', source: expect.stringContaining('BAPM') as string },
      validatedByName: 'Test report.tech', validatedAt: expect.any(String), releasedByName: 'Test report.super', releasedAt: clock.now().toISOString(), amendment: null,
    }]);
    expect(report.pendingTests).toEqual([{ code: 'HB', name: expect.any(String) }]);
    expect(JSON.stringify(report)).not.toContain('"99"');

    const firstRelease = clock.now().toISOString();
    clock.advance(10 * 60_000);
    const amended = await supervisor.call('lab.amend', { resultId: glucoseId, value: '4.9', reason: 'Specimen of another patient' });
    const after = (await tech.call('lab.report', { requestId: request.requestId })).report;
    expect(after.amended).toBe(true);
    expect(after.tests[0]!.results).toEqual([expect.objectContaining({
      resultId: amended.result.id, value: '4.9', flag: null, version: 2, releasedAt: clock.now().toISOString(),
      amendment: { reason: 'Specimen of another patient', amendedByName: 'Test report.super', amendedAt: clock.now().toISOString(), previousValue: '9.4', previousUnit: 'mmol/L', firstReleasedAt: firstRelease },
    })]);

    const audits = await stack.db('audit_log').where({ action: 'lab.report' }).orderBy('seq').select('entity_type', 'entity_id', 'details');
    expect(audits.map((a: { entity_type: string; entity_id: string }) => [a.entity_type, a.entity_id])).toEqual([['patient', request.patientId], ['patient', request.patientId]]);
    expect((audits[1] as { details: { resultIds: string[] } }).details.resultIds).toEqual([amended.result.id]);
    expect((await nurse.callError('lab.report', { requestId: request.requestId })).code).toBe('FORBIDDEN');
    expect((await doctor.callError('lab.report', { requestId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('the cumulative report: a patient\'s released values over time per analyte, oldest first, narrowed by code, unreleased and superseded versions left out', async () => {
    const first = await received(['RBG', 'HB']);
    const patientId = first.patientId;
    await stack.db('patients').where({ id: patientId }).update({ birth_date: '1990-03-02' });
    await releasedValue(first, 'RBG', 'GLU', '6.1');
    const hbId = await releasedValue(first, 'HB', 'HGB', '120');
    clock.advance(10 * 60_000);
    const second = await received(['RBG'], patientId);
    const wrong = await releasedValue(second, 'RBG', 'GLU', '30.5');
    const corrected = (await supervisor.call('lab.amend', { resultId: wrong, value: '3.5', reason: 'Dilution not applied' })).result.id;
    clock.advance(10 * 60_000);
    const third = await received(['RBG'], patientId);
    await tech.call('lab.enterResults', { testId: third.testId('RBG'), specimenBarcode: third.barcode('RBG'), results: [{ analyte: 'GLU', value: '7.7' }] });

    const all = await doctor.call('lab.cumulative', { patientId });
    expect(all.patient).toMatchObject({ id: patientId, age: '36 y' });
    expect(all.series.map((s) => [s.code, s.analyte, s.points.map((p) => [p.value, p.valueNumeric, p.flag, p.amended])])).toEqual([
      ['HB', 'HGB', [['120', 120, null, false]]],
      ['RBG', 'GLU', [['6.1', 6.1, null, false], ['3.5', 3.5, 'L', true]]],
    ]);
    const glucose = all.series[1]!;
    expect(glucose.points.map((p) => [p.requestId, p.accession])).toEqual([[first.requestId, first.accession], [second.requestId, second.accession]]);
    expect(glucose.points[1]!.resultId).toBe(corrected);
    expect(glucose.points[0]!.collectedAt < glucose.points[1]!.collectedAt).toBe(true);
    expect(glucose.points[0]!.range).toMatchObject({ low: 3.9, high: 7.8 });

    const narrowed = await tech.call('lab.cumulative', { patientId, codes: ['HB'] });
    expect(narrowed.series.map((s) => s.points.map((p) => p.resultId))).toEqual([[hbId]]);
    const latest = await tech.call('lab.cumulative', { patientId, codes: ['RBG'], limit: 1 });
    expect(latest.series[0]!.points.map((p) => p.value)).toEqual(['3.5']);

    const audits = await stack.db('audit_log').where({ action: 'lab.cumulative', entity_id: patientId }).orderBy('seq').pluck('details');
    expect(audits.map((d: { points: number }) => d.points)).toEqual([3, 1, 1]);
    expect((await nurse.callError('lab.cumulative', { patientId })).code).toBe('FORBIDDEN');
  });
});
