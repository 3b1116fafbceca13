import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, drugIdByCode, insertTestStock, stockLocationId, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from './ledger-repo.js';

const clock = new ManualClock(new Date('2026-12-02T08:00:00Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
let storekeeper: TestClient;
let nurse: TestClient;
let main: string;
let dispensary: string;
let transit: string;
let quarantine: string;
let ward: string;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'transfers.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
    storekeeper = await s.signedIn(['storekeeper']);
    nurse = await s.signedIn(['nurse']);
    main = await stockLocationId(s.db, 'MAIN');
    dispensary = await stockLocationId(s.db, 'DISP');
    transit = await stockLocationId(s.db, 'TRANSIT');
    quarantine = await stockLocationId(s.db, 'QUAR');
    const [row] = await s.db('stock_locations').insert({ code: 'WARD-3', name: 'Ward 3 (medical)', kind: 'ward' }).returning('id');
    ward = (row as { id: string }).id;
  },
});

const balance = async (locationId: string, batchId: string) =>
  Number(((await stack.db('stock_balances').where({ location_id: locationId, batch_id: batchId }).first('quantity')) as { quantity: number } | undefined)?.quantity ?? 0);
const counts = () => Promise.all(['stock_ledger', 'stock_transfer_requests', 'stock_transfer_request_issues', 'stock_discrepancies'].map(async (table) => (await stack.db(table).count('* as n'))[0]));

describe('transfer requests: request, issue, receive', () => {
  it('a ward asks, the store issues by FEFO into transit, the ward receives, and a short receipt is a discrepancy', async () => {
    const code = 'metformin-850mg-tablet';
    const itemId = await drugIdByCode(stack.db, code);
    const expired = await insertTestStock(stack.db, { drugCode: code, location: 'MAIN', quantity: 100, expiry: '2026-10-31' });
    const later = await insertTestStock(stack.db, { drugCode: code, location: 'MAIN', quantity: 100, expiry: '2029-06-30' });
    const early = await insertTestStock(stack.db, { drugCode: code, location: 'MAIN', quantity: 20, expiry: '2027-03-31' });
    await pharmacist.call('stock.setReorderLevel', { locationId: ward, itemId, level: 50 });

    expect((await doctor.callError('stock.requestTransfer', { fromLocationId: main, toLocationId: ward, lines: [{ itemId, quantity: 30 }] })).code).toBe('FORBIDDEN');
    const { request } = await nurse.call('stock.requestTransfer', { fromLocationId: main, toLocationId: ward, note: 'Weekly top-up', lines: [{ itemId, quantity: 30 }] });
    expect(request).toMatchObject({ number: expect.stringMatching(/^TR-\d{6}$/), status: 'requested', lines: [{ item: { id: itemId }, requested: 30, issued: 0, received: null }], issues: [] });
    // Nothing moves on a request.
    expect(await balance(main, early.batchId)).toBe(20);
    expect((await nurse.callError('stock.receiveTransfer', { requestId: request.id })).details).toMatchObject({ reason: 'request_not_issued' });
    expect((await nurse.callError('stock.issueTransfer', { requestId: request.id })).code).toBe('FORBIDDEN');
    expect((await storekeeper.callError('stock.issueTransfer', { requestId: request.id, lines: [{ itemId, quantity: 31 }] })).details).toEqual({ fields: { 'lines.0.quantity': 'is more than the 30 requested' } });

    const issued = await storekeeper.call('stock.issueTransfer', { requestId: request.id });
    expect(issued.request.status).toBe('issued');
    // FEFO: the expired batch is never sent; the March 2027 batch first, then the rest from June 2029.
    expect(issued.request.issues.map((issue) => [issue.batchId, issue.issued])).toEqual([[early.batchId, 20], [later.batchId, 10]]);
    expect([await balance(main, early.batchId), await balance(main, later.batchId), await balance(main, expired.batchId)]).toEqual([0, 90, 100]);
    expect([await balance(transit, early.batchId), await balance(transit, later.batchId), await balance(ward, early.batchId)]).toEqual([20, 10, 0]);
    expect((await storekeeper.callError('stock.issueTransfer', { requestId: request.id })).details).toMatchObject({ reason: 'request_not_open' });
    expect((await doctor.call('stock.lowStock', { locationId: ward })).items).toEqual([expect.objectContaining({ item: expect.objectContaining({ id: itemId }), usable: 0, inTransit: 30, shortBy: 20 })]);
    expect((await nurse.call('stock.transferRequests', { locationId: ward })).items.map((item) => item.id)).toEqual([request.id]);

    const before = await counts();
    expect((await nurse.callError('stock.receiveTransfer', { requestId: request.id, lines: [{ batchId: early.batchId, received: 21 }] })).details).toEqual({ fields: { 'lines.0.received': 'is more than the 20 issued' } });
    expect((await nurse.callError('stock.receiveTransfer', { requestId: request.id, lines: [{ batchId: early.batchId, received: 18 }] })).details).toEqual({ fields: { note: 'is required when fewer units arrived than were issued' } });
    expect((await nurse.callError('stock.receiveTransfer', { requestId: request.id, lines: [{ batchId: expired.batchId, received: 1 }] })).code).toBe('VALIDATION');
    expect(await counts()).toEqual(before);

    const received = await nurse.call('stock.receiveTransfer', { requestId: request.id, lines: [{ batchId: early.batchId, received: 18 }], note: 'One strip of 2 missing from the box' });
    expect(received.request).toMatchObject({ status: 'received', lines: [{ requested: 30, issued: 30, received: 28 }] });
    expect(received.discrepancies).toEqual([expect.objectContaining({ kind: 'transit_shortfall', locationId: ward, batchId: early.batchId, quantity: 2, documentType: 'transfer_request', documentId: request.id, status: 'open' })]);
    expect([await balance(ward, early.batchId), await balance(ward, later.batchId), await balance(transit, early.batchId), await balance(transit, later.batchId)]).toEqual([18, 10, 0, 0]);
    expect(received.movements.filter((movement) => movement.kind === 'adjustment')).toEqual([expect.objectContaining({ locationId: transit, reason: 'lost', quantity: -2 })]);
    expect((await pharmacist.call('stock.discrepancies', { locationId: ward })).items.map((item) => item.id)).toEqual([received.discrepancies[0]!.id]);
    expect((await nurse.callError('stock.receiveTransfer', { requestId: request.id })).details).toMatchObject({ reason: 'request_not_issued' });
    const audits = await stack.db('audit_log').where({ entity_type: 'stock_transfer_request', entity_id: request.id }).orderBy('seq').pluck('action');
    expect(audits).toEqual(['stock.requestTransfer', 'stock.issueTransfer', 'stock.receiveTransfer']);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('refuses to issue more than the store has usable, moving nothing; the direct transfer still works but never from transit', async () => {
    const code = 'ciprofloxacin-250mg-tablet';
    const itemId = await drugIdByCode(stack.db, code);
    const stock = await insertTestStock(stack.db, { drugCode: code, location: 'MAIN', quantity: 5 });
    const { request } = await pharmacist.call('stock.requestTransfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ itemId, quantity: 8 }] });
    const before = await counts();
    expect((await storekeeper.callError('stock.issueTransfer', { requestId: request.id })).details).toMatchObject({ reason: 'insufficient_stock', available: 5 });
    expect(await counts()).toEqual(before);
    const partial = await storekeeper.call('stock.issueTransfer', { requestId: request.id, lines: [{ itemId, quantity: 5 }] });
    expect(partial.request.lines).toEqual([expect.objectContaining({ requested: 8, issued: 5 })]);
    expect((await storekeeper.callError('stock.transfer', { fromLocationId: transit, toLocationId: dispensary, lines: [{ batchId: stock.batchId, quantity: 1 }] })).details).toMatchObject({ reason: 'not_a_shelf' });
    expect((await pharmacist.callError('stock.adjust', { locationId: transit, reason: 'lost', note: 'x', lines: [{ batchId: stock.batchId, quantity: -1 }] })).details).toMatchObject({ reason: 'not_a_shelf' });
    await pharmacist.call('stock.receiveTransfer', { requestId: request.id });
    expect(await balance(dispensary, stock.batchId)).toBe(5);
    const direct = await storekeeper.call('stock.transfer', { fromLocationId: dispensary, toLocationId: main, lines: [{ batchId: stock.batchId, quantity: 2 }] });
    expect(direct.movements).toHaveLength(2);
    expect((await pharmacist.callError('stock.requestTransfer', { fromLocationId: quarantine, toLocationId: dispensary, lines: [{ itemId, quantity: 1 }] })).details).toMatchObject({ reason: 'not_a_shelf' });
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });
});

describe('quarantine', () => {
  it('moves expired and recalled stock to quarantine by a movement, lists it, and lets it leave only written off', async () => {
    const code = 'amoxicillin-250mg5ml-oral-suspension';
    const itemId = await drugIdByCode(stack.db, code);
    const expired = await insertTestStock(stack.db, { drugCode: code, location: 'DISP', quantity: 12, expiry: '2026-11-30' });
    const good = await insertTestStock(stack.db, { drugCode: code, location: 'DISP', quantity: 30, expiry: '2028-11-30' });
    const recalled = await insertTestStock(stack.db, { drugCode: code, location: 'DISP', quantity: 7, expiry: '2029-01-31' });
    await pharmacist.call('batches.recall', { batchId: recalled.batchId, reason: 'Supplier recall: contamination' });

    expect((await doctor.callError('stock.quarantine', { locationId: dispensary, lines: [{ batchId: expired.batchId, quantity: 12 }] })).code).toBe('FORBIDDEN');
    const before = await counts();
    expect((await pharmacist.callError('stock.quarantine', { locationId: dispensary, lines: [{ batchId: good.batchId, quantity: 1 }] })).details)
      .toEqual({ fields: { 'lines.0.batchId': expect.stringMatching(/is neither expired \(2028-11-30\) nor recalled/) } });
    expect((await pharmacist.callError('stock.quarantine', { locationId: dispensary, lines: [{ batchId: expired.batchId, quantity: 13 }] })).details).toMatchObject({ reason: 'insufficient_stock' });
    expect(await counts()).toEqual(before);

    const moved = await storekeeper.call('stock.quarantine', { locationId: dispensary, note: 'Weekly expiry sweep', lines: [{ batchId: expired.batchId, quantity: 12 }, { batchId: recalled.batchId, quantity: 7 }] });
    expect(moved.movements.map((movement) => [movement.kind, movement.locationId, movement.quantity])).toEqual([
      ['transfer_out', dispensary, -12], ['transfer_in', quarantine, 12], ['transfer_out', dispensary, -7], ['transfer_in', quarantine, 7],
    ]);
    const { items } = await doctor.call('stock.quarantined', {});
    expect(items.filter((item) => item.item.id === itemId)).toEqual([
      expect.objectContaining({ locationId: quarantine, batchId: expired.batchId, onHand: 12, expired: true, recalled: false }),
      expect.objectContaining({ locationId: quarantine, batchId: recalled.batchId, onHand: 7, expired: false, recalled: true }),
    ]);
    expect(await stack.db('audit_log').where({ action: 'stock.quarantine', entity_id: moved.transferId }).count('* as n')).toEqual([{ n: 1 }]);

    // Never dispensed or transferred from quarantine; only written off or returned.
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId: itemId, dose: 250, doseUnit: 'mg', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 1 }] });
    expect((await pharmacist.callError('dispensing.dispense', { prescriptionId: prescription.id, locationId: quarantine, lines: [{ prescriptionItemId: prescription.items[0]!.id, quantity: 1 }] })).details).toMatchObject({ reason: 'not_a_shelf' });
    expect((await storekeeper.callError('stock.transfer', { fromLocationId: quarantine, toLocationId: main, lines: [{ batchId: expired.batchId, quantity: 1 }] })).details).toMatchObject({ reason: 'not_a_shelf' });
    expect((await storekeeper.callError('stock.transfer', { fromLocationId: dispensary, toLocationId: quarantine, lines: [{ batchId: good.batchId, quantity: 1 }] })).details).toMatchObject({ reason: 'not_a_shelf' });
    expect((await storekeeper.callError('stock.requestTransfer', { fromLocationId: main, toLocationId: quarantine, lines: [{ itemId, quantity: 1 }] })).details).toMatchObject({ reason: 'not_a_shelf' });
    expect((await pharmacist.callError('stock.adjust', { locationId: quarantine, reason: 'count_correction', note: 'recount', lines: [{ batchId: expired.batchId, quantity: -1 }] })).code).toBe('VALIDATION');
    await pharmacist.call('stock.adjust', { locationId: quarantine, reason: 'returned_to_supplier', note: 'Collected by the supplier, credit note CN-88', lines: [{ batchId: recalled.batchId, quantity: -7 }] });
    await pharmacist.call('stock.adjust', { locationId: quarantine, reason: 'expired', note: 'Destroyed by incineration, witness J. Otieno', lines: [{ batchId: expired.batchId, quantity: -12 }] });
    expect((await doctor.call('stock.quarantined', {})).items.filter((item) => item.item.id === itemId)).toEqual([]);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });
});
