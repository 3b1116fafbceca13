import { describe, expect, it } from 'vitest';
import { drugIdByCode, insertTestStock, stockLocationId, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { ledgerMismatches } from './ledger-repo.js';

let storekeeper: TestClient;
let admin: TestClient;
let pharmacist: TestClient;
let main: string;
const stack = useTestStack({
  setup: async (s) => {
    storekeeper = await s.signedIn(['storekeeper']);
    admin = await s.signedIn(['admin']);
    pharmacist = await s.signedIn(['pharmacist']);
    main = await stockLocationId(s.db, 'MAIN');
  },
});

let serial = 0;
const code = () => `W${Date.now().toString(36).toUpperCase()}${(serial += 1)}`;

describe('stock.saveLocation', () => {
  it('adds a ward store, renames it, refuses to close it while it holds stock, closes it once empty, keeps its history and receives nothing more', async () => {
    const { location } = await storekeeper.call('stock.saveLocation', { code: code(), name: 'Ward 4 store', kind: 'ward' });
    expect(location).toMatchObject({ name: 'Ward 4 store', kind: 'ward', active: true });
    const paracetamolId = await drugIdByCode(stack.db, 'paracetamol-500mg-tablet');
    await storekeeper.call('stock.setReorderLevel', { locationId: location.id, itemId: paracetamolId, level: 50 });
    expect((await storekeeper.call('stock.lowStock', { locationId: location.id })).items.map((row) => row.item.id)).toEqual([paracetamolId]);
    const renamed = await admin.call('stock.saveLocation', { id: location.id, name: 'Ward 4 (surgical) store' });
    expect(renamed.location).toEqual({ ...location, name: 'Ward 4 (surgical) store' });
    expect((await admin.call('stock.locations', {})).items).toContainEqual(renamed.location);

    const paracetamol = await drugIdByCode(stack.db, 'paracetamol-500mg-tablet');
    const { lines } = await storekeeper.call('stock.receive', { locationId: location.id, supplier: 'MEDS', lines: [{ itemId: paracetamol, batchNumber: 'W4CLOSE', expiry: '2031-01-31', quantity: 30, unitCostMinor: 100 }] });
    const batchId = lines[0]!.batch.id;
    const held = await storekeeper.callError('stock.saveLocation', { id: location.id, name: 'Ward 4 (surgical) store', active: false });
    expect(held).toMatchObject({ code: 'CONFLICT', details: { reason: 'stock_on_hand', onHand: 30, batches: 1 } });
    expect((await stack.db('stock_locations').where({ id: location.id }).first('active')).active).toBe(true);

    await storekeeper.call('stock.transfer', { fromLocationId: location.id, toLocationId: main, lines: [{ batchId, quantity: 30 }] });
    const closed = await storekeeper.call('stock.saveLocation', { id: location.id, name: 'Ward 4 (surgical) store', active: false });
    expect(closed.location.active).toBe(false);
    const row = await stack.db('stock_locations').where({ id: location.id }).first('closed_at', 'closed_by');
    expect(row.closed_at).toBeInstanceOf(Date);
    expect(row.closed_by).not.toBeNull();
    // Its reorder level stays on the books, off the low-stock list: a closed location orders nothing.
    expect((await storekeeper.call('stock.lowStock', { locationId: location.id })).items).toEqual([]);

    // Closed: listed (history names it), refused as a destination, its movements still read.
    expect((await pharmacist.call('stock.locations', {})).items).toContainEqual(closed.location);
    const receive = await storekeeper.callError('stock.receive', { locationId: location.id, supplier: 'MEDS', lines: [{ itemId: paracetamol, batchNumber: 'W4LATE', expiry: '2031-01-31', quantity: 5, unitCostMinor: 100 }] });
    expect(receive).toMatchObject({ code: 'VALIDATION', details: { fields: { locationId: 'Ward 4 (surgical) store is closed' } } });
    const back = await storekeeper.callError('stock.transfer', { fromLocationId: main, toLocationId: location.id, lines: [{ batchId, quantity: 1 }] });
    expect(back).toMatchObject({ code: 'VALIDATION', details: { fields: { toLocationId: expect.stringMatching(/is closed/) } } });
    const history = await storekeeper.call('stock.ledger', { locationId: location.id });
    expect(history.items.map((movement) => [movement.kind, movement.quantity])).toEqual([['transfer_out', -30], ['receipt', 30]]);

    const audit = await stack.db('audit_log').where({ action: 'stock.saveLocation', entity_type: 'stock_location', entity_id: location.id }).orderBy('seq').select('before', 'after');
    expect(audit).toEqual([
      { before: null, after: { code: location.code, name: 'Ward 4 store', kind: 'ward', active: true } },
      { before: { name: 'Ward 4 store', active: true }, after: { name: 'Ward 4 (surgical) store', active: true } },
      { before: { name: 'Ward 4 (surgical) store', active: true }, after: { name: 'Ward 4 (surgical) store', active: false } },
    ]);
    // Reopened, it receives again.
    expect((await storekeeper.call('stock.saveLocation', { id: location.id, name: 'Ward 4 (surgical) store' })).location.active).toBe(true);
    expect((await stack.db('stock_locations').where({ id: location.id }).first('closed_at')).closed_at).toBeNull();
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('a receipt racing the close: the close waits for it, sees its stock and is refused; the database refuses stock into a closed location', async () => {
    const { location } = await storekeeper.call('stock.saveLocation', { code: code(), name: 'Ward 5 store', kind: 'ward' });
    const trx = await stack.db.transaction();
    // The ledger's trigger share-locks the open location until this commits.
    await insertTestStock(trx, { location: location.code, quantity: 12 });
    const closing = storekeeper.callError('stock.saveLocation', { id: location.id, name: 'Ward 5 store', active: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await trx.commit();
    expect(await closing).toMatchObject({ code: 'CONFLICT', details: { reason: 'stock_on_hand', onHand: 12 } });

    const { location: empty } = await storekeeper.call('stock.saveLocation', { code: code(), name: 'Ward 6 store', kind: 'ward', active: false });
    expect(empty.active).toBe(false);
    await expect(insertTestStock(stack.db, { location: empty.code, quantity: 1 })).rejects.toThrow(/location_closed/);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });

  it('refuses a changed code or kind, a taken code, quarantine and transit, open transfer requests, pending counts and the last dispensary', async () => {
    const { location } = await storekeeper.call('stock.saveLocation', { code: code(), name: 'Ward 8 store', kind: 'ward' });
    const fixed = await storekeeper.callError('stock.saveLocation', { id: location.id, code: 'OTHER', kind: 'store', name: 'Ward 8 store' });
    expect(fixed.details).toEqual({ fields: { code: expect.stringMatching(/stays as it was/), kind: expect.stringMatching(/stays as it was/) } });
    expect(await storekeeper.callError('stock.saveLocation', { code: location.code, name: 'Twin', kind: 'ward' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'code_taken' } });
    const quarantine = await stockLocationId(stack.db, 'QUAR');
    expect(await storekeeper.callError('stock.saveLocation', { id: quarantine, name: 'Bin', active: false })).toMatchObject({ code: 'CONFLICT', details: { reason: 'not_a_shelf' } });
    expect(await storekeeper.callError('stock.saveLocation', { name: 'No code' })).toMatchObject({ code: 'VALIDATION', details: { fields: { code: 'a new location needs a code and a kind' } } });

    const paracetamol = await drugIdByCode(stack.db, 'paracetamol-500mg-tablet');
    const { request } = await pharmacist.call('stock.requestTransfer', { fromLocationId: main, toLocationId: location.id, lines: [{ itemId: paracetamol, quantity: 5 }] });
    expect(await storekeeper.callError('stock.saveLocation', { id: location.id, name: 'Ward 8 store', active: false })).toMatchObject({ code: 'CONFLICT', details: { reason: 'open_transfer_requests', requests: [request.number] } });

    const { location: counted } = await storekeeper.call('stock.saveLocation', { code: code(), name: 'Ward 9 store', kind: 'ward' });
    const stock = await insertTestStock(stack.db, { location: counted.code, quantity: 3 });
    await pharmacist.call('stock.count', { locationId: counted.id, lines: [{ batchId: stock.batchId, counted: 0 }] });
    await storekeeper.call('stock.adjust', { locationId: counted.id, reason: 'lost', note: 'gone', lines: [{ batchId: stock.batchId, quantity: -3 }] });
    expect(await storekeeper.callError('stock.saveLocation', { id: counted.id, name: 'Ward 9 store', active: false })).toMatchObject({ code: 'CONFLICT', details: { reason: 'pending_counts', pending: 1 } });

    const dispensaries: Array<{ id: string; name: string }> = await stack.db('stock_locations').where({ kind: 'dispensary', active: true }).select('id', 'name');
    expect(dispensaries).toHaveLength(1);
    expect(await storekeeper.callError('stock.saveLocation', { id: dispensaries[0]!.id, name: dispensaries[0]!.name, active: false })).toMatchObject({ code: 'CONFLICT', details: { reason: 'last_dispensary' } });
    const before = await stack.db('audit_log').where({ action: 'stock.saveLocation' }).count('* as n');
    expect(await storekeeper.callError('stock.saveLocation', { id: dispensaries[0]!.id, name: dispensaries[0]!.name, active: false })).toMatchObject({ code: 'CONFLICT' });
    expect(await stack.db('audit_log').where({ action: 'stock.saveLocation' }).count('* as n')).toEqual(before);
  });
});
