import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, drugIdByCode, insertTestStock, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { captureDispensingCharges } from './capture-service.js';

let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'capture.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
  },
});

const capture = () => captureDispensingCharges(stack.database.serverDb, stack.database.auditKey, new Date());

/** A prescription of `quantity` paracetamol dispensed from one batch; the pharmacist priced the item at `priceMinor`. */
async function dispense(quantity: number, priceMinor?: number) {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const drugId = await drugIdByCode(stack.db, 'paracetamol-500mg-tablet');
  if (priceMinor !== undefined) await pharmacist.call('stock.setPrice', { itemId: drugId, priceMinor });
  await insertTestStock(stack.db, { drugCode: 'paracetamol-500mg-tablet', location: 'DISP', quantity });
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'tds', durationDays: 5, quantity }] });
  const { dispensation } = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: prescription.items[0]!.id, quantity }] });
  return { patientId: encounter.patientId, dispensation };
}

const chargesOf = (patientId: string) => stack.db('billing_charges').where({ patient_id: patientId }).orderBy('at').orderBy('quantity', 'desc')
  .select('source', 'source_id', 'service_code', 'category', 'quantity', 'unit_price_minor', 'amount_minor');

describe('charge capture from the dispensing outbox', () => {
  it('charges a dispense at the price in force and credits its return at the same price, once each however often it runs', async () => {
    const { patientId, dispensation } = await dispense(15, 40);
    const line = dispensation.lines[0]!;
    const { returnId } = await pharmacist.call('dispensing.return', { dispensationLineId: line.id, quantity: 5, reason: 'Unopened strip' });
    // The price changes after the dispense: the charge keeps the old one.
    await pharmacist.call('stock.setPrice', { itemId: line.itemId, priceMinor: 55 });
    expect(await capture()).toBeGreaterThanOrEqual(2);
    for (let replay = 0; replay < 3; replay += 1) expect(await capture()).toBe(0);
    const charges = await chargesOf(patientId);
    expect(charges.map((row) => [row.source, row.source_id, row.category, row.quantity, Number(row.unit_price_minor), Number(row.amount_minor)])).toEqual([
      ['dispensation_line', line.id, 'drug', 15, 40, 600],
      ['dispensing_return', returnId, 'drug', -5, 40, -200],
    ]);
    const audits = await stack.db('audit_log').where({ action: 'billing.captureCharges', entity_id: patientId }).select('actor_id', 'after');
    expect(audits).toHaveLength(1);
    expect(audits[0].actor_id).toBeNull();
    expect(audits[0].after.charges.map((charge: { sourceId: string }) => charge.sourceId).sort()).toEqual([line.id, returnId].sort());
  });

  it('charges an unpriced item at its batch cost', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const drugId = await drugIdByCode(stack.db, 'amoxicillin-500mg-capsule');
    const stock = await insertTestStock(stack.db, { drugCode: 'amoxicillin-500mg-capsule', location: 'DISP', quantity: 21 });
    const cost: { unit_cost_minor: string } = await stack.db('stock_batches').where({ id: stock.batchId }).first('unit_cost_minor');
    const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'tds', durationDays: 7, quantity: 21 }] });
    await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: prescription.items[0]!.id, quantity: 21 }] });
    await capture();
    const [charge] = await chargesOf(encounter.patientId);
    expect([charge.quantity, Number(charge.unit_price_minor), Number(charge.amount_minor)]).toEqual([21, Number(cost.unit_cost_minor), 21 * Number(cost.unit_cost_minor)]);
  });

  it('charges each of many events exactly once with several consumers running at once on their own connections', async () => {
    const dispensed = await Promise.all(Array.from({ length: 12 }, () => dispense(3, 40)));
    const results = await Promise.all(Array.from({ length: 6 }, async () => {
      let total = 0;
      for (let round = 0; round < 4; round += 1) total += await captureDispensingCharges(stack.database.serverDb, stack.database.auditKey, new Date(), 5);
      return total;
    }));
    let drained = 0;
    for (let left = await capture(); left > 0; left = await capture()) drained += left;
    const ids = dispensed.flatMap((entry) => entry.dispensation.lines.map((line) => line.id));
    const rows = await stack.db('billing_charges').whereIn('source_id', ids).select('source_id');
    expect(rows.map((row) => row.source_id).sort()).toEqual([...ids].sort());
    // Every event was inserted by exactly one consumer: their counts add up to the events.
    expect(results.reduce((sum, count) => sum + count, drained)).toBe(ids.length);
    // The constraint itself refuses a second charge of a source, whoever tries.
    const [first] = await stack.db('billing_charges').whereIn('source_id', ids).select('*');
    const { id: _id, ...copy } = first;
    await expect(stack.db('billing_charges').insert(copy)).rejects.toThrow(/billing_charges_source_source_id_key/);
  });
});
