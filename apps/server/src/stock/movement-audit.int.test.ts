import { MOVEMENT_KINDS } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, drugIdByCode, insertTestStock, lastLedgerId, stockLocationId, unauditedMovements, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from './ledger-repo.js';

let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
let storekeeper: TestClient;
let main: string;
let dispensary: string;
let quarantine: string;
const stack = useTestStack({
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'audit.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
    storekeeper = await s.signedIn(['storekeeper']);
    main = await stockLocationId(s.db, 'MAIN');
    dispensary = await stockLocationId(s.db, 'DISP');
    quarantine = await stockLocationId(s.db, 'QUAR');
  },
});

async function prescribe(drugId: string, quantity: number) {
  const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
  const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'bd', durationDays: 15, quantity }] });
  return { id: prescription.id, itemId: prescription.items[0]!.id };
}

describe('audit of every movement (issue 12)', () => {
  it('has an audit row by the mover for each ledger row of every kind, and the check finds one without', async () => {
    const mark = await lastLedgerId(stack.db);
    const drugId = await drugIdByCode(stack.db, 'metformin-500mg-tablet');
    const { lines } = await storekeeper.call('stock.receive', {
      locationId: main, supplier: 'MEDS Kenya',
      lines: [
        { itemId: drugId, batchNumber: 'MET-AU1', expiry: '2028-06-30', quantity: 200, unitCostMinor: 40 },
        { itemId: drugId, batchNumber: 'MET-AU2', expiry: '2029-06-30', quantity: 50, unitCostMinor: 45 },
      ],
    });
    const [a, b] = [lines[0]!.batch.id, lines[1]!.batch.id];
    await storekeeper.call('stock.transfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ batchId: a, quantity: 50 }] });
    await pharmacist.call('stock.adjust', { locationId: dispensary, reason: 'damaged', note: 'Strip crushed', lines: [{ batchId: a, quantity: -2 }] });
    const { count } = await pharmacist.call('stock.count', { locationId: dispensary, lines: [{ batchId: a, counted: 47 }] });
    await storekeeper.call('stock.approveCount', { countId: count.id, approve: true });

    const { request } = await pharmacist.call('stock.requestTransfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ itemId: drugId, quantity: 10 }] });
    const issued = await storekeeper.call('stock.issueTransfer', { requestId: request.id });
    await pharmacist.call('stock.receiveTransfer', { requestId: request.id, lines: [{ batchId: issued.request.issues[0]!.batchId, received: 9 }], note: 'One tablet missing' });

    const online = await prescribe(drugId, 30);
    const dispensed = await pharmacist.call('dispensing.dispense', { prescriptionId: online.id, lines: [{ prescriptionItemId: online.itemId, quantity: 10 }] });
    await pharmacist.call('dispensing.return', { dispensationLineId: dispensed.dispensation.lines[0]!.id, quantity: 1, reason: 'Unopened' });
    // An offline desk handed out more than the books held: the shortfall is a discrepancy row.
    const offline = await prescribe(drugId, 30);
    const replay = await pharmacist.call('dispensing.dispense', {
      prescriptionId: offline.id, dispensedAt: new Date(Date.now() - 3_600_000).toISOString(), lines: [{ prescriptionItemId: offline.itemId, quantity: 80, batchId: a }],
    });
    expect(replay.discrepancies).toHaveLength(1);
    await pharmacist.call('stock.adjust', { locationId: dispensary, reason: 'count_correction', note: 'Found a box booked to the store', lines: [{ batchId: a, quantity: 5 }], discrepancyId: replay.discrepancies[0]!.id });

    await pharmacist.call('batches.recall', { batchId: b, reason: 'Supplier recall' });
    await storekeeper.call('stock.quarantine', { locationId: main, lines: [{ batchId: b, quantity: 50 }] });
    await storekeeper.call('stock.adjust', { locationId: quarantine, reason: 'returned_to_supplier', note: 'Collected, credit note CN-9', lines: [{ batchId: b, quantity: -50 }] });

    const kinds: string[] = await stack.db('stock_ledger').where('id', '>', mark).distinct('kind').pluck('kind');
    expect(kinds.sort()).toEqual([...MOVEMENT_KINDS].sort());
    expect(await unauditedMovements(stack.db, mark)).toEqual([]);
    expect(await ledgerMismatches(stack.db)).toEqual([]);

    // A movement written past the services (a fixture's receipt) has no audit row: the check lists it.
    const mark2 = await lastLedgerId(stack.db);
    await insertTestStock(stack.db, { drugCode: 'metformin-500mg-tablet', location: 'MAIN', quantity: 5 });
    expect(await unauditedMovements(stack.db, mark)).toEqual([{ id: mark2 + 1, kind: 'receipt', documentType: 'grn', documentId: expect.any(String) }]);
  });
});
