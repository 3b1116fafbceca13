import * as serverSupport from '@hms/server/test-support';
import { TestClient, createTestUser, insertTestLabOrder } from '@hms/server/test-support';
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
let host: Host;
const pushed: CriticalAlertsView[] = [];

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'doctor-lab' });
  ({ database } = stack);
  doctor = await createTestUser(database.db, 'dr.achieng', ['doctor']);
  otherDoctor = await createTestUser(database.db, 'dr.mwangi', ['doctor']);
  const tech = await createTestUser(database.db, 'lab.tech', ['lab_technician']);
  lab = await TestClient.connect(stack.server.wsUrl);
  await lab.signIn(tech.username, tech.password, 'LAB-BENCH-1');
  host = await openHost('desk');
  await waitUntil(() => pushed.at(-1)?.live === true, 'the alerts read at sign-in');
}, 60_000);

afterAll(async () => {
  await lab?.close();
  await stack?.stop();
});

function openHost(folder: string): Promise<Host> {
  return stack.openHost({
    workstationId: 'consult-7',
    folder,
    user: doctor,
    onEvent: (event) => {
      if (event.event === 'doctor.criticalAlerts') pushed.push(event.data);
    },
  });
}

/** A glucose ordered by `orderedBy` (the desk's doctor unless named), collected, received and entered by the lab as `value`. */
async function glucose(value: string, orderedBy: TestUser = doctor) {
  const order = await insertTestLabOrder(database.db, ['RBG'], orderedBy.id);
  const { entry, specimens } = await lab.call('lab.collect', { orderId: order.orderId, containers: [{ container: 'fluoride', tests: ['RBG'] }] });
  await lab.call('lab.receive', { barcodes: specimens.map((specimen) => specimen.barcode) });
  const { alerts } = await lab.call('lab.enterResults', { testId: entry.tests[0]!.id!, specimenBarcode: specimens[0]!.barcode, results: [{ analyte: 'GLU', value }] });
  return { patientId: order.patientId, patientName: entry.patientName, mrn: entry.mrn, alertId: alerts[0]?.id };
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

function shownBy(on: Host): string[] {
  const desk = on.desks.doctor as unknown as { labAlerts: { view(): CriticalAlertsView } };
  return desk.labAlerts.view().alerts.map((alert) => alert.id);
}
