import * as serverSupport from '@hms/server/test-support';
import { TestClient, createTestUser, insertTestDepartment, insertTestLabOrder, insertTestVisit } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriticalAlertsView } from '../../shared/doctor/lab-views.js';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The doctor desk's critical-value alerts against the real server on real PostgreSQL: the lab
// enters a critical glucose for the doctor's order and the desk's host pushes the alert (with
// the patient) without being asked; the doctor acknowledges it with read-back; one acknowledged
// by the lab after phoning leaves the desk; one entered while the desk's link was down is there
// once it is back, and at the next sign-in after a restart.

let stack: DeskStack<TestDatabase, TestServer>;
let database: TestDatabase;
let doctor: TestUser;
let otherDoctor: TestUser;
let lab: TestClient;
let supervisor: TestClient;
let host: Host;
const pushed: CriticalAlertsView[] = [];
const chartChanges: string[] = [];

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'doctor-lab' });
  ({ database } = stack);
  doctor = await createTestUser(database.db, 'dr.achieng', ['doctor']);
  otherDoctor = await createTestUser(database.db, 'dr.mwangi', ['doctor']);
  const tech = await createTestUser(database.db, 'lab.tech', ['lab_technician']);
  lab = await TestClient.connect(stack.server.wsUrl);
  await lab.signIn(tech.username, tech.password, 'LAB-BENCH-1');
  const senior = await createTestUser(database.db, 'lab.senior', ['lab_supervisor']);
  supervisor = await TestClient.connect(stack.server.wsUrl);
  await supervisor.signIn(senior.username, senior.password, 'LAB-OFFICE');
  host = await openHost('desk');
  await waitUntil(() => pushed.at(-1)?.live === true, 'the alerts read at sign-in');
}, 60_000);

afterAll(async () => {
  await lab?.close();
  await supervisor?.close();
  await stack?.stop();
});

function openHost(folder: string): Promise<Host> {
  return stack.openHost({
    workstationId: 'consult-7',
    folder,
    user: doctor,
    onEvent: (event) => {
      if (event.event === 'doctor.criticalAlerts') pushed.push(event.data);
      if (event.event === 'doctor.changed' && event.data.what === 'chart') chartChanges.push(event.data.patientId);
    },
  });
}

/** A glucose ordered by `orderedBy` (the desk's doctor unless named), collected, received and entered by the lab as `value`. */
async function glucose(value: string, orderedBy: TestUser = doctor, again?: { orderId: string }) {
  const order = again === undefined ? await insertTestLabOrder(database.db, ['RBG'], orderedBy.id) : await reorder(again.orderId);
  const { entry, specimens } = await lab.call('lab.collect', { orderId: order.orderId, containers: [{ container: 'fluoride', tests: ['RBG'] }] });
  await lab.call('lab.receive', { barcodes: specimens.map((specimen) => specimen.barcode) });
  const { results, alerts } = await lab.call('lab.enterResults', { testId: entry.tests[0]!.id!, specimenBarcode: specimens[0]!.barcode, results: [{ analyte: 'GLU', value }] });
  return { orderId: order.orderId, patientId: order.patientId, patientName: entry.patientName, mrn: entry.mrn, alertId: alerts[0]?.id, resultId: results[0]!.id };
}

/** The same test ordered again for the same patient at a later visit (test setup, as insertTestLabOrder does). */
async function reorder(orderId: string): Promise<{ orderId: string; patientId: string }> {
  const { db } = database;
  const first = await db('orders').where({ id: orderId }).first('patient_id', 'ordered_by') as { patient_id: string; ordered_by: string };
  const department = await insertTestDepartment(db);
  const visit = await insertTestVisit(db, { patientId: first.patient_id, departmentId: department.id, status: 'in_consultation', servedBy: first.ordered_by });
  const now = new Date();
  const [encounter] = await db('encounters').insert({ visit_id: visit.id, patient_id: first.patient_id, doctor_id: first.ordered_by, status: 'open', started_at: now }).returning('id') as Array<{ id: string }>;
  const [order] = await db('orders').insert({ patient_id: first.patient_id, encounter_id: encounter!.id, ordered_by: first.ordered_by, ordered_at: now }).returning('id') as Array<{ id: string }>;
  await db('order_items').insert({
    order_id: order!.id, patient_id: first.patient_id, encounter_id: encounter!.id, kind: 'lab', code: 'RBG', name: 'Random blood glucose', priority: 'routine', ordered_at: now, ordered_by: first.ordered_by,
  });
  return { orderId: order!.id, patientId: first.patient_id };
}

const shown = () => pushed.at(-1)?.alerts.map((alert) => alert.id) ?? [];

describe('Doctor host, critical lab values', () => {
  it('pushes a critical value of the doctor\'s order with the patient, queues several oldest first, and acknowledges one with read-back', async () => {
    expect(await host.handlers['doctor.criticalAlerts']({})).toMatchObject({ alerts: [], live: true });
    const low = await glucose('1.8');
    expect(low.alertId).toBeDefined();
    // Pushed by the host on the server's lab.critical: the renderer asked nothing.
    await waitUntil(() => shown().includes(low.alertId!), 'the alert pushed');
    expect(pushed.at(-1)!.alerts[0]).toMatchObject({
      id: low.alertId, patientId: low.patientId, patientName: low.patientName, mrn: low.mrn, analyte: 'GLU', value: '1.8', unit: 'mmol/L', flag: 'LL', acknowledgedAt: null,
    });
    // Another doctor's critical value and a normal one of this doctor's never reach this desk.
    const elsewhere = await glucose('1.6', otherDoctor);
    const normal = await glucose('5.2');
    expect(normal.alertId).toBeUndefined();
    const high = await glucose('31.5');
    await waitUntil(() => shown().length === 2, 'two alerts queued');
    expect(shown()).toEqual([low.alertId, high.alertId]);
    expect(shown()).not.toContain(elsewhere.alertId);

    const before = Date.now();
    const { alert } = await host.handlers['doctor.acknowledgeCritical']({ alertId: low.alertId!, readBack: true });
    expect(alert).toMatchObject({ id: low.alertId, toldName: 'Test dr.achieng', acknowledgedByName: 'Test dr.achieng', readBack: true });
    expect(Date.parse(alert.toldAt!)).toBeGreaterThanOrEqual(before - 1_000);
    expect(shown()).toEqual([high.alertId]);
    const row = await database.db('lab_critical_alerts').where({ id: low.alertId }).first('acknowledged_by', 'told_name', 'read_back');
    expect(row).toEqual({ acknowledged_by: doctor.id, told_name: 'Test dr.achieng', read_back: true });
    const audit = await database.db('audit_log').where({ action: 'lab.acknowledgeCritical', entity_id: low.patientId }).first('actor_id');
    expect(audit).toMatchObject({ actor_id: doctor.id });

    // Told by the ward nurse who took the call, at the time she says (after the value was raised, before now): recorded as such.
    const raisedAt = Date.parse(pushed.at(-1)!.alerts[0]!.raisedAt);
    const toldAt = new Date(raisedAt + Math.floor((Date.now() - raisedAt) / 2)).toISOString();
    const named = await host.handlers['doctor.acknowledgeCritical']({ alertId: high.alertId!, toldName: 'Nurse Wanjiku', toldAt, readBack: true });
    expect(named.alert).toMatchObject({ toldName: 'Nurse Wanjiku', toldAt, acknowledgedByName: 'Test dr.achieng' });
    expect(shown()).toEqual([]);
    // Without the read-back nothing is sent.
    const third = await glucose('1.5');
    await waitUntil(() => shown().includes(third.alertId!), 'the third alert');
    await expect(host.handlers['doctor.acknowledgeCritical']({ alertId: third.alertId!, readBack: false as unknown as true })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await database.db('lab_critical_alerts').where({ id: third.alertId }).first('acknowledged_at')).toEqual({ acknowledged_at: null });
  });

  it('takes down an alert the lab acknowledged after phoning, and refuses a second acknowledgement', async () => {
    const open = shown();
    expect(open).toHaveLength(1);
    await lab.call('lab.acknowledgeCritical', { alertId: open[0]!, toldName: 'Dr Achieng (phoned)', toldAt: new Date().toISOString(), readBack: true });
    await waitUntil(() => shown().length === 0, 'the alert taken down');
    expect((await host.handlers['doctor.criticalAlerts']({})).alerts).toEqual([]);
    await expect(host.handlers['doctor.acknowledgeCritical']({ alertId: open[0]!, readBack: true })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already_acknowledged' } });
  });

  it('reads the open alerts again after the link was down and at the next sign-in', async () => {
    await stack.cut(host);
    await waitUntil(() => pushed.at(-1)?.live === false, 'the list no longer live');
    // Entered while the desk cannot hear it.
    const missed = await glucose('1.4');
    await expect(host.handlers['doctor.acknowledgeCritical']({ alertId: missed.alertId!, readBack: true })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await stack.restore(host);
    await waitUntil(() => shown().includes(missed.alertId!) && pushed.at(-1)?.live === true, 'the missed alert read after the reconnect');
    // Followed again on the new socket: a value entered now is pushed too.
    const after = await glucose('32.0');
    await waitUntil(() => shown().includes(after.alertId!), 'an alert after the reconnect');
    expect(shown()).toEqual([missed.alertId, after.alertId]);

    // The desk restarted: the open alerts are read at the new sign-in.
    await host.stop();
    host = await openHost('desk');
    await waitUntil(() => shownBy(host).length === 2 && pushed.at(-1)?.live === true, 'the alerts read at the new sign-in');
    expect(shownBy(host)).toEqual([missed.alertId, after.alertId]);
  });
});


describe('Doctor host, released results', () => {
  it('reads the open chart again when its results are released, each value with its unit, flag and range over time', async () => {
    const first = await glucose('6.1');
    const { patientId } = first;
    const opened = await host.handlers['doctor.chart']({ patientId, refresh: false });
    expect(opened.chart.results.items).toMatchObject([{ code: 'RBG', status: 'pending', summary: null }]);
    await lab.call('lab.validate', { resultIds: [first.resultId] });
    // Validated is not released: nothing reaches the chart yet.
    const changesBefore = chartChanges.length;
    await supervisor.call('lab.release', { resultIds: [first.resultId] });
    await waitUntil(() => chartChanges.slice(changesBefore).includes(patientId), 'the chart read again on lab.resultReleased');
    const released = await host.handlers['doctor.chart']({ patientId, refresh: false });
    expect(released.chart.results.items).toMatchObject([{ code: 'RBG', status: 'final', summary: 'GLU 6.1 mmol/L', abnormal: false }]);

    // A second glucose of the same patient, low: the chart follows, and the values over time are there for the trend.
    const second = await glucose('3.1', doctor, first);
    await lab.call('lab.validate', { resultIds: [second.resultId] });
    await supervisor.call('lab.release', { resultIds: [second.resultId] });
    await waitUntil(() => desk().charts.kept(patientId)?.chart.results.items.some((item) => item.summary === 'GLU 3.1 mmol/L (L)') === true, 'the second release in the chart');
    const cumulative = await host.handlers['server.call']({ method: 'lab.cumulative', params: { patientId } }) as { series: Array<{ analyte: string; points: Array<{ value: string; valueNumeric: number | null; unit: string | null; flag: string | null; range: { text: string } | null }> }> };
    expect(cumulative.series).toHaveLength(1);
    expect(cumulative.series[0]!.points.map((point) => [point.value, point.valueNumeric, point.unit, point.flag])).toEqual([['6.1', 6.1, 'mmol/L', null], ['3.1', 3.1, 'mmol/L', 'L']]);
    expect(cumulative.series[0]!.points[1]!.range?.text).toBeTruthy();
  });
});

const desk = () => host.desks.doctor as unknown as { charts: { kept(patientId: string): { chart: { results: { items: Array<{ summary: string | null }> } } } | undefined } };

function shownBy(on: Host): string[] {
  const desk = on.desks.doctor as unknown as { labAlerts: { view(): CriticalAlertsView } };
  return desk.labAlerts.view().alerts.map((alert) => alert.id);
}
