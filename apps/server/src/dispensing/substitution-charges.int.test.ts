import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, drugIdByCode, insertTestStock, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from '../stock/index.js';

const clock = new ManualClock(new Date('2026-12-02T08:00:00Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'subst.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
  },
});

async function prescribe(code: string, quantity: number, dose: number, frequency: 'tds' | 'bd' = 'tds') {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const drugId = await drugIdByCode(stack.db, code);
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId, dose, doseUnit: 'mg', route: 'oral', frequency, durationDays: 5, quantity }] });
  const visit: { visit_id: string } = await stack.db('encounters').where({ id: encounter.id }).first('visit_id');
  return { prescription, itemId: prescription.items[0]!.id, drugId, patientId: encounter.patientId, visitId: visit.visit_id };
}

describe('generic substitution', () => {
  it('dispenses another product of the same generic and strength with a reason, shown on the line and in the worklist, and charged as what was handed out', async () => {
    const { prescription, itemId, drugId, patientId, visitId } = await prescribe('doxycycline-100mg-capsule', 10, 100, 'bd');
    const substitute = await drugIdByCode(stack.db, 'doxycycline-100mg-dispersible-tablet');
    const stock = await insertTestStock(stack.db, { drugCode: 'doxycycline-100mg-dispersible-tablet', location: 'DISP', quantity: 40 });
    const reason = 'Capsules out of stock: dispersible tablets, same dose';
    const result = await pharmacist.call('dispensing.dispense', {
      prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 10, substituteItemId: substitute, substitutionReason: reason }],
    });
    expect(result.dispensation.lines).toEqual([expect.objectContaining({ itemId: substitute, batchId: stock.batchId, quantity: 10, substitution: { prescribedItemId: drugId, reason } })]);
    const [entry] = (await pharmacist.call('dispensing.worklist', { scan: prescription.number, includeComplete: true })).items;
    expect(entry!.items[0]).toMatchObject({ dispensed: 10, substitutions: [{ itemId: substitute, quantity: 10, reason }] });
    const charges = await stack.db('charge_events').where({ dispensation_id: result.dispensation.id }).select('source', 'source_id', 'patient_id', 'visit_id', 'item_id', 'quantity', 'unit_cost_minor', 'substituted_for');
    expect(charges).toEqual([{ source: 'dispensation_line', source_id: result.dispensation.lines[0]!.id, patient_id: patientId, visit_id: visitId, item_id: substitute, quantity: 10, unit_cost_minor: 250, substituted_for: drugId }]);
    // A return of the substitute is credited as the same substitution.
    const back = await pharmacist.call('dispensing.return', { dispensationLineId: result.dispensation.lines[0]!.id, quantity: 5, reason: 'Unopened box' });
    expect(await stack.db('charge_events').where({ source: 'dispensing_return', source_id: back.returnId }).first('item_id', 'quantity', 'substituted_for')).toEqual({ item_id: substitute, quantity: -5, substituted_for: drugId });
    const audit: { after: { lines: Array<{ substitution: unknown }> } } = await stack.db('audit_log').where({ action: 'dispensing.dispense', entity_id: patientId }).first('after');
    expect(audit.after.lines[0]!.substitution).toEqual({ prescribedItemId: drugId, reason });
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('offers, per prescription item, the products that may stand in with usable units at the dispensary, batches in FEFO order; never another strength or generic', async () => {
    const { prescription, itemId } = await prescribe('doxycycline-100mg-capsule', 10, 100, 'bd');
    const substitute = await drugIdByCode(stack.db, 'doxycycline-100mg-dispersible-tablet');
    const late = await insertTestStock(stack.db, { drugCode: 'doxycycline-100mg-dispersible-tablet', location: 'DISP', quantity: 10, expiry: '2031-06-30' });
    const early = await insertTestStock(stack.db, { drugCode: 'doxycycline-100mg-dispersible-tablet', location: 'DISP', quantity: 10, expiry: '2029-06-30' });
    // Another generic held at the dispensary is never offered.
    await insertTestStock(stack.db, { drugCode: 'paracetamol-500mg-tablet', location: 'DISP', quantity: 10 });
    const read = await pharmacist.call('dispensing.substitutes', { prescriptionId: prescription.id });
    expect(read.items).toHaveLength(1);
    expect(read.items[0]!.prescriptionItemId).toBe(itemId);
    expect(read.items[0]!.substitutes.map((held) => held.item.id)).toEqual([substitute]);
    const batches = read.items[0]!.substitutes[0]!.batches.map((batch) => batch.batchId);
    expect(batches.indexOf(early.batchId)).toBeLessThan(batches.indexOf(late.batchId));
    expect(await pharmacist.callError('dispensing.substitutes', { prescriptionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND' });
    // Amoxicillin 250 mg capsules at the dispensary do not stand in for 500 mg ones (the units would count one for one).
    await insertTestStock(stack.db, { drugCode: 'amoxicillin-250mg-capsule', location: 'DISP', quantity: 40 });
    const amoxicillin = await prescribe('amoxicillin-500mg-capsule', 15, 500);
    expect((await pharmacist.call('dispensing.substitutes', { prescriptionId: amoxicillin.prescription.id })).items).toEqual([{ prescriptionItemId: amoxicillin.itemId, substitutes: [] }]);
  });

  it('refuses another generic, a substitute without a reason and a reason without a substitute, writing nothing', async () => {
    const { prescription, itemId } = await prescribe('amoxicillin-500mg-capsule', 15, 500);
    const paracetamol = await drugIdByCode(stack.db, 'paracetamol-500mg-tablet');
    const substitute = await drugIdByCode(stack.db, 'amoxicillin-250mg-capsule');
    await insertTestStock(stack.db, { drugCode: 'paracetamol-500mg-tablet', location: 'DISP', quantity: 40 });
    const before = await Promise.all(['stock_ledger', 'dispensation_lines', 'charge_events'].map((table) => stack.db(table).count('* as n')));
    const other = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 5, substituteItemId: paracetamol, substitutionReason: 'none left' }] });
    expect(other.details).toEqual({ fields: { 'lines.0.substituteItemId': expect.stringMatching(/only the same generic may be substituted/) } });
    const otherStrength = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 5, substituteItemId: substitute, substitutionReason: 'two per dose' }] });
    expect(otherStrength.details).toEqual({ fields: { 'lines.0.substituteItemId': 'is 250 mg, not 500 mg: only the same strength may be substituted' } });
    const injection = await drugIdByCode(stack.db, 'amoxicillin-clavulanic-acid-500mg125mg-tablet');
    expect((await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 5, substituteItemId: injection, substitutionReason: 'x' }] })).details)
      .toEqual({ fields: { 'lines.0.substituteItemId': expect.stringMatching(/only the same generic/) } });
    const noReason = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 5, substituteItemId: substitute }] });
    expect(noReason.details).toEqual({ fields: { 'lines.0.substituteItemId': expect.stringMatching(/same strength/), 'lines.0.substitutionReason': 'is required when dispensing another product' } });
    const noSubstitute = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 5, substitutionReason: 'why' }] });
    expect(noSubstitute.details).toEqual({ fields: { 'lines.0.substituteItemId': 'is required with a substitution reason' } });
    expect(await Promise.all(['stock_ledger', 'dispensation_lines', 'charge_events'].map((table) => stack.db(table).count('* as n')))).toEqual(before);
  });
});

describe('charge events for billing', () => {
  it('writes one row per dispensed batch and a negative one per return, in the same transaction, and refuses changes to them', async () => {
    const { prescription, itemId, drugId, patientId } = await prescribe('paracetamol-500mg-tablet', 30, 500);
    const [early, late] = await Promise.all([
      insertTestStock(stack.db, { drugCode: 'paracetamol-500mg-tablet', location: 'DISP', quantity: 10, expiry: '2027-01-31' }),
      insertTestStock(stack.db, { drugCode: 'paracetamol-500mg-tablet', location: 'DISP', quantity: 100, expiry: '2029-01-31' }),
    ]);
    await stack.db('stock_batches').where({ id: late.batchId }).update({ unit_cost_minor: 300 });
    const { dispensation } = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 30 }] });
    const lateLine = dispensation.lines.find((line) => line.batchId === late.batchId)!;
    const returned = await pharmacist.call('dispensing.return', { dispensationLineId: lateLine.id, quantity: 4, reason: 'Unopened strip' });
    const rows = await stack.db('charge_events').where({ patient_id: patientId }).orderBy('id').select('source', 'source_id', 'item_id', 'batch_id', 'quantity', 'unit_cost_minor');
    expect(rows.map((row) => [row.source, row.batch_id, row.quantity, Number(row.unit_cost_minor)])).toEqual(expect.arrayContaining([
      ['dispensation_line', early.batchId, 10, 250], ['dispensation_line', late.batchId, 20, 300], ['dispensing_return', late.batchId, -4, 300],
    ]));
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.item_id === drugId)).toBe(true);
    expect(rows.at(-1)!.source_id).toBe(returned.returnId);
    await expect(stack.db('charge_events').where({ patient_id: patientId }).update({ quantity: 1 })).rejects.toThrow();
    // A refused return writes no charge.
    await pharmacist.callError('dispensing.return', { dispensationLineId: lateLine.id, quantity: 17, reason: 'More than is out' });
    expect(await stack.db('charge_events').where({ patient_id: patientId }).count('* as n')).toEqual([{ n: 3 }]);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });
});
