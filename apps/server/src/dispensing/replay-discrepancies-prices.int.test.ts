import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, drugIdByCode, insertTestStock, stockLocationId, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from '../stock/index.js';

const clock = new ManualClock(new Date('2026-12-02T08:00:00Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
let storekeeper: TestClient;
let dispensary: string;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'gaps.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
    storekeeper = await s.signedIn(['storekeeper']);
    dispensary = await stockLocationId(s.db, 'DISP');
  },
});

async function prescribe(code: string, quantity: number, dose: number, frequency: 'tds' | 'bd' = 'bd') {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const drugId = await drugIdByCode(stack.db, code);
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId, dose, doseUnit: 'mg', route: 'oral', frequency, durationDays: 5, quantity }] });
  const patient: { mrn: string } = await stack.db('patients').where({ id: encounter.patientId }).first('mrn');
  return { prescription, itemId: prescription.items[0]!.id, drugId, patientId: encounter.patientId, mrn: patient.mrn };
}

const minutesAgo = (minutes: number) => new Date(clock.now().getTime() - minutes * 60_000).toISOString();

describe('an offline dispense replayed', () => {
  it('runs a line larger than the desk\'s batch on into the next batches by FEFO: no discrepancy while the shelf held enough', async () => {
    const [first, later, soon] = await Promise.all([
      insertTestStock(stack.db, { drugCode: 'ciprofloxacin-500mg-tablet', quantity: 4, expiry: '2027-01-31' }),
      insertTestStock(stack.db, { drugCode: 'ciprofloxacin-500mg-tablet', quantity: 50, expiry: '2029-01-31' }),
      insertTestStock(stack.db, { drugCode: 'ciprofloxacin-500mg-tablet', quantity: 3, expiry: '2027-06-30' }),
    ]);
    const { prescription, itemId } = await prescribe('ciprofloxacin-500mg-tablet', 10, 500);
    const replay = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, dispensedAt: minutesAgo(30), lines: [{ prescriptionItemId: itemId, quantity: 10, batchId: first.batchId }] });
    expect(replay.dispensation.lines.map((line) => [line.batchId, line.quantity, line.chosenBy])).toEqual([
      [first.batchId, 4, 'offline_desk'], [soon.batchId, 3, 'offline_desk'], [later.batchId, 3, 'offline_desk'],
    ]);
    expect(replay.warnings).toEqual([]);
    expect(replay.discrepancies).toEqual([]);
    expect(replay.prescription.status).toBe('complete');
    expect(await stack.db('charge_events').where({ dispensation_id: replay.dispensation.id }).count('* as n')).toEqual([{ n: 3 }]);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('flags as a discrepancy only what no batch held, named with its prescription and patient (an audited read), and closes it on a count that agrees', async () => {
    const [own, other] = await Promise.all([
      insertTestStock(stack.db, { drugCode: 'metformin-500mg-tablet', quantity: 3, expiry: '2027-01-31' }),
      insertTestStock(stack.db, { drugCode: 'metformin-500mg-tablet', quantity: 4, expiry: '2028-01-31' }),
    ]);
    const { prescription, itemId, patientId, mrn } = await prescribe('metformin-500mg-tablet', 10, 500);
    const replay = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, dispensedAt: minutesAgo(20), lines: [{ prescriptionItemId: itemId, quantity: 10, batchId: own.batchId }] });
    expect(replay.dispensation.lines.map((line) => [line.batchId, line.quantity])).toEqual([[own.batchId, 6], [other.batchId, 4]]);
    expect(replay.discrepancies).toEqual([{ id: expect.any(String), batchId: own.batchId, quantity: 3 }]);
    const discrepancyId = replay.discrepancies[0]!.id;

    const reads = () => stack.db('audit_log').where({ action: 'stock.discrepancies', entity_type: 'patient', entity_id: patientId }).count('* as n');
    const { items } = await pharmacist.call('stock.discrepancies', { locationId: dispensary });
    expect(items.find((item) => item.id === discrepancyId)).toMatchObject({
      kind: 'offline_shortfall', quantity: 3, prescription: { id: prescription.id, number: prescription.number }, patient: { id: patientId, mrn, name: expect.any(String) }, outcome: null, counted: null,
    });
    expect(await reads()).toEqual([{ n: 1 }]);

    // The shelf is empty, as the books now say: nothing to post, and the server checks the count.
    const ledgerBefore = await stack.db('stock_ledger').count('* as n');
    const differs = await pharmacist.callError('stock.resolveDiscrepancy', { discrepancyId, counted: 2, note: 'Two found' });
    expect(differs).toMatchObject({ code: 'CONFLICT', details: { reason: 'count_differs', book: 0 } });
    const { discrepancy } = await pharmacist.call('stock.resolveDiscrepancy', { discrepancyId, counted: 0, note: 'Shelf empty: the packs went out with this offline dispense' });
    expect(discrepancy).toMatchObject({ id: discrepancyId, status: 'resolved', outcome: 'no_variance', counted: 0, resolution: 'Shelf empty: the packs went out with this offline dispense', patient: { id: patientId } });
    expect(await stack.db('stock_ledger').count('* as n')).toEqual(ledgerBefore);
    expect(await stack.db('stock_adjustments').where({ discrepancy_id: discrepancyId }).count('* as n')).toEqual([{ n: 0 }]);
    expect(await stack.db('audit_log').where({ action: 'stock.resolveDiscrepancy', entity_type: 'stock_discrepancy', entity_id: discrepancyId }).count('* as n')).toEqual([{ n: 1 }]);
    expect((await pharmacist.callError('stock.resolveDiscrepancy', { discrepancyId, counted: 0, note: 'Again' })).details).toMatchObject({ reason: 'discrepancy_not_open' });
    expect((await pharmacist.call('stock.discrepancies', { status: 'resolved' })).items.find((item) => item.id === discrepancyId)).toMatchObject({ outcome: 'no_variance', counted: 0 });
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('marks a discrepancy resolved by an adjustment as adjusted', async () => {
    const stock = await insertTestStock(stack.db, { drugCode: 'ibuprofen-400mg-tablet', quantity: 1, expiry: '2028-01-31' });
    const { prescription, itemId } = await prescribe('ibuprofen-400mg-tablet', 5, 400, 'tds');
    const replay = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, dispensedAt: minutesAgo(10), lines: [{ prescriptionItemId: itemId, quantity: 5, batchId: stock.batchId }] });
    const discrepancyId = replay.discrepancies[0]!.id;
    await pharmacist.call('stock.adjust', { locationId: dispensary, reason: 'count_correction', note: 'Found two in the drawer', lines: [{ batchId: stock.batchId, quantity: 2 }], discrepancyId });
    expect((await pharmacist.call('stock.discrepancies', { status: 'resolved' })).items.find((item) => item.id === discrepancyId)).toMatchObject({ outcome: 'adjusted', counted: null });
  });
});

describe('selling prices on charge events', () => {
  it('charges a dispense at the selling price in force when it was handed out (not the cost), a return at what its line was charged, and keeps every price', async () => {
    const itemDrug = await drugIdByCode(stack.db, 'amlodipine-5mg-tablet');
    await insertTestStock(stack.db, { drugCode: 'amlodipine-5mg-tablet', quantity: 100 });
    const unpriced = await prescribe('amlodipine-5mg-tablet', 2, 5, 'bd');
    const before = await pharmacist.call('dispensing.dispense', { prescriptionId: unpriced.prescription.id, lines: [{ prescriptionItemId: unpriced.itemId, quantity: 2 }] });
    expect(await stack.db('charge_events').where({ dispensation_id: before.dispensation.id }).first('unit_cost_minor', 'unit_price_minor')).toEqual({ unit_cost_minor: 250, unit_price_minor: null });

    expect((await pharmacist.call('stock.prices', { itemId: itemDrug })).current).toBeNull();
    const set = await pharmacist.call('stock.setPrice', { itemId: itemDrug, priceMinor: 1200, note: 'Price list 2026' });
    expect(set.price).toMatchObject({ itemId: itemDrug, priceMinor: 1200, note: 'Price list 2026' });
    expect((await storekeeper.callError('stock.setPrice', { itemId: itemDrug, priceMinor: 1 })).code).toBe('FORBIDDEN');

    const { prescription, itemId } = await prescribe('amlodipine-5mg-tablet', 6, 5, 'bd');
    clock.advance(60_000);
    const priced = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 3 }] });
    clock.advance(60_000);
    await pharmacist.call('stock.setPrice', { itemId: itemDrug, priceMinor: 1500 });
    clock.advance(60_000);
    // An offline dispense made before the rise is charged the price of its own time.
    const offline = await pharmacist.call('dispensing.dispense', {
      prescriptionId: prescription.id, dispensedAt: new Date(clock.now().getTime() - 150_000).toISOString(), lines: [{ prescriptionItemId: itemId, quantity: 1, batchId: priced.dispensation.lines[0]!.batchId }],
    });
    const now = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 2 }] });
    const returned = await pharmacist.call('dispensing.return', { dispensationLineId: priced.dispensation.lines[0]!.id, quantity: 1, reason: 'Unopened strip' });
    const price = async (source: string, sourceId: string) => (await stack.db('charge_events').where({ source, source_id: sourceId }).first('unit_price_minor', 'unit_cost_minor', 'quantity'));
    expect(await price('dispensation_line', priced.dispensation.lines[0]!.id)).toEqual({ unit_price_minor: 1200, unit_cost_minor: 250, quantity: 3 });
    expect(await price('dispensation_line', offline.dispensation.lines[0]!.id)).toMatchObject({ unit_price_minor: 1200 });
    expect(await price('dispensation_line', now.dispensation.lines[0]!.id)).toMatchObject({ unit_price_minor: 1500 });
    expect(await price('dispensing_return', returned.returnId)).toEqual({ unit_price_minor: 1200, unit_cost_minor: 250, quantity: -1 });

    const prices = await pharmacist.call('stock.prices', { itemId: itemDrug });
    expect(prices.current?.priceMinor).toBe(1500);
    expect(prices.history.map((row) => row.priceMinor)).toEqual([1500, 1200]);
    await expect(stack.db('stock_item_prices').where({ item_id: itemDrug }).update({ price_minor: 1 })).rejects.toThrow();
    expect(await stack.db('audit_log').where({ action: 'stock.setPrice', entity_id: itemDrug }).count('* as n')).toEqual([{ n: 2 }]);
  });
});

describe('dispensing.dispensations', () => {
  it('lists a prescription\'s dispensations with what each line has out (what a return takes), on the patient\'s record', async () => {
    await insertTestStock(stack.db, { drugCode: 'omeprazole-20mg-capsule', quantity: 40 });
    const { prescription, itemId, patientId } = await prescribe('omeprazole-20mg-capsule', 10, 20, 'bd');
    const first = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 6 }] });
    clock.advance(60_000);
    await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 4 }] });
    await pharmacist.call('dispensing.return', { dispensationLineId: first.dispensation.lines[0]!.id, quantity: 2, reason: 'Unopened' });
    const read = await pharmacist.call('dispensing.dispensations', { prescriptionId: prescription.id });
    expect(read).toMatchObject({ prescriptionId: prescription.id, number: prescription.number, patient: { id: patientId } });
    expect(read.items.map((item) => item.lines.map((line) => [line.quantity, line.returned, line.out]))).toEqual([[[6, 2, 4]], [[4, 0, 4]]]);
    expect(read.items[0]!.lines[0]).toMatchObject({ id: first.dispensation.lines[0]!.id, batchNumber: first.dispensation.lines[0]!.batchNumber, unit: expect.any(String), name: expect.any(String) });
    expect(await stack.db('audit_log').where({ action: 'dispensing.dispensations', entity_type: 'patient', entity_id: patientId }).count('* as n')).toEqual([{ n: 1 }]);
    expect((await storekeeper.callError('dispensing.dispensations', { prescriptionId: prescription.id })).code).toBe('FORBIDDEN');
  });
});

describe('storekeepers and the formulary', () => {
  it('search it to name what they receive, and read nothing else of it', async () => {
    expect((await storekeeper.call('drugs.search', { query: 'amoxicillin' })).items.map((drug) => drug.name)).toContain('Amoxicillin 500 mg capsule');
    expect((await storekeeper.callError('drugs.get', { id: await drugIdByCode(stack.db, 'amoxicillin-500mg-capsule') })).code).toBe('FORBIDDEN');
  });
});
