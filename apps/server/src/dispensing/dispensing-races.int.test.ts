import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, insertTestPrescription, insertTestStock, prescriptionItemIds, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from '../stock/index.js';

let doctor: TestUser;
const stack = useTestStack({ setup: async (s) => void (doctor = await createTestUser(s.db, 'races.doctor', ['doctor'])) });

/** `n` pharmacist desks, each on its own connection. */
async function desks(n: number): Promise<TestClient[]> {
  return Promise.all(Array.from({ length: n }, () => stack.resumed(['pharmacist'])));
}

/** A paracetamol prescription (24 tablets) for a new patient. */
async function prescription(): Promise<{ id: string; itemId: string }> {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctor.id });
  const { id } = await insertTestPrescription(stack.db, encounter, doctor.id);
  return { id, itemId: (await prescriptionItemIds(stack.db, id))[0]! };
}

async function balance(batchId: string): Promise<number> {
  const row: { quantity: number } | undefined = await stack.db('stock_balances').where({ batch_id: batchId }).first('quantity');
  return row?.quantity ?? 0;
}

/** Every paracetamol batch at the dispensary is emptied first, so each test sees only its own. */
async function emptyShelf(): Promise<void> {
  const rows: Array<{ batch_id: string; quantity: number; item_id: string; location_id: string }> = await stack.db('stock_balances as s')
    .join('stock_locations as l', 'l.id', 's.location_id').where('l.code', 'DISP').where('s.quantity', '>', 0).select('s.batch_id', 's.quantity', 's.item_id', 's.location_id');
  for (const row of rows) {
    await stack.db('stock_ledger').insert({
      at: new Date(), recorded_at: new Date(), kind: 'adjustment', reason: 'count_correction', item_id: row.item_id, batch_id: row.batch_id, location_id: row.location_id,
      quantity: -row.quantity, document_type: 'adjustment', document_id: row.batch_id, actor_id: doctor.id,
    });
  }
}

describe('dispensing under races (many real connections)', () => {
  it('20 desks dispensing the last 10 units at once: exactly 10 succeed, never below zero', async () => {
    await emptyShelf();
    const stock = await insertTestStock(stack.db, { location: 'DISP', quantity: 10 });
    const [clients, prescriptions] = await Promise.all([desks(20), Promise.all(Array.from({ length: 20 }, () => prescription()))]);
    const outcomes = await Promise.allSettled(clients.map((client, i) =>
      client.call('dispensing.dispense', { prescriptionId: prescriptions[i]!.id, lines: [{ prescriptionItemId: prescriptions[i]!.itemId, quantity: 1 }] })));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome as PromiseRejectedResult).reason as { details?: { reason?: string } });
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
    expect(refused.map((error) => error.details?.reason)).toEqual(Array.from({ length: 10 }, () => 'insufficient_stock'));
    expect(await balance(stock.batchId)).toBe(0);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('two desks taking 6 of the last 10 at once: one gets them, the other is told 4 are left', async () => {
    await emptyShelf();
    const stock = await insertTestStock(stack.db, { location: 'DISP', quantity: 10 });
    const [a, b] = await desks(2);
    const [p, q] = await Promise.all([prescription(), prescription()]);
    const outcomes = await Promise.allSettled([
      a!.call('dispensing.dispense', { prescriptionId: p!.id, lines: [{ prescriptionItemId: p!.itemId, quantity: 6 }] }),
      b!.call('dispensing.dispense', { prescriptionId: q!.id, lines: [{ prescriptionItemId: q!.itemId, quantity: 6 }] }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'insufficient_stock', available: 4 } });
    expect(await balance(stock.batchId)).toBe(4);
  });

  it('keeps FEFO under races: no desk takes the later batch while the earlier one has units', async () => {
    await emptyShelf();
    const early = await insertTestStock(stack.db, { location: 'DISP', quantity: 5, expiry: '2027-01-31' });
    const late = await insertTestStock(stack.db, { location: 'DISP', quantity: 100, expiry: '2029-01-31' });
    const [clients, prescriptions] = await Promise.all([desks(12), Promise.all(Array.from({ length: 12 }, () => prescription()))]);
    await Promise.all(clients.map((client, i) =>
      client.call('dispensing.dispense', { prescriptionId: prescriptions[i]!.id, lines: [{ prescriptionItemId: prescriptions[i]!.itemId, quantity: 1 }] })));
    const rows: Array<{ id: string; batch_id: string }> = await stack.db('stock_ledger').where({ kind: 'dispense' }).whereIn('batch_id', [early.batchId, late.batchId]).orderBy('id').select('id', 'batch_id');
    expect(rows.map((row) => row.batch_id)).toEqual([...Array.from({ length: 5 }, () => early.batchId), ...Array.from({ length: 7 }, () => late.batchId)]);
    expect([await balance(early.batchId), await balance(late.batchId)]).toEqual([0, 93]);
  });

  it('lets one prescription be dispensed once when two desks scan it together', async () => {
    await insertTestStock(stack.db, { location: 'DISP', quantity: 100 });
    const [a, b] = await desks(2);
    const p = await prescription();
    const outcomes = await Promise.allSettled([a!, b!].map((client) => client.call('dispensing.dispense', { prescriptionId: p.id, lines: [{ prescriptionItemId: p.itemId, quantity: 24 }] })));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ details: { reason: 'exceeds_prescribed', outstanding: 0 } });
  });

  it('a recall racing dispenses: every dispense of the batch either comes before it (and its patient is listed) or is refused', async () => {
    await emptyShelf();
    const stock = await insertTestStock(stack.db, { location: 'DISP', quantity: 100 });
    const [clients, prescriptions] = await Promise.all([desks(10), Promise.all(Array.from({ length: 10 }, () => prescription()))]);
    const recaller = (await desks(1))[0]!;
    const [recall, ...outcomes] = await Promise.allSettled([
      recaller.call('batches.recall', { batchId: stock.batchId, reason: 'Manufacturer recall' }),
      ...clients.map((client, i) => client.call('dispensing.dispense', { prescriptionId: prescriptions[i]!.id, lines: [{ prescriptionItemId: prescriptions[i]!.itemId, quantity: 2 }] })),
    ]);
    expect(recall!.status).toBe('fulfilled');
    const dispensedTo = new Set(outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.dispensation.patientId] : [])));
    const listed = new Set((recall as PromiseFulfilledResult<{ recipients: Array<{ patientId: string }> }>).value.recipients.map((recipient) => recipient.patientId));
    expect(listed).toEqual(dispensedTo);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect((outcome.reason as { details: { reason: string } }).details.reason).toBe('insufficient_stock');
    expect(await balance(stock.batchId)).toBe(100 - 2 * dispensedTo.size);
  });
});
