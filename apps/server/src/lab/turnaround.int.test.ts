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
    doctorUser = await createTestUser(s.db, 'tat.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    tech = await s.signedIn(['lab_technician']);
  },
});

const minutesAgo = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000);

async function order(codes: string[], orderedMinutesAgo: number) {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const { orderId } = await doctor.call('orders.create', { encounterId: encounter.id, items: codes.map((code) => ({ kind: 'lab' as const, code })) });
  await stack.db('orders').where({ id: orderId }).update({ ordered_at: minutesAgo(orderedMinutesAgo) });
  await stack.db('order_items').where({ order_id: orderId }).update({ ordered_at: minutesAgo(orderedMinutesAgo) });
  return orderId;
}

async function received(codes: string[], orderedMinutesAgo: number, receivedMinutesAgo: number) {
  const orderId = await order(codes, orderedMinutesAgo);
  const { entry, specimens } = await tech.call('lab.collect', { orderId, containers: codes.map((code) => ({ container: code === 'FBC' || code === 'HB' ? 'edta' as const : 'serum' as const, tests: [code] })) });
  await tech.call('lab.receive', { barcodes: specimens.map((s) => s.barcode) });
  await stack.db('lab_specimens').where({ request_id: entry.requestId }).update({ received_at: minutesAgo(receivedMinutesAgo) });
  return entry.requestId!;
}

describe('turnaround', () => {
  it('each test is due its catalogue target after receipt (after the order until received); the worklist lists the overdue ones on request', async () => {
    // RBG 60 min, FBC 60 min, CREAT 120 min, HB 60 min (the starter catalogue's targets).
    const waiting = await order(['RBG'], 61);
    const late = await received(['FBC', 'CREAT'], 90, 65);
    const fresh = await received(['HB'], 20, 5);
    const soon = await order(['RBG'], 30);

    const all = (await tech.call('lab.worklist', {})).entries;
    const tests = (pick: (e: (typeof all)[number]) => boolean) => all.find(pick)!.tests.map((t) => [t.code, t.dueAt, t.overdue]);
    expect(tests((e) => e.orderId === waiting)).toEqual([['RBG', minutesAgo(1).toISOString(), true]]);
    expect(tests((e) => e.requestId === late)).toEqual([['CREAT', minutesAgo(65 - 120).toISOString(), false], ['FBC', minutesAgo(5).toISOString(), true]]);
    expect(tests((e) => e.requestId === fresh)).toEqual([['HB', minutesAgo(5 - 60).toISOString(), false]]);
    expect(tests((e) => e.orderId === soon)).toEqual([['RBG', minutesAgo(30 - 60).toISOString(), false]]);

    const overdue = (await tech.call('lab.worklist', { overdueOnly: true })).entries;
    expect(overdue.map((e) => e.requestId ?? e.orderId)).toEqual([late, waiting]);
    const haematology = (await tech.call('lab.worklist', { overdueOnly: true, section: 'haematology' })).entries;
    expect(haematology.map((e) => [e.requestId, e.tests.map((t) => t.code)])).toEqual([[late, ['FBC']]]);
    expect((await tech.call('lab.worklist', { overdueOnly: true, statuses: ['released'] })).entries).toEqual([]);

    const { entry } = await tech.call('lab.request', { requestId: late });
    expect(entry.tests.find((t) => t.code === 'FBC')).toMatchObject({ dueAt: minutesAgo(5).toISOString(), overdue: true });

    // An hour on, the fresh haemoglobin is overdue as well.
    await stack.db('lab_specimens').where({ request_id: fresh }).update({ received_at: minutesAgo(61) });
    expect((await tech.call('lab.worklist', { overdueOnly: true })).entries.map((e) => e.requestId ?? e.orderId)).toEqual([late, waiting, fresh]);
  });
});
