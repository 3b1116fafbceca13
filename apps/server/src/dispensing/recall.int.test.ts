import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, drugIdByCode, stockLocationId, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
let storekeeper: TestClient;
let main: string;
let dispensary: string;
const stack = useTestStack({
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'recall.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
    storekeeper = await s.signedIn(['storekeeper']);
    main = await stockLocationId(s.db, 'MAIN');
    dispensary = await stockLocationId(s.db, 'DISP');
  },
});

/** A doctor's prescription of metronidazole (a drug no other test here stocks) for a new patient. */
async function prescribe(quantity: number) {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const drugId = await drugIdByCode(stack.db, 'metronidazole-400mg-tablet');
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId, dose: 400, doseUnit: 'mg', route: 'oral', frequency: 'tds', durationDays: 5, quantity }] });
  return { id: prescription.id, itemId: prescription.items[0]!.id, patientId: encounter.patientId };
}

describe('recalls', () => {
  it('blocks the batch at every location at once and lists who kept units; the list read again adds an offline dispense replayed after it', async () => {
    const drugId = await drugIdByCode(stack.db, 'metronidazole-400mg-tablet');
    const received = await storekeeper.call('stock.receive', {
      locationId: main, supplier: 'MEDS Kenya',
      lines: [{ itemId: drugId, batchNumber: 'MTZ-RC1', expiry: '2029-06-30', quantity: 100, unitCostMinor: 300 }],
    });
    const batchId = received.lines[0]!.batch.id;
    await storekeeper.call('stock.transfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ batchId, quantity: 60 }] });
    const [kept, returnedAll, offline] = [await prescribe(15), await prescribe(15), await prescribe(15)];
    await pharmacist.call('dispensing.dispense', { prescriptionId: kept.id, lines: [{ prescriptionItemId: kept.itemId, quantity: 15 }] });
    const back = await pharmacist.call('dispensing.dispense', { prescriptionId: returnedAll.id, lines: [{ prescriptionItemId: returnedAll.itemId, quantity: 15 }] });
    await pharmacist.call('dispensing.return', { dispensationLineId: back.dispensation.lines[0]!.id, quantity: 15, reason: 'Unopened, patient switched' });

    const recall = await pharmacist.call('batches.recall', { batchId, reason: 'Manufacturer recall: tablets crumbling' });
    expect(recall.recipients.map((recipient) => [recipient.patientId, recipient.quantity])).toEqual([[kept.patientId, 15]]);
    // Blocked everywhere at once: the dispensary's counter and the store's transfers.
    expect((await pharmacist.callError('dispensing.dispense', { prescriptionId: offline.id, lines: [{ prescriptionItemId: offline.itemId, quantity: 5, batchId, reason: 'Only box' }] })).details)
      .toMatchObject({ reason: 'batch_recalled' });
    expect((await storekeeper.callError('stock.transfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ batchId, quantity: 5 }] })).details).toMatchObject({ reason: 'batch_recalled' });
    for (const locationId of [main, dispensary]) {
      const held = (await doctor.call('stock.onHand', { locationId, itemId: drugId })).items[0]!;
      expect([held.usable, held.batches.find((batch) => batch.batchId === batchId)?.recalled]).toEqual([0, true]);
    }

    // A desk that was offline handed out 5 from the box before it heard of the recall; its replay is recorded.
    const replay = await pharmacist.call('dispensing.dispense', {
      prescriptionId: offline.id, dispensedAt: new Date(Date.now() - 30 * 60_000).toISOString(), lines: [{ prescriptionItemId: offline.itemId, quantity: 5, batchId }],
    });
    expect(replay.warnings.map((warning) => warning.code)).toContain('batch_recalled');
    const again = await pharmacist.call('batches.recipients', { batchId });
    expect(again.item.id).toBe(drugId);
    expect(again.batch).toMatchObject({ batchNumber: 'MTZ-RC1', recallReason: 'Manufacturer recall: tablets crumbling' });
    // In the order they were handed out: the offline desk's was half an hour ago.
    expect(again.recipients.map((recipient) => [recipient.patientId, recipient.quantity])).toEqual([[offline.patientId, 5], [kept.patientId, 15]]);
    expect(again.recipients[0]).toMatchObject({ mrn: expect.any(String), name: expect.any(String), dispensationId: replay.dispensation.id });
    const audited = async (patientId: string) => stack.db('audit_log').where({ action: 'batches.recipients', entity_type: 'patient', entity_id: patientId }).count('* as n');
    expect([await audited(kept.patientId), await audited(offline.patientId), await audited(returnedAll.patientId)]).toEqual([[{ n: 1 }], [{ n: 1 }], [{ n: 0 }]]);

    const { items } = await pharmacist.call('batches.recalls', {});
    expect(items[0]).toMatchObject({ item: { id: drugId }, batch: { id: batchId }, onHand: 100 - 15 - 5, patients: 2 });
    expect((await pharmacist.callError('batches.recall', { batchId, reason: 'again' })).details).toMatchObject({ reason: 'already_recalled' });
    for (const caller of [doctor, storekeeper]) expect((await caller.callError('batches.recipients', { batchId })).code).toBe('FORBIDDEN');
  });
});
