import * as serverSupport from '@hms/server/test-support';
import { createTestUser, insertTestStock, stockLocationId } from '@hms/server/test-support';
import type { TestDatabase, TestServer } from '@hms/server/test-support';
import type { MethodName, ParamsIn, Result } from '@hms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';

// The Quarantine screen's reads and writes through the host against the real server, for a
// storekeeper: an expired batch on the main store's shelf (the kept stock picture flags it) is
// moved to quarantine, listed there, refused any way out but a write-off, and written off.

let stack: DeskStack<TestDatabase, TestServer>;
let desk: Host;
let main: string;
let batchId: string;

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'quarantine' });
  const { db } = stack.database;
  const storekeeper = await createTestUser(db, 'quinn.storekeeper', ['storekeeper']);
  main = await stockLocationId(db, 'MAIN');
  batchId = (await insertTestStock(db, { drugCode: 'enalapril-10mg-tablet', location: 'MAIN', quantity: 18, expiry: '2025-06-30', batchNumber: 'ENA-OLD' })).batchId;
  desk = await stack.openHost({ workstationId: 'store-quarantine', user: storekeeper });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const call = <M extends MethodName>(method: M, params: ParamsIn<M>) => desk.handlers['server.call']({ method, params, idempotencyKey: crypto.randomUUID() }) as Promise<Result<M>>;

describe('quarantine from the pharmacy desk', () => {
  it('moves an expired batch off the shelf into quarantine and writes it off there, only as a write-off', async () => {
    const shelf = await desk.handlers['pharmacy.stockLevels']({ locationId: main });
    expect(shelf.items.flatMap((item) => item.batches).find((batch) => batch.batchId === batchId)).toMatchObject({ expired: true, onHand: 18 });
    await call('stock.quarantine', { locationId: main, lines: [{ batchId, quantity: 18 }], note: 'expired batch off the shelf' });
    const held = await call('stock.quarantined', {});
    const line = held.items.find((item) => item.batchId === batchId)!;
    expect(line).toMatchObject({ batchNumber: 'ENA-OLD', onHand: 18, expired: true, recalled: false });
    // Off the shelf: the store's picture no longer holds it.
    expect((await desk.handlers['pharmacy.stockLevels']({ locationId: main })).items.flatMap((item) => item.batches).some((batch) => batch.batchId === batchId)).toBe(false);
    await expect(call('stock.adjust', { locationId: line.locationId, reason: 'found', note: 'Back to the shelf?', lines: [{ batchId, quantity: 1 }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('stock.transfer', { fromLocationId: line.locationId, toLocationId: main, lines: [{ batchId, quantity: 18 }] })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'not_a_shelf' } });
    await call('stock.adjust', { locationId: line.locationId, reason: 'expired', note: 'Incinerated, certificate 2026-114', lines: [{ batchId, quantity: -18 }] });
    expect((await call('stock.quarantined', {})).items.some((item) => item.batchId === batchId)).toBe(false);
    // Every step a ledger row, nothing deleted: receipt, out of the shelf, into quarantine, the write-off.
    const rows: Array<{ kind: string; quantity: number }> = await stack.database.db('stock_ledger').where({ batch_id: batchId }).orderBy('id').select('kind', 'quantity');
    expect(rows).toEqual([{ kind: 'receipt', quantity: 18 }, { kind: 'transfer_out', quantity: -18 }, { kind: 'transfer_in', quantity: 18 }, { kind: 'adjustment', quantity: -18 }]);
  });
});
