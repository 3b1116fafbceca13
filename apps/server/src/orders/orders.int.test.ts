import { LAB_TOPIC, chartTopic } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { createTestUser } from '../test-support/index.js';

let doctorUser: TestUser;
let doctor: TestClient;
let nurse: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'orders.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    nurse = await s.signedIn(['nurse']);
  },
});

const encounter = (options: { signed?: boolean; doctorId?: string } = {}) => insertTestEncounter(stack.db, { doctorId: options.doctorId ?? doctorUser.id, ...(options.signed === undefined ? {} : { signed: options.signed }) });

describe('orders', () => {
  it('orders a full blood count and a chest X-ray in the doctor\'s open encounter, audited', async () => {
    const { id, patientId } = await encounter();
    const { orderId, items } = await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'FBC' }, { kind: 'radiology', code: 'XR_CHEST', priority: 'urgent', note: 'Cough for 3 weeks' }] });
    expect(items.map((item) => [item.code, item.name, item.priority, item.status, item.patientId, item.orderId])).toEqual([
      ['FBC', 'Full blood count', 'routine', 'ordered', patientId, orderId],
      ['XR_CHEST', 'Chest X-ray', 'urgent', 'ordered', patientId, orderId],
    ]);
    const audit = await stack.db('audit_log').where({ action: 'orders.create', entity_id: patientId }).first();
    expect(audit.after.items.map((item: { code: string }) => item.code)).toEqual(['FBC', 'XR_CHEST']);
  });

  it('refuses unknown codes, a lab code ordered as imaging, and an item twice, with nothing written', async () => {
    const { id } = await encounter();
    const before = await stack.db('order_items').count('* as n');
    expect((await doctor.callError('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'NOPE' }] })).details).toEqual({ fields: { 'items.0.code': 'NOPE is not in the catalogue' } });
    expect((await doctor.callError('orders.create', { encounterId: id, items: [{ kind: 'radiology', code: 'FBC' }] })).details).toEqual({ fields: { 'items.0.kind': 'FBC is a lab order' } });
    expect((await doctor.callError('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'FBC' }, { kind: 'lab', code: 'FBC' }] })).code).toBe('VALIDATION');
    expect(await stack.db('order_items').count('* as n')).toEqual(before);
    await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'MAL_RDT' }] });
    expect((await doctor.callError('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'MAL_RDT' }] })).details).toEqual({ reason: 'already_ordered' });
  });

  it('refuses a signed encounter and another doctor\'s', async () => {
    const signed = await encounter({ signed: true });
    expect((await doctor.callError('orders.create', { encounterId: signed.id, items: [{ kind: 'lab', code: 'FBC' }] })).details).toMatchObject({ reason: 'encounter_signed' });
    const other = await createTestUser(stack.db, 'orders.other', ['doctor']);
    const theirs = await encounter({ doctorId: other.id });
    expect((await doctor.callError('orders.create', { encounterId: theirs.id, items: [{ kind: 'lab', code: 'FBC' }] })).code).toBe('FORBIDDEN');
  });

  it('cancels an item with its reason (once), after which it may be ordered again', async () => {
    const { id } = await encounter();
    const { items } = await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'UE' }] });
    const { item } = await doctor.call('orders.cancel', { itemId: items[0]!.id, reason: 'Done last week' });
    expect(item).toMatchObject({ status: 'cancelled', cancelReason: 'Done last week' });
    expect((await doctor.callError('orders.cancel', { itemId: items[0]!.id, reason: 'again' })).details).toEqual({ reason: 'already_cancelled' });
    expect((await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'UE' }] })).items[0]!.status).toBe('ordered');
  });

  it('lists a patient\'s orders newest first, by kind and status, as an audited read', async () => {
    const { id, patientId } = await encounter();
    await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'FBC' }, { kind: 'radiology', code: 'US_ABDOMEN' }] });
    const all = await nurse.call('orders.forPatient', { patientId });
    expect(all.items.map((item) => item.code).sort()).toEqual(['FBC', 'US_ABDOMEN']);
    expect((await nurse.call('orders.forPatient', { patientId, kind: 'radiology' })).items.map((item) => item.code)).toEqual(['US_ABDOMEN']);
    expect((await nurse.call('orders.forPatient', { patientId, status: 'cancelled' })).items).toEqual([]);
    expect(await stack.db('audit_log').where({ action: 'orders.forPatient', entity_id: patientId }).count('* as n')).toEqual([{ n: 3 }]);
  });

  it('tells the lab worklist of lab items ordered and cancelled, and the chart of every item, with ids only', async () => {
    const worklist = await stack.signedIn(['lab_technician']);
    expect(await worklist.call('orders.watch', {})).toEqual({ ok: true });
    const { id, patientId } = await encounter();
    const { orderId, items } = await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'FBC' }, { kind: 'radiology', code: 'XR_CHEST', note: 'Cough for 3 weeks' }] });
    const fbc = items.find((item) => item.code === 'FBC')!;
    const ordered = await worklist.waitForEvent((event) => event.event === 'orders.changed' && event.data.patientId === patientId && event.data.change === 'ordered');
    expect(ordered.data).toEqual({ orderIds: [orderId], itemIds: [fbc.id], patientId, change: 'ordered', at: expect.any(String) });
    await doctor.call('orders.cancel', { itemId: fbc.id, reason: 'Done yesterday' });
    const cancelled = await worklist.waitForEvent((event) => event.event === 'orders.changed' && event.data.patientId === patientId && event.data.change === 'cancelled');
    expect(cancelled.data).toMatchObject({ orderIds: [orderId], itemIds: [fbc.id] });

    // Imaging alone is not the lab's; the chart hears of it, and the lab topic carries no clinical text.
    const imaging = await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'radiology', code: 'US_ABDOMEN' }] });
    const lab = await stack.db('events').where({ name: 'orders.changed', topic: LAB_TOPIC }).whereRaw(`data ->> 'patientId' = ?`, [patientId]).orderBy('seq').select('data');
    expect(lab.map((row) => [row.data.change, row.data.itemIds])).toEqual([['ordered', [fbc.id]], ['cancelled', [fbc.id]]]);
    expect(JSON.stringify(lab)).not.toMatch(/Cough|FBC|XR_CHEST/);
    const chart = await stack.db('events').where({ name: 'orders.changed', topic: chartTopic(patientId) }).orderBy('seq').select('data');
    expect(chart.map((row) => [row.data.change, [...row.data.itemIds].sort()])).toEqual([
      ['ordered', items.map((item) => item.id).sort()], ['cancelled', [fbc.id]], ['ordered', [imaging.items[0]!.id]],
    ]);
    expect(await stack.db('audit_log').where({ action: 'orders.watch' }).count('* as n')).toEqual([{ n: 1 }]);

    await worklist.call('orders.unwatch', {});
    const stillWatching = await stack.signedIn(['lab_technician']);
    await stillWatching.call('orders.watch', {});
    const before = worklist.events.length;
    const { orderId: malaria } = await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'MAL_RDT' }] });
    await stillWatching.waitForEvent((event) => event.event === 'orders.changed' && event.data.orderIds.includes(malaria));
    expect(worklist.events.slice(before).filter((event) => event.event === 'orders.changed')).toEqual([]);
  });

  it('offers the catalogue by words and synonyms', async () => {
    expect((await doctor.call('orders.catalogue', { query: 'blood count' })).items.map((entry) => entry.code)).toEqual(['FBC']);
    expect((await doctor.call('orders.catalogue', { query: 'cbc' })).items.map((entry) => entry.code)).toEqual(['FBC']);
    const imaging = (await doctor.call('orders.catalogue', { kind: 'radiology' })).items;
    expect(imaging.every((entry) => entry.kind === 'radiology')).toBe(true);
    expect(imaging.map((entry) => entry.code)).toContain('XR_CHEST');
  });
});
