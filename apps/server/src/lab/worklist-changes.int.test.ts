import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let tech: TestClient;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'delta.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    tech = await s.signedIn(['lab_technician']);
  },
});

async function order(codes: string[], priority: 'routine' | 'urgent' | 'stat' = 'routine') {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  return doctor.call('orders.create', { encounterId: encounter.id, items: codes.map((code) => ({ kind: 'lab' as const, code, priority })) });
}

describe('lab.worklist since a version', () => {
  it('answers only what changed: new orders, an order collected into its request, a received specimen, a cancelled test; nothing when nothing changed', async () => {
    const first = await order(['RBG']);
    const whole = await tech.call('lab.worklist', {});
    expect(whole.changes).toBeUndefined();
    expect(whole.entries.map((e) => e.orderId)).toContain(first.orderId);

    const quiet = await tech.call('lab.worklist', { since: whole.version });
    expect(quiet).toEqual({ entries: [], analytes: {}, version: expect.any(String) as string, changes: { removedRequestIds: [], removedOrderIds: [] } });

    // A new order arrives: only it comes, with the analyte sets it names (keys the same as in the whole list).
    const second = await order(['RBG', 'CREAT']);
    const added = await tech.call('lab.worklist', { since: quiet.version });
    expect(added.entries.map((e) => [e.orderId, e.requestId])).toEqual([[second.orderId, null]]);
    expect(Object.keys(added.analytes).sort()).toEqual(added.entries[0]!.tests.map((t) => t.analytesKey).sort());
    const rbgKey = whole.entries.find((e) => e.orderId === first.orderId)!.tests[0]!.analytesKey;
    expect(added.entries[0]!.tests.find((t) => t.code === 'RBG')!.analytesKey).toBe(rbgKey);

    // Collected: the order leaves, its request comes in its place.
    const { entry, specimens } = await tech.call('lab.collect', { orderId: second.orderId, containers: [{ container: 'fluoride', tests: ['RBG'] }, { container: 'serum', tests: ['CREAT'] }] });
    const collected = await tech.call('lab.worklist', { since: added.version });
    expect(collected.entries.map((e) => [e.orderId, e.requestId, e.specimens.map((s) => s.status)])).toEqual([[second.orderId, entry.requestId, ['collected', 'collected']]]);
    expect(collected.changes).toEqual({ removedRequestIds: [], removedOrderIds: [second.orderId] });

    await tech.call('lab.receive', { barcodes: [specimens[0]!.barcode] });
    const received = await tech.call('lab.worklist', { since: collected.version });
    expect(received.entries.map((e) => e.specimens.map((s) => s.status))).toEqual([['received', 'collected']]);

    // The doctor cancels the waiting order's only test, and both of the request's: each leaves the list.
    const firstItem = (await stack.db('order_items').where({ order_id: first.orderId }).first('id')) as { id: string };
    await doctor.call('orders.cancel', { itemId: firstItem.id, reason: 'Not needed' });
    for (const test of entry.tests) await doctor.call('orders.cancel', { itemId: test.orderItemId!, reason: 'Not needed' });
    const cancelled = await tech.call('lab.worklist', { since: received.version });
    expect(cancelled.entries).toEqual([]);
    // The collected order's items changed too: named as removed, which drops nothing still waiting at the desk.
    expect(cancelled.changes).toEqual({ removedRequestIds: [entry.requestId], removedOrderIds: expect.arrayContaining([first.orderId, second.orderId]) as string[] });
    expect((await tech.call('lab.worklist', {})).entries.filter((e) => e.orderId === first.orderId || e.orderId === second.orderId)).toEqual([]);

    // A version this database never gave is answered with the whole list.
    const unknown = await tech.call('lab.worklist', { since: '99999999999999:99999999999999:' });
    expect(unknown.changes).toBeUndefined();
    expect((await tech.callError('lab.worklist', { since: 'abc' })).code).toBe('VALIDATION');
  });

  it('a request whose last open test the doctor cancels from the orders side is closed (closed_at), and reopens for nothing', async () => {
    const ordered = await order(['HB', 'CREAT']);
    const { entry, specimens } = await tech.call('lab.collect', { orderId: ordered.orderId, containers: [{ container: 'edta', tests: ['HB'] }, { container: 'serum', tests: ['CREAT'] }] });
    const closedAt = async () => ((await stack.db('lab_requests').where({ id: entry.requestId }).first('closed_at')) as { closed_at: Date | null }).closed_at;
    const hb = entry.tests.find((t) => t.code === 'HB')!;
    const creat = entry.tests.find((t) => t.code === 'CREAT')!;
    await doctor.call('orders.cancel', { itemId: hb.orderItemId!, reason: 'Duplicate' });
    expect(await closedAt()).toBeNull();
    await doctor.call('orders.cancel', { itemId: creat.orderItemId!, reason: 'Duplicate' });
    expect(await closedAt()).not.toBeNull();
    // A later receipt refreshes the tests' statuses; the cancelled tests keep the request closed.
    await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
    expect(await closedAt()).not.toBeNull();
  });

  it('stat work is due an hour after receipt where routine work of the same test has two', async () => {
    const routine = await order(['CREAT']);
    const stat = await order(['CREAT'], 'stat');
    const receivedAt = new Date(clock.now().getTime() - 61 * 60_000);
    for (const orderId of [routine.orderId, stat.orderId]) {
      const { entry, specimens } = await tech.call('lab.collect', { orderId, containers: [{ container: 'serum', tests: ['CREAT'] }] });
      await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
      await stack.db('lab_specimens').where({ request_id: entry.requestId }).update({ received_at: receivedAt });
    }
    const entries = (await tech.call('lab.worklist', {})).entries;
    const test = (orderId: string) => entries.find((e) => e.orderId === orderId)!.tests[0]!;
    expect(test(stat.orderId)).toMatchObject({ overdue: true, dueAt: new Date(clock.now().getTime() - 60_000).toISOString() });
    expect(test(routine.orderId)).toMatchObject({ overdue: false, dueAt: new Date(clock.now().getTime() + 59 * 60_000).toISOString() });
    expect((await tech.call('lab.worklist', { overdueOnly: true })).entries.map((e) => e.orderId)).toEqual([stat.orderId]);
  });
});
