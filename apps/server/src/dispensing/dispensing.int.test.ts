import { GROUP_SEPARATOR as GS, gtinCheckDigit } from '@hms/core';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, drugIdByCode, insertTestStock, stockLocationId, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from '../stock/index.js';

const clock = new ManualClock(new Date('2026-12-02T08:00:00Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
let dispensary: string;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'dispense.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
    dispensary = await stockLocationId(s.db, 'DISP');
  },
});

/** A doctor prescribes through the protocol, in their own open encounter. */
async function prescribe(code: string, quantity: number, dose = 500, frequency: 'tds' | 'bd' = 'tds') {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const drugId = await drugIdByCode(stack.db, code);
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId, dose, doseUnit: 'mg', route: 'oral', frequency, durationDays: 5, quantity }] });
  return { prescription, itemId: prescription.items[0]!.id, drugId, patientId: encounter.patientId };
}

/** Fresh stock of one product: a drug other tests do not touch, so FEFO sees only these batches. */
async function shelf(code: string, batches: Array<{ expiry: string; quantity: number }>) {
  return Promise.all(batches.map((batch) => insertTestStock(stack.db, { drugCode: code, location: 'DISP', ...batch })));
}

describe('dispensing.worklist', () => {
  it('shows a doctor\'s new prescription at once (event), and finds it by RX- number or id', async () => {
    const desk = await stack.signedIn(['pharmacist']);
    await desk.call('dispensing.worklist', {});
    await stack.db('doctor_profiles').insert({ user_id: doctorUser.id, consultation_minutes: 15, registration_number: 'KMPDC A1234' }).onConflict('user_id').merge(['registration_number']);
    const { prescription, patientId } = await prescribe('amoxicillin-500mg-capsule', 15);
    await desk.waitForEvent((event) => event.event === 'prescriptions.changed' && (event.data as { prescriptionId: string }).prescriptionId === prescription.id, 1_000);
    const { items } = await desk.call('dispensing.worklist', {});
    expect(items.find((entry) => entry.prescriptionId === prescription.id)).toMatchObject({
      number: prescription.number, status: 'open', patient: { id: patientId }, prescriberRegistration: 'KMPDC A1234', items: [{ name: 'Amoxicillin 500 mg capsule', prescribed: 15, dispensed: 0, outstanding: 15 }],
    });
    expect((await desk.call('dispensing.worklist', { scan: prescription.number.toLowerCase() })).items.map((entry) => entry.prescriptionId)).toEqual([prescription.id]);
    expect((await desk.call('dispensing.worklist', { scan: prescription.id })).items.map((entry) => entry.prescriptionId)).toEqual([prescription.id]);
    expect((await desk.call('dispensing.worklist', { scan: 'RX-999999' })).items).toEqual([]);
    expect((await desk.call('dispensing.worklist', { patientId })).items.map((entry) => entry.prescriptionId)).toEqual([prescription.id]);
    // Every read that showed this patient alone is on their record (the first list showed only them too).
    expect(await stack.db('audit_log').where({ action: 'dispensing.worklist', entity_type: 'patient', entity_id: patientId }).count('* as n')).toEqual([{ n: 4 }]);
  });
});

describe('dispensing.dispense', () => {
  it('picks the earlier expiry itself, runs on into the next batch, and a partial dispense leaves the balance open', async () => {
    const [later, earlier] = await shelf('amoxicillin-250mg-capsule', [{ expiry: '2028-06-30', quantity: 100 }, { expiry: '2027-03-31', quantity: 10 }]);
    const { prescription, itemId } = await prescribe('amoxicillin-250mg-capsule', 21, 250);
    const first = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 14 }] });
    expect(first.dispensation.lines.map((line) => [line.batchId, line.quantity, line.chosenBy])).toEqual([[earlier!.batchId, 10, 'fefo'], [later!.batchId, 4, 'fefo']]);
    expect(first.prescription).toMatchObject({ status: 'partial', items: [{ dispensed: 14, outstanding: 7 }] });
    const { items } = await pharmacist.call('dispensing.worklist', {});
    expect(items.find((entry) => entry.prescriptionId === prescription.id)?.items[0]?.outstanding).toBe(7);
    const rest = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 7 }] });
    expect(rest.prescription.status).toBe('complete');
    expect((await pharmacist.call('dispensing.worklist', {})).items.map((entry) => entry.prescriptionId)).not.toContain(prescription.id);
    expect((await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 1 }] })).details)
      .toMatchObject({ reason: 'exceeds_prescribed', outstanding: 0 });
    expect(await stack.db('audit_log').where({ action: 'dispensing.dispense', entity_type: 'patient', entity_id: prescription.patientId }).count('* as n')).toEqual([{ n: 2 }]);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('refuses expired and recalled batches with clear errors, and another batch than FEFO\'s without a reason', async () => {
    const [expired, soon, late] = await shelf('metronidazole-400mg-tablet', [{ expiry: '2026-11-30', quantity: 50 }, { expiry: '2027-01-31', quantity: 20 }, { expiry: '2029-01-31', quantity: 20 }]);
    const { prescription, itemId } = await prescribe('metronidazole-400mg-tablet', 15, 400);
    const line = { prescriptionItemId: itemId, quantity: 5 };
    const expiredError = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ ...line, batchId: expired!.batchId, reason: 'shelf' }] });
    expect(expiredError).toMatchObject({ code: 'CONFLICT', message: `Batch ${expired!.batchNumber} expired on 2026-11-30: it may not be dispensed.`, details: { reason: 'batch_expired' } });
    const noReason = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ ...line, batchId: late!.batchId }] });
    expect(noReason.details).toMatchObject({ reason: 'reason_required', fefoBatchId: soon!.batchId });
    const withReason = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ ...line, batchId: late!.batchId, reason: 'Patient travels for 3 months' }] });
    expect(withReason.dispensation.lines).toEqual([expect.objectContaining({ batchId: late!.batchId, chosenBy: 'pharmacist', fefoBatchId: soon!.batchId, reason: 'Patient travels for 3 months' })]);

    const recall = await pharmacist.call('batches.recall', { batchId: late!.batchId, reason: 'Manufacturer recall 2026-44' });
    expect(recall.recipients).toEqual([expect.objectContaining({ patientId: prescription.patientId, quantity: 5, dispensationId: withReason.dispensation.id })]);
    expect((await pharmacist.callError('batches.recall', { batchId: late!.batchId, reason: 'again' })).details).toMatchObject({ reason: 'already_recalled' });
    const recalledError = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ ...line, batchId: late!.batchId, reason: 'x' }] });
    expect(recalledError).toMatchObject({ code: 'CONFLICT', details: { reason: 'batch_recalled', batchId: late!.batchId } });
    // FEFO itself never takes the expired or the recalled batch.
    const fefo = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [line] });
    expect(fefo.dispensation.lines.map((l) => l.batchId)).toEqual([soon!.batchId]);
    const onHand = await pharmacist.call('stock.onHand', { locationId: dispensary, itemId: soon!.itemId });
    expect(onHand.items[0]).toMatchObject({ onHand: 50 + 15 + 15, usable: 15 });
    expect(onHand.items[0]!.batches.map((batch) => [batch.batchId, batch.expired, batch.recalled])).toEqual([[soon!.batchId, false, false], [expired!.batchId, true, false], [late!.batchId, false, true]]);
  });

  it('answers insufficient_stock with what is usable, writing nothing', async () => {
    await shelf('ciprofloxacin-500mg-tablet', [{ expiry: '2028-01-31', quantity: 4 }]);
    const { prescription, itemId } = await prescribe('ciprofloxacin-500mg-tablet', 10);
    const before = await stack.db('stock_ledger').count('* as n');
    const error = await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 10 }] });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'insufficient_stock', available: 4 } });
    expect(await stack.db('stock_ledger').count('* as n')).toEqual(before);
    expect(await stack.db('dispensations').where({ prescription_id: prescription.id }).count('* as n')).toEqual([{ n: 0 }]);
  });

  it('records an offline replay even when the books went short, flags the shortfall as a discrepancy, and applies it once', async () => {
    const [batch] = await shelf('doxycycline-100mg-capsule', [{ expiry: '2028-01-31', quantity: 3 }]);
    const { prescription, itemId } = await prescribe('doxycycline-100mg-capsule', 10, 100, 'bd');
    const dispensedAt = new Date(clock.now().getTime() - 40 * 60_000).toISOString();
    const params = { prescriptionId: prescription.id, dispensedAt, lines: [{ prescriptionItemId: itemId, quantity: 10, batchId: batch!.batchId }] };
    const key = randomUUID();
    const replay = await pharmacist.call('dispensing.dispense', params, { idempotencyKey: key });
    expect(replay.dispensation).toMatchObject({ offline: true, dispensedAt, lines: [{ batchId: batch!.batchId, quantity: 10, chosenBy: 'offline_desk' }] });
    expect(replay.warnings).toEqual([{ code: 'stock_short', prescriptionItemId: itemId, batchId: batch!.batchId }]);
    expect(replay.discrepancies).toEqual([{ id: expect.any(String), batchId: batch!.batchId, quantity: 7 }]);
    const again = await pharmacist.call('dispensing.dispense', params, { idempotencyKey: key });
    expect(again.dispensation.id).toBe(replay.dispensation.id);
    expect(await stack.db('dispensations').where({ prescription_id: prescription.id }).count('* as n')).toEqual([{ n: 1 }]);
    const { items } = await pharmacist.call('stock.discrepancies', { locationId: dispensary });
    expect(items.find((item) => item.id === replay.discrepancies[0]!.id)).toMatchObject({ kind: 'offline_shortfall', quantity: 7, status: 'open', documentId: replay.dispensation.id });
    expect((await pharmacist.call('stock.onHand', { locationId: dispensary, itemId: batch!.itemId })).items[0]?.onHand ?? 0).toBe(0);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
    // The pharmacist counts the shelf and resolves it.
    await pharmacist.call('stock.adjust', { locationId: dispensary, reason: 'count_correction', note: 'GRN-000412 was booked to the main store', lines: [{ batchId: batch!.batchId, quantity: 2 }], discrepancyId: replay.discrepancies[0]!.id });
    expect((await pharmacist.call('stock.discrepancies', { status: 'resolved' })).items.map((item) => item.id)).toContain(replay.discrepancies[0]!.id);
    expect((await pharmacist.callError('dispensing.dispense', { ...params, lines: [{ prescriptionItemId: itemId, quantity: 1 }] })).details).toEqual({ fields: { 'lines.0.batchId': expect.stringMatching(/required for an offline dispense/) } });
  });

  it('checks the scanned pack at the counter: the prescribed product, and its batch under FEFO\'s rules', async () => {
    const gtin = (payload: string) => `${payload}${gtinCheckDigit(payload)}`;
    const [amoxicillin, paracetamol] = [gtin('0506077700001'), gtin('0506077700002')];
    const pack = (code: string, yymmdd: string, batch: string) => `]d201${code}17${yymmdd}10${batch}${GS}21S1`;
    await pharmacist.call('stock.receive', {
      locationId: dispensary, supplier: 'MEDS',
      lines: [
        { itemId: await drugIdByCode(stack.db, 'amoxicillin-500mg-capsule'), scan: pack(amoxicillin, '270600', 'SCAN-EARLY'), quantity: 20, unitCostMinor: 100 },
        { itemId: await drugIdByCode(stack.db, 'amoxicillin-500mg-capsule'), scan: pack(amoxicillin, '290600', 'SCAN-LATE'), quantity: 20, unitCostMinor: 100 },
        { itemId: await drugIdByCode(stack.db, 'paracetamol-500mg-tablet'), scan: pack(paracetamol, '290600', 'PCM-S'), quantity: 20, unitCostMinor: 100 },
      ],
    });
    const { prescription, itemId } = await prescribe('amoxicillin-500mg-capsule', 10);
    const line = (scan: string, reason?: string) => ({ prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 2, scan, ...(reason === undefined ? {} : { reason }) }] });
    expect(await pharmacist.callError('dispensing.dispense', line(pack(paracetamol, '290600', 'PCM-S')))).toMatchObject({
      code: 'CONFLICT', message: 'The scanned pack is Paracetamol 500 mg tablet, not the prescribed Amoxicillin 500 mg capsule.', details: { reason: 'wrong_product' },
    });
    expect((await pharmacist.callError('dispensing.dispense', line(pack(gtin('0506077700099'), '290600', 'X')))).details).toMatchObject({ reason: 'unknown_pack' });
    expect((await pharmacist.callError('dispensing.dispense', line(pack(amoxicillin, '290600', 'NEVER')))).details).toMatchObject({ reason: 'unknown_batch' });
    expect((await pharmacist.callError('dispensing.dispense', line(pack(amoxicillin, '290600', 'SCAN-LATE')))).details).toMatchObject({ reason: 'reason_required' });
    const fefoPack = await pharmacist.call('dispensing.dispense', line(pack(amoxicillin, '270600', 'SCAN-EARLY')));
    expect(fefoPack.dispensation.lines.map((l) => [l.batchNumber, l.chosenBy])).toEqual([['SCAN-EARLY', 'fefo']]);
    const laterPack = await pharmacist.call('dispensing.dispense', line(pack(amoxicillin, '290600', 'SCAN-LATE'), 'Only this pack is sealed'));
    expect(laterPack.dispensation.lines.map((l) => [l.batchNumber, l.chosenBy])).toEqual([['SCAN-LATE', 'pharmacist']]);
  });

  it('returns unopened packs to the shelf they left, never more than is out', async () => {
    await shelf('fluconazole-150mg-capsule', [{ expiry: '2028-01-31', quantity: 5 }]);
    const { prescription, itemId } = await prescribe('fluconazole-150mg-capsule', 2, 150);
    const { dispensation } = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: itemId, quantity: 2 }] });
    const lineId = dispensation.lines[0]!.id;
    expect(await pharmacist.call('dispensing.return', { dispensationLineId: lineId, quantity: 1, reason: 'Unopened' })).toMatchObject({ quantity: 1, returnedTotal: 1 });
    expect((await pharmacist.callError('dispensing.return', { dispensationLineId: lineId, quantity: 2, reason: 'Unopened' })).details).toMatchObject({ reason: 'exceeds_dispensed', outstanding: 1 });
    expect((await pharmacist.call('stock.onHand', { locationId: dispensary, itemId: dispensation.lines[0]!.itemId })).items[0]?.onHand).toBe(4);
  });
});
