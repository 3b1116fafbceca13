import { GROUP_SEPARATOR as GS, gtinCheckDigit } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { drugIdByCode, insertTestStock, stockLocationId, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { ledgerMismatches } from './ledger-repo.js';

let pharmacist: TestClient;
let storekeeper: TestClient;
let doctor: TestClient;
let main: string;
let dispensary: string;
const stack = useTestStack({
  setup: async (s) => {
    pharmacist = await s.signedIn(['pharmacist']);
    storekeeper = await s.signedIn(['storekeeper']);
    doctor = await s.signedIn(['doctor']);
    main = await stockLocationId(s.db, 'MAIN');
    dispensary = await stockLocationId(s.db, 'DISP');
  },
});

const gtin = (payload13: string) => `${payload13}${gtinCheckDigit(payload13)}`;
const AMOXICILLIN_GTIN = gtin('0506012345678');

/** A DataMatrix as the scanner sends it: ]d2, GTIN, expiry, batch, GS, serial. */
const scan = (code: string, yymmdd: string, batch: string, serial = 'SN0001') => `]d201${code}17${yymmdd}10${batch}${GS}21${serial}`;

describe('stock.receive', () => {
  it('receives two batches of amoxicillin by scanning, learns the GTIN, and keeps the ledger and balances equal', async () => {
    const amoxicillin = await drugIdByCode(stack.db, 'amoxicillin-500mg-capsule');
    const { grn, lines } = await storekeeper.call('stock.receive', {
      locationId: main, supplier: 'MEDS Kenya', purchaseOrder: 'PO-2026-118',
      lines: [
        { itemId: amoxicillin, scan: scan(AMOXICILLIN_GTIN, '280331', 'AMX2803'), quantity: 500, unitCostMinor: 1200 },
        // The second pack's GTIN names the item: no itemId needed once it has been received.
        { scan: `(01)${AMOXICILLIN_GTIN}(17)270900(10)AMX2709(21)SN9`, quantity: 300, unitCostMinor: 1150 },
      ],
    });
    expect(grn).toMatchObject({ number: expect.stringMatching(/^GRN-\d{6}$/), supplier: 'MEDS Kenya', purchaseOrder: 'PO-2026-118' });
    expect(lines.map((line) => [line.item.id, line.batch.batchNumber, line.batch.expiry, line.batch.gtin, line.quantity, line.serial])).toEqual([
      [amoxicillin, 'AMX2803', '2028-03-31', AMOXICILLIN_GTIN, 500, 'SN0001'],
      [amoxicillin, 'AMX2709', '2027-09-30', AMOXICILLIN_GTIN, 300, 'SN9'],
    ]);
    const { items } = await doctor.call('stock.onHand', { locationId: main, itemId: amoxicillin });
    // FEFO order: the September 2027 batch first.
    expect(items).toEqual([expect.objectContaining({ onHand: 800, usable: 800, batches: [expect.objectContaining({ batchNumber: 'AMX2709', onHand: 300 }), expect.objectContaining({ batchNumber: 'AMX2803', onHand: 500 })] })]);
    expect(await stack.db('audit_log').where({ action: 'stock.receive', entity_id: grn.id }).count('* as n')).toEqual([{ n: 1 }]);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('refuses a misread GTIN, an expired pack, a changed expiry and a line without an item, writing nothing', async () => {
    const amoxicillin = await drugIdByCode(stack.db, 'amoxicillin-500mg-capsule');
    const before = await stack.db('stock_ledger').count('* as n');
    const wrongDigit = `${AMOXICILLIN_GTIN.slice(0, 13)}${(Number(AMOXICILLIN_GTIN.at(-1)) + 1) % 10}`;
    const error = await pharmacist.callError('stock.receive', {
      locationId: main, supplier: 'MEDS Kenya',
      lines: [
        { itemId: amoxicillin, scan: scan(wrongDigit, '280331', 'X1'), quantity: 1, unitCostMinor: 1 },
        { itemId: amoxicillin, batchNumber: 'OLD1', expiry: '2020-01-31', quantity: 1, unitCostMinor: 1 },
        { batchNumber: 'NOITEM', expiry: '2029-01-31', quantity: 1, unitCostMinor: 1 },
        { scan: scan(gtin('0506099999999'), '290101', 'U1'), quantity: 1, unitCostMinor: 1 },
      ],
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.details).toEqual({ fields: {
      'lines.0.scan': expect.stringMatching(/wrong check digit/),
      'lines.1.expiry': 'is past: expired stock is not received',
      'lines.2.itemId': 'is required for a pack without a code',
      'lines.3.itemId': 'is required: this GTIN has not been received before',
    } });
    const sameBatchOtherExpiry = await pharmacist.callError('stock.receive', { locationId: main, supplier: 'MEDS', lines: [{ itemId: amoxicillin, scan: scan(AMOXICILLIN_GTIN, '290331', 'AMX2803'), quantity: 5, unitCostMinor: 1 }] });
    expect(sameBatchOtherExpiry.details).toEqual({ fields: { 'lines.0.expiry': 'batch AMX2803 was received with expiry 2028-03-31' } });
    expect(await stack.db('stock_ledger').count('* as n')).toEqual(before);
  });

  it('takes a pack without a barcode by typed batch and expiry, and a consumable item', async () => {
    const { item } = await storekeeper.call('stock.createItem', { code: 'gloves-exam-m', name: 'Examination gloves, medium', unit: 'pair' });
    expect((await storekeeper.callError('stock.createItem', { code: 'gloves-exam-m', name: 'Again', unit: 'pair' })).code).toBe('CONFLICT');
    const { lines } = await storekeeper.call('stock.receive', { locationId: main, supplier: 'Local', lines: [{ itemId: item.id, batchNumber: 'GL-7', expiry: '2030-06-30', quantity: 200, unitCostMinor: 15 }] });
    expect(lines[0]).toMatchObject({ item: { kind: 'consumable', unit: 'pair' }, batch: { batchNumber: 'GL-7', gtin: null } });
  });
});

describe('stock.adjust and stock.transfer', () => {
  it('posts reason-coded adjustments, never below zero, and moves stock between locations in one step', async () => {
    const stock = await insertTestStock(stack.db, { location: 'MAIN', quantity: 20 });
    const { movements } = await pharmacist.call('stock.adjust', { locationId: main, reason: 'damaged', note: 'Water damage in store 2', lines: [{ batchId: stock.batchId, quantity: -3 }] });
    expect(movements).toEqual([expect.objectContaining({ kind: 'adjustment', reason: 'damaged', quantity: -3, documentType: 'adjustment', note: 'Water damage in store 2' })]);
    expect((await pharmacist.callError('stock.adjust', { locationId: main, reason: 'damaged', note: 'x', lines: [{ batchId: stock.batchId, quantity: 3 }] })).details)
      .toEqual({ fields: { 'lines.0.quantity': 'must remove stock for damaged' } });
    expect((await pharmacist.callError('stock.adjust', { locationId: main, reason: 'lost', note: 'x', lines: [{ batchId: stock.batchId, quantity: -18 }] })).details)
      .toMatchObject({ reason: 'insufficient_stock', available: 17 });

    const transfer = await storekeeper.call('stock.transfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ batchId: stock.batchId, quantity: 10 }] });
    expect(transfer.movements.map((movement) => [movement.kind, movement.locationId, movement.quantity])).toEqual([['transfer_out', main, -10], ['transfer_in', dispensary, 10]]);
    expect((await storekeeper.callError('stock.transfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ batchId: stock.batchId, quantity: 8 }] })).details)
      .toMatchObject({ reason: 'insufficient_stock', available: 7 });
    const { batches } = await doctor.call('stock.batches', { itemId: stock.itemId });
    expect(batches.find((batch) => batch.id === stock.batchId)?.balances.sort((a, b) => a.onHand - b.onHand)).toEqual([{ locationId: main, onHand: 7 }, { locationId: dispensary, onHand: 10 }].sort((a, b) => a.onHand - b.onHand));
    const ledger = await pharmacist.call('stock.ledger', { batchId: stock.batchId, limit: 2 });
    expect(ledger.items.map((movement) => movement.kind)).toEqual(['transfer_in', 'transfer_out']);
    const older = await pharmacist.call('stock.ledger', { batchId: stock.batchId, beforeId: ledger.nextBeforeId! });
    expect(older.items.map((movement) => movement.kind)).toEqual(['adjustment', 'receipt']);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('keeps the ledger append-only and the balances moved only by it', async () => {
    const stock = await insertTestStock(stack.db, { quantity: 5 });
    await expect(stack.db('stock_ledger').where({ batch_id: stock.batchId }).update({ quantity: 50 })).rejects.toThrow(/append-only/);
    await expect(stack.db('stock_ledger').where({ batch_id: stock.batchId }).delete()).rejects.toThrow(/append-only/);
    await expect(stack.db('stock_balances').where({ batch_id: stock.batchId }).update({ quantity: 50 })).rejects.toThrow(/post a movement instead/);
    await expect(stack.db('stock_ledger').insert({
      at: new Date(), recorded_at: new Date(), kind: 'dispense', item_id: stock.itemId, batch_id: stock.batchId, location_id: stock.locationId, quantity: -6,
      document_type: 'adjustment', document_id: stock.batchId, actor_id: (await stack.db('users').first('id')).id,
    })).rejects.toThrow(/stock_balances_quantity_check/);
  });
});

describe('stock.count and stock.approveCount', () => {
  it('records a count sheet against the books, and posts its variances only when another person approves', async () => {
    const a = await insertTestStock(stack.db, { location: 'MAIN', quantity: 40 });
    const b = await insertTestStock(stack.db, { location: 'MAIN', quantity: 12 });
    const { count } = await storekeeper.call('stock.count', { locationId: main, note: 'Monthly count, shelf 4', lines: [{ batchId: a.batchId, counted: 37 }, { batchId: b.batchId, counted: 12 }] });
    expect(count).toMatchObject({ status: 'pending', adjustmentId: null });
    expect(count.lines.map((line) => [line.batchId, line.book, line.counted, line.variance]).sort()).toEqual([[a.batchId, 40, 37, -3], [b.batchId, 12, 12, 0]].sort());
    // Nothing moves before approval; the counter cannot approve their own count.
    expect((await doctor.call('stock.onHand', { locationId: main, itemId: a.itemId })).items[0]!.batches.find((batch) => batch.batchId === a.batchId)?.onHand).toBe(40);
    expect((await storekeeper.callError('stock.approveCount', { countId: count.id, approve: true })).details).toMatchObject({ reason: 'own_count' });
    expect((await pharmacist.call('stock.counts', { locationId: main })).items.map((item) => item.id)).toContain(count.id);
    // A dispense-like movement between count and approval stays: the variance is added to today's balance.
    await pharmacist.call('stock.adjust', { locationId: main, reason: 'damaged', note: 'Dropped', lines: [{ batchId: a.batchId, quantity: -1 }] });
    const approved = (await pharmacist.call('stock.approveCount', { countId: count.id, approve: true, note: 'Checked shelf 4' })).count;
    expect(approved).toMatchObject({ status: 'approved', adjustmentId: expect.any(String) });
    const { items } = await pharmacist.call('stock.ledger', { batchId: a.batchId, limit: 1 });
    expect(items[0]).toMatchObject({ kind: 'adjustment', reason: 'count_correction', quantity: -3, documentId: approved.adjustmentId });
    expect((await doctor.call('stock.batches', { itemId: a.itemId })).batches.find((batch) => batch.id === a.batchId)?.balances).toEqual([{ locationId: main, onHand: 36 }]);
    expect((await pharmacist.callError('stock.approveCount', { countId: count.id, approve: false })).details).toMatchObject({ reason: 'count_decided' });
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('rejecting a count moves nothing', async () => {
    const a = await insertTestStock(stack.db, { location: 'MAIN', quantity: 5 });
    const { count } = await pharmacist.call('stock.count', { locationId: main, lines: [{ batchId: a.batchId, counted: 50 }] });
    expect((await storekeeper.call('stock.approveCount', { countId: count.id, approve: false, note: 'Miscounted: recount' })).count).toMatchObject({ status: 'rejected', adjustmentId: null });
    expect(await stack.db('stock_ledger').where({ batch_id: a.batchId }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});

describe('stock.nearExpiry', () => {
  it('lists what expires within 30, 60 or 90 days and what has expired, earliest first, without recalled batches', async () => {
    const today = new Date();
    const inDays = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
    const stock = (days: number) => insertTestStock(stack.db, { drugCode: 'nystatin-100000unitsml-oral-suspension', location: 'DISP', quantity: 3, expiry: inDays(days) });
    const [expired, soon, mid, late, far, recalled] = [await stock(-5), await stock(20), await stock(50), await stock(80), await stock(200), await stock(25)];
    await pharmacist.call('batches.recall', { batchId: recalled.batchId, reason: 'Recall' });
    const ours = (items: Array<{ batchId: string }>) => items.map((item) => item.batchId).filter((id) => [expired, soon, mid, late, far, recalled].some((s) => s.batchId === id));
    expect(ours((await doctor.call('stock.nearExpiry', { locationId: dispensary, withinDays: 30 })).items)).toEqual([expired.batchId, soon.batchId]);
    expect(ours((await doctor.call('stock.nearExpiry', { locationId: dispensary, withinDays: 60 })).items)).toEqual([expired.batchId, soon.batchId, mid.batchId]);
    const ninety = (await doctor.call('stock.nearExpiry', { locationId: dispensary })).items;
    expect(ours(ninety)).toEqual([expired.batchId, soon.batchId, mid.batchId, late.batchId]);
    expect(ninety.find((item) => item.batchId === expired.batchId)).toMatchObject({ expired: true, daysLeft: -5, onHand: 3 });
  });
});

describe('stock.onHand', () => {
  it('answers an item held elsewhere with nothing here, and refuses a location that does not exist', async () => {
    const stock = await insertTestStock(stack.db, { drugCode: 'nystatin-100000units-pessary', location: 'MAIN', quantity: 4 });
    expect((await doctor.call('stock.onHand', { locationId: dispensary, itemId: stock.itemId })).items).toEqual([expect.objectContaining({ onHand: 0, usable: 0, batches: [] })]);
    expect((await doctor.call('stock.onHand', { locationId: main, itemId: stock.itemId })).items[0]).toMatchObject({ onHand: 4, usable: 4 });
    expect((await doctor.callError('stock.onHand', { locationId: '00000000-0000-4000-8000-000000000000' })).details).toEqual({ fields: { locationId: 'is not a stock location' } });
  });
});
