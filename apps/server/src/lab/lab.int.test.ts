import { LAB_TOPIC, clinicianTopic, parseAccession } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { escalateCriticalAlerts } from './critical-service.js';

const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let tech: TestClient;
let supervisor: TestClient;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'lab.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    tech = await s.signedIn(['lab_technician'], 'LAB-DESK-1');
    supervisor = await s.signedIn(['lab_supervisor']);
  },
});

async function order(codes: string[]) {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const created = await doctor.call('orders.create', { encounterId: encounter.id, items: codes.map((code) => ({ kind: 'lab' as const, code })) });
  return { ...created, patientId: encounter.patientId };
}

async function collectedAndReceived(codes: string[], container: 'fluoride' | 'edta' | 'serum' = 'fluoride') {
  const ordered = await order(codes);
  const { entry, specimens } = await tech.call('lab.collect', { orderId: ordered.orderId, containers: [{ container, tests: codes }] });
  await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
  return { ...ordered, entry, specimen: specimens[0]!, testId: (code: string) => entry.tests.find((t) => t.code === code)!.id! };
}

describe('the lab workflow', () => {
  it('a doctor\'s FBC and glucose reach the worklist live, are collected one container each with an accession, received, resulted critical, acknowledged, validated and released to the chart', async () => {
    await doctor.call('lab.watchAlerts', {});
    const { entries: before } = await tech.call('lab.worklist', {});
    const ordered = await order(['FBC', 'RBG']);
    await tech.waitForEvent((e) => e.event === 'orders.changed' && e.data.orderIds.includes(ordered.orderId));
    const waiting = (await tech.call('lab.worklist', {})).entries.find((e) => e.orderId === ordered.orderId)!;
    expect(before.some((e) => e.orderId === ordered.orderId)).toBe(false);
    expect(waiting.tests.map((t) => [t.code, t.status])).toEqual([['FBC', 'awaiting_collection'], ['RBG', 'awaiting_collection']]);
    expect(waiting.requestedBy).toBe('Test lab.doctor');

    const { entry, specimens } = await tech.call('lab.collect', {
      orderId: ordered.orderId, containers: [{ container: 'edta', tests: ['FBC'] }, { container: 'fluoride', tests: ['RBG'] }],
    });
    expect(parseAccession(entry.accession!)).toEqual({ year: 2026, number: expect.any(Number) });
    expect(specimens.map((s) => [s.barcode, s.container, s.tests, s.status])).toEqual([
      [`${entry.accession}-1`, 'edta', ['FBC'], 'collected'], [`${entry.accession}-2`, 'fluoride', ['RBG'], 'collected'],
    ]);
    expect((await tech.callError('lab.collect', { orderId: ordered.orderId, containers: [{ container: 'edta', tests: ['FBC'] }] })).details).toMatchObject({ reason: 'already_collected' });
    // Taken into the request: listed once, as the request, no longer as an order waiting for collection.
    expect((await tech.call('lab.worklist', {})).entries.filter((e) => e.orderId === ordered.orderId).map((e) => e.requestId)).toEqual([entry.requestId]);
    expect(await stack.db('order_items').where({ order_id: ordered.orderId }).whereNull('lab_taken_at').count('* as n')).toEqual([{ n: 0 }]);

    const glucose = entry.tests.find((t) => t.code === 'RBG')!;
    expect((await tech.callError('lab.enterResults', { testId: glucose.id!, specimenBarcode: specimens[1]!.barcode, results: [{ analyte: 'GLU', value: '1.9' }] })).details).toMatchObject({ reason: 'not_received' });
    const received = await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
    expect(received.specimens.every((s) => s.status === 'received' && s.receivedAt !== null)).toBe(true);
    expect((await tech.callError('lab.receive', { barcodes: [specimens[0]!.barcode] })).details).toMatchObject({ reason: 'already_received' });

    const sent = Date.now();
    const { results, alerts } = await tech.call('lab.enterResults', { testId: glucose.id!, specimenBarcode: specimens[1]!.barcode, results: [{ analyte: 'GLU', value: '1.9' }] });
    expect(results[0]).toMatchObject({ analyte: 'GLU', value: '1.9', unit: 'mmol/L', flag: 'LL', status: 'entered', version: 1, range: { low: 3.9, high: 7.8, criticalLow: 2.5, criticalHigh: 25 } });
    const alarm = await doctor.waitForEvent((e) => e.event === 'lab.critical' && e.data.alertId === alerts[0]!.id, 1_000);
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(alarm.data).toEqual({ alertId: alerts[0]!.id, resultId: results[0]!.id, requestId: entry.requestId, patientId: ordered.patientId, escalated: false, at: expect.any(String) });
    const stored = await stack.db('events').where({ name: 'lab.critical', topic: clinicianTopic(doctorUser.id) }).first('data');
    expect(JSON.stringify(stored.data)).not.toMatch(/1\.9|GLU/);

    const open = await doctor.call('lab.criticalAlerts', {});
    expect(open.alerts.map((a) => [a.id, a.value, a.flag])).toEqual([[alerts[0]!.id, '1.9', 'LL']]);
    const ack = await doctor.call('lab.acknowledgeCritical', { alertId: alerts[0]!.id, toldName: 'Dr Lab Doctor (self, on the desk)', toldAt: clock.now().toISOString(), readBack: true });
    expect(ack.alert).toMatchObject({ acknowledgedByName: 'Test lab.doctor', readBack: true, toldName: 'Dr Lab Doctor (self, on the desk)' });
    expect((await doctor.callError('lab.acknowledgeCritical', { alertId: alerts[0]!.id, toldName: 'x', toldAt: clock.now().toISOString(), readBack: true })).details).toMatchObject({ reason: 'already_acknowledged' });

    // Not in the chart before release.
    const chartBefore = (await doctor.call('charts.get', { patientId: ordered.patientId })).chart.results.items;
    expect(chartBefore.filter((r) => r.status !== 'pending')).toEqual([]);
    expect(chartBefore.map((r) => r.code).sort()).toEqual(['FBC', 'RBG']);

    expect((await supervisor.callError('lab.release', { resultIds: [results[0]!.id] })).details).toMatchObject({ reason: 'not_validated' });
    expect((await tech.callError('lab.release', { resultIds: [results[0]!.id] })).code).toBe('FORBIDDEN');
    await tech.call('lab.validate', { resultIds: [results[0]!.id] });
    const released = await supervisor.call('lab.release', { resultIds: [results[0]!.id] });
    expect(released.results[0]).toMatchObject({ status: 'released', releasedByName: expect.any(String), validatedByName: expect.any(String) });
    const told = await doctor.waitForEvent((e) => e.event === 'lab.resultReleased' && e.data.requestId === entry.requestId);
    expect(told.data).toMatchObject({ resultIds: [results[0]!.id], amended: false });
    const chart = (await doctor.call('charts.get', { patientId: ordered.patientId })).chart.results.items;
    expect(chart.find((r) => r.code === 'RBG')).toMatchObject({ status: 'final', summary: 'GLU 1.9 mmol/L (LL)', abnormal: true });
    expect(chart.find((r) => r.code === 'FBC')).toMatchObject({ status: 'pending' });

    const audit = await stack.db('audit_log').where({ entity_id: ordered.patientId }).whereLike('action', 'lab.%').orderBy('seq').pluck('action');
    expect(audit).toEqual(['lab.collect', 'lab.receive', 'lab.enterResults', 'lab.acknowledgeCritical', 'lab.validate', 'lab.release']);
    const request = await tech.call('lab.request', { requestId: entry.requestId! });
    expect(request.entry.tests.map((t) => [t.code, t.status])).toEqual([['FBC', 'received'], ['RBG', 'released']]);
    expect(await stack.db('audit_log').where({ action: 'lab.request', entity_id: ordered.patientId }).count('* as n')).toEqual([{ n: 1 }]);
  });

  it('narrows the worklist by section and test status, and drops a request once all its tests are released', async () => {
    const mixed = await collectedAndReceived(['HB', 'CREAT'], 'serum');
    const waiting = await order(['FBC']);
    const haematology = (await tech.call('lab.worklist', { section: 'haematology' })).entries;
    expect(haematology.find((e) => e.requestId === mixed.entry.requestId)!.tests.map((t) => t.code)).toEqual(['HB']);
    expect(haematology.find((e) => e.orderId === waiting.orderId)!.tests.map((t) => t.code)).toEqual(['FBC']);
    expect(haematology.flatMap((e) => e.tests).every((t) => t.section === 'haematology')).toBe(true);
    const received = (await tech.call('lab.worklist', { statuses: ['received'] })).entries;
    expect(received.some((e) => e.requestId === mixed.entry.requestId)).toBe(true);
    expect(received.some((e) => e.orderId === waiting.orderId)).toBe(false);
    // Orders older than the window are not listed as waiting.
    expect((await tech.call('lab.worklist', { sinceDays: 1 })).entries.some((e) => e.orderId === waiting.orderId)).toBe(true);
    await stack.db('order_items').where({ order_id: waiting.orderId }).update({ ordered_at: new Date(clock.now().getTime() - 3 * 86_400_000) });
    expect((await tech.call('lab.worklist', { sinceDays: 2 })).entries.some((e) => e.orderId === waiting.orderId)).toBe(false);

    const hb = await tech.call('lab.enterResults', { testId: mixed.testId('HB'), specimenBarcode: mixed.specimen.barcode, results: [{ analyte: 'HGB', value: '140' }] });
    const creat = await tech.call('lab.enterResults', { testId: mixed.testId('CREAT'), specimenBarcode: mixed.specimen.barcode, results: [{ analyte: 'CREAT', value: '80' }] });
    const ids = [hb.results[0]!.id, creat.results[0]!.id];
    await tech.call('lab.validate', { resultIds: ids });
    await supervisor.call('lab.release', { resultIds: ids });
    expect((await tech.call('lab.worklist', {})).entries.some((e) => e.requestId === mixed.entry.requestId)).toBe(false);
    expect(await stack.db('lab_requests').where({ id: mixed.entry.requestId }).first('closed_at')).toEqual({ closed_at: clock.now() });
  });

  it('rejects a haemolysed specimen with its reason, the test waits for a recollection that names the rejected one', async () => {
    const made = await collectedAndReceived(['UE'], 'serum');
    await tech.call('lab.enterResults', { testId: made.testId('UE'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'K', value: '6.9' }] });
    const { specimen } = await tech.call('lab.reject', { barcode: made.specimen.barcode, reason: 'haemolysed', note: 'Pink serum' });
    expect(specimen).toMatchObject({ status: 'rejected', rejectionReason: 'haemolysed', rejectionNote: 'Pink serum' });
    expect((await tech.callError('lab.reject', { barcode: made.specimen.barcode, reason: 'clotted' })).details).toMatchObject({ reason: 'already_rejected' });
    const again = await tech.call('lab.request', { requestId: made.entry.requestId! });
    expect(again.entry.tests[0]!.status).toBe('awaiting_collection');
    // The value read from the bad specimen is kept, superseded, never shown as current.
    expect(await stack.db('lab_results').where({ request_test_id: made.testId('UE') }).whereNotNull('superseded_at').count('* as n')).toEqual([{ n: 1 }]);
    const { specimens } = await tech.call('lab.collect', { requestId: made.entry.requestId!, containers: [{ container: 'serum', tests: ['UE'] }] });
    expect(specimens[0]).toMatchObject({ barcode: `${made.entry.accession}-2`, recollectionOf: made.specimen.id, status: 'collected' });
    expect((await tech.callError('lab.enterResults', { testId: made.testId('UE'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'K', value: '4.1' }] })).details).toMatchObject({ reason: 'specimen_rejected' });
  });

  it('validates every input: unknown analytes, numbers, coded answers, codes not requested, nothing written', async () => {
    const made = await collectedAndReceived(['FBC'], 'edta');
    const count = async () => (await stack.db('lab_results').count('* as n'))[0];
    const before = await count();
    const bad = await tech.callError('lab.enterResults', { testId: made.testId('FBC'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'HGB', value: 'twelve' }, { analyte: 'GLU', value: '5' }] });
    expect(bad.details).toEqual({ fields: { 'results.0.value': 'is not a number (g/L)', 'results.1.analyte': 'GLU is not part of FBC' } });
    expect((await tech.callError('lab.collect', { orderId: made.orderId, containers: [{ container: 'edta', tests: ['RBG'] }] })).details).toEqual({ fields: { 'containers.0.tests.0': 'RBG is not requested here' } });
    expect((await tech.callError('lab.collect', { containers: [{ container: 'edta', tests: ['FBC'] }] })).code).toBe('VALIDATION');
    expect((await tech.callError('lab.receive', { barcodes: ['L2600012344-1'] })).code).toBe('NOT_FOUND');
    expect(await count()).toEqual(before);
    const { results } = await tech.call('lab.enterResults', { testId: made.testId('FBC'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'HGB', value: '98' }, { analyte: 'WBC', value: '7.2' }, { analyte: 'PLT', value: '12' }] });
    expect(results.map((r) => [r.analyte, r.flag])).toEqual([['HGB', 'L'], ['WBC', null], ['PLT', 'LL']]);
  });

  it('amends a released result as a new version with the reason, keeps the old one, and tells the doctor', async () => {
    const made = await collectedAndReceived(['RBG']);
    const { results } = await tech.call('lab.enterResults', { testId: made.testId('RBG'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'GLU', value: '5.5' }] });
    const reentered = await tech.call('lab.enterResults', { testId: made.testId('RBG'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'GLU', value: '5.8' }] });
    expect(reentered.results[0]).toMatchObject({ version: 2, supersedes: results[0]!.id });
    expect((await tech.callError('lab.validate', { resultIds: [results[0]!.id] })).details).toMatchObject({ reason: 'superseded' });
    await tech.call('lab.validate', { resultIds: [reentered.results[0]!.id] });
    await supervisor.call('lab.release', { resultIds: [reentered.results[0]!.id] });
    expect((await tech.callError('lab.enterResults', { testId: made.testId('RBG'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'GLU', value: '6' }] })).details).toMatchObject({ reason: 'already_released' });
    expect((await tech.callError('lab.amend', { resultId: reentered.results[0]!.id, value: '8.5', reason: 'Wrong sample tube read' })).code).toBe('FORBIDDEN');

    await doctor.call('lab.watchAlerts', {});
    const { result } = await supervisor.call('lab.amend', { resultId: reentered.results[0]!.id, value: '8.5', reason: 'Wrong sample tube read' });
    expect(result).toMatchObject({ version: 3, value: '8.5', flag: 'H', status: 'released', amendmentReason: 'Wrong sample tube read', supersedes: reentered.results[0]!.id });
    const told = await doctor.waitForEvent((e) => e.event === 'lab.resultReleased' && e.data.amended && e.data.resultIds.includes(result.id));
    expect(told.data).toMatchObject({ patientId: made.patientId });
    const versions = await stack.db('lab_results').where({ request_test_id: made.testId('RBG') }).orderBy('version').select('version', 'value_text', 'superseded_at');
    expect(versions.map((v) => [v.version, v.value_text, v.superseded_at !== null])).toEqual([[1, '5.5', true], [2, '5.8', true], [3, '8.5', false]]);
    expect((await supervisor.callError('lab.amend', { resultId: reentered.results[0]!.id, value: '9', reason: 'again' })).details).toMatchObject({ reason: 'superseded' });
    const chart = (await doctor.call('charts.get', { patientId: made.patientId })).chart.results.items;
    expect(chart.find((r) => r.code === 'RBG')).toMatchObject({ status: 'amended', summary: 'GLU 8.5 mmol/L (H)' });
    const audit = await stack.db('audit_log').where({ action: 'lab.amend', entity_id: made.patientId }).first('before', 'after');
    expect(audit).toMatchObject({ before: { value: '5.8', version: 2 }, after: { value: '8.5', version: 3, reason: 'Wrong sample tube read' } });
  });

  it('registers a walk-in from a referring clinician; its critical value goes to the lab, as nobody here ordered it', async () => {
    const patient = await insertTestPatient(stack.db);
    const { entry } = await tech.call('lab.registerWalkIn', { patientId: patient.id, referringClinician: 'Dr A. Otieno, Riverside Clinic', tests: ['RBG', 'MAL_RDT'], priority: 'urgent' });
    expect(entry).toMatchObject({ orderId: null, requestedBy: 'Dr A. Otieno, Riverside Clinic', priority: 'urgent' });
    expect((await tech.callError('lab.registerWalkIn', { patientId: patient.id, referringClinician: 'Dr X', tests: ['XR_CHEST'] })).details).toEqual({ fields: { 'tests.0': 'XR_CHEST is not a lab test in the catalogue' } });
    const { specimens } = await tech.call('lab.collect', { requestId: entry.requestId!, containers: [{ container: 'fluoride', tests: ['RBG'] }, { container: 'edta', tests: ['MAL_RDT'] }] });
    await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
    const malaria = entry.tests.find((t) => t.code === 'MAL_RDT')!;
    const coded = await tech.call('lab.enterResults', { testId: malaria.id!, specimenBarcode: specimens[1]!.barcode, results: [{ analyte: 'MAL_RDT', value: 'positive' }] });
    expect(coded.results[0]).toMatchObject({ value: 'Positive', flag: 'A' });
    const glucose = entry.tests.find((t) => t.code === 'RBG')!;
    const { alerts } = await tech.call('lab.enterResults', { testId: glucose.id!, specimenBarcode: specimens[0]!.barcode, results: [{ analyte: 'GLU', value: '27.2' }] });
    expect(alerts[0]).toMatchObject({ flag: 'HH', notifyUserId: null });
    await tech.waitForEvent((e) => e.event === 'lab.critical' && e.data.alertId === alerts[0]!.id);
    expect(await stack.db('events').where({ name: 'lab.critical', topic: LAB_TOPIC }).whereRaw(`data ->> 'alertId' = ?`, [alerts[0]!.id]).count('* as n')).toEqual([{ n: 1 }]);
    // A doctor sees only the alerts sent to them and cannot acknowledge another's.
    expect((await doctor.call('lab.criticalAlerts', {})).alerts.some((a) => a.id === alerts[0]!.id)).toBe(false);
    expect((await doctor.callError('lab.acknowledgeCritical', { alertId: alerts[0]!.id, toldName: 'x', toldAt: clock.now().toISOString(), readBack: true })).code).toBe('FORBIDDEN');
    expect((await tech.callError('lab.acknowledgeCritical', { alertId: alerts[0]!.id, toldName: 'Dr Otieno', toldAt: clock.now().toISOString(), readBack: false as never })).code).toBe('VALIDATION');
    await tech.call('lab.acknowledgeCritical', { alertId: alerts[0]!.id, toldName: 'Dr Otieno by phone', toldAt: clock.now().toISOString(), readBack: true });
  });

  it('replays offline work: accessions from this desk\'s block, the desk\'s times kept, a replay answered once, a result for a test cancelled meanwhile refused CONFLICT', async () => {
    const { block } = await tech.call('lab.reserveAccessions', { size: 3 });
    expect(block.accessions).toHaveLength(3);
    expect(block.workstationId).toBe('LAB-DESK-1');
    const noDesk = await stack.signedIn(['lab_technician']);
    expect((await noDesk.callError('lab.reserveAccessions', { size: 3 })).code).toBe('VALIDATION');

    const ordered = await order(['RBG', 'CREAT']);
    const deskTime = new Date(clock.now().getTime() - 40 * 60_000).toISOString();
    const collect = { orderId: ordered.orderId, containers: [{ container: 'fluoride' as const, tests: ['RBG'] }, { container: 'serum' as const, tests: ['CREAT'] }], accession: block.accessions[0]!, collectedAt: deskTime };
    const first = await tech.call('lab.collect', collect, { idempotencyKey: 'LAB-DESK-1:000001' });
    const replay = await tech.call('lab.collect', collect, { idempotencyKey: 'LAB-DESK-1:000001' });
    expect(replay.specimens.map((s) => s.id)).toEqual(first.specimens.map((s) => s.id));
    expect(first.entry.accession).toBe(block.accessions[0]);
    expect(first.specimens[0]!.collectedAt).toBe(deskTime);
    expect((await noDesk.callError('lab.registerWalkIn', { patientId: ordered.patientId, referringClinician: 'Dr X', tests: ['RBG'], accession: block.accessions[1]! })).details).toEqual({ fields: { accession: 'is not from a block reserved by this workstation' } });
    expect((await tech.callError('lab.registerWalkIn', { patientId: ordered.patientId, referringClinician: 'Dr X', tests: ['RBG'], accession: 'L2600012345' })).details).toEqual({ fields: { accession: 'is not a valid accession number (check digit)' } });

    await tech.call('lab.receive', { barcodes: first.specimens.map((s) => s.barcode) });
    const creatinine = first.entry.tests.find((t) => t.code === 'CREAT')!;
    await doctor.call('orders.cancel', { itemId: creatinine.orderItemId!, reason: 'Done at the clinic yesterday' });
    const before = await stack.db('lab_results').count('* as n');
    const refused = await tech.callError('lab.enterResults', { testId: creatinine.id!, specimenBarcode: first.specimens[1]!.barcode, results: [{ analyte: 'CREAT', value: '88' }], enteredAt: deskTime }, { idempotencyKey: 'LAB-DESK-1:000002' });
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'order_cancelled' } });
    expect(await stack.db('lab_results').count('* as n')).toEqual(before);
    const glucose = first.entry.tests.find((t) => t.code === 'RBG')!;
    const kept = await tech.call('lab.enterResults', { testId: glucose.id!, specimenBarcode: first.specimens[0]!.barcode, results: [{ analyte: 'GLU', value: '6.2' }], enteredAt: deskTime }, { idempotencyKey: 'LAB-DESK-1:000003' });
    expect(kept.results[0]).toMatchObject({ enteredAtDesk: deskTime, enteredAt: clock.now().toISOString() });
    expect((await tech.callError('lab.enterResults', { testId: glucose.id!, specimenBarcode: first.specimens[0]!.barcode, results: [{ analyte: 'GLU', value: '6.2' }], enteredAt: new Date(clock.now().getTime() + 3_600_000).toISOString() })).details).toEqual({ fields: { enteredAt: 'is in the future' } });
    const request = await tech.call('lab.request', { requestId: first.entry.requestId! });
    expect(request.entry.tests.find((t) => t.code === 'CREAT')!.status).toBe('cancelled');
  });

  it('escalates a critical alert nobody acknowledged after the lab\'s minutes, once, by the injected clock', async () => {
    await stack.db('lab_settings').update({ critical_escalation_minutes: 10 });
    // The earlier tests' open alerts are put out of the way first (as if escalated already).
    await stack.db('lab_critical_alerts').whereNull('escalated_at').update({ escalated_at: stack.db.ref('raised_at') });
    const made = await collectedAndReceived(['RBG']);
    await doctor.call('lab.watchAlerts', {});
    const { alerts } = await tech.call('lab.enterResults', { testId: made.testId('RBG'), specimenBarcode: made.specimen.barcode, results: [{ analyte: 'GLU', value: '2.1' }] });
    const raisedAt = clock.now();
    const { auditKey } = stack.database;
    expect(await escalateCriticalAlerts(stack.db, auditKey, new Date(raisedAt.getTime() + 9 * 60_000))).toBe(0);
    clock.advance(10 * 60_000);
    expect(await escalateCriticalAlerts(stack.db, auditKey, clock.now())).toBe(1);
    expect(await escalateCriticalAlerts(stack.db, auditKey, clock.now())).toBe(0);
    const escalated = await doctor.waitForEvent((e) => e.event === 'lab.critical' && e.data.alertId === alerts[0]!.id && e.data.escalated);
    expect(escalated.data).toMatchObject({ at: clock.now().toISOString(), escalated: true });
    await tech.waitForEvent((e) => e.event === 'lab.critical' && e.data.alertId === alerts[0]!.id && e.data.escalated);
    const row = await stack.db('lab_critical_alerts').where({ id: alerts[0]!.id }).first('escalated_at');
    expect(row.escalated_at.toISOString()).toBe(clock.now().toISOString());
    expect(await stack.db('audit_log').where({ action: 'lab.escalateCritical', entity_id: made.patientId }).count('* as n')).toEqual([{ n: 1 }]);
    // Acknowledged alerts never escalate.
    const other = await collectedAndReceived(['RBG']);
    const second = await tech.call('lab.enterResults', { testId: other.testId('RBG'), specimenBarcode: other.specimen.barcode, results: [{ analyte: 'GLU', value: '30' }] });
    await doctor.call('lab.acknowledgeCritical', { alertId: second.alerts[0]!.id, toldName: 'Myself', toldAt: clock.now().toISOString(), readBack: true });
    clock.advance(60 * 60_000);
    expect(await escalateCriticalAlerts(stack.db, auditKey, clock.now())).toBe(0);
  });
});
