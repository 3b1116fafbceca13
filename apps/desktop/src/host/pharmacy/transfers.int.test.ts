import * as serverSupport from '@hms/server/test-support';
import { createTestUser, drugIdByCode, insertTestStock, stockLocationId } from '@hms/server/test-support';
import type { TestDatabase, TestServer } from '@hms/server/test-support';
import type { MethodName, ParamsIn, Result } from '@hms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The Transfers screen's calls, as the renderer makes them (server.call through the host),
// against the real server: the dispensary's pharmacist requests from the main store, the
// store's storekeeper issues by FEFO into transit, the pharmacist receives one unit short with a
// note (lost in transit, a discrepancy), and the dispensary's stock picture shows what arrived.

let stack: DeskStack<TestDatabase, TestServer>;
let dispensaryDesk: Host;
let storeDesk: Host;
let main: string;
let dispensary: string;
let itemId: string;
const stockEvents: string[][] = [];

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'transfers' });
  const { db } = stack.database;
  const pharmacist = await createTestUser(db, 'tess.pharmacist', ['pharmacist']);
  const storekeeper = await createTestUser(db, 'sid.storekeeper', ['storekeeper']);
  [main, dispensary, itemId] = await Promise.all([stockLocationId(db, 'MAIN'), stockLocationId(db, 'DISP'), drugIdByCode(db, 'ciprofloxacin-500mg-tablet')]);
  await insertTestStock(db, { drugCode: 'ciprofloxacin-500mg-tablet', location: 'MAIN', quantity: 30, expiry: '2029-06-30', batchNumber: 'CIP-LATE' });
  await insertTestStock(db, { drugCode: 'ciprofloxacin-500mg-tablet', location: 'MAIN', quantity: 8, expiry: '2027-09-30', batchNumber: 'CIP-SOON' });
  dispensaryDesk = await stack.openHost({
    workstationId: 'disp-1', folder: 'dispensary', user: pharmacist,
    onEvent: (event) => {
      if (event.event === 'pharmacy.stock') stockEvents.push(event.data.itemIds);
    },
  });
  storeDesk = await stack.openHost({ workstationId: 'store-1', folder: 'store', user: storekeeper });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const call = <M extends MethodName>(host: Host, method: M, params: ParamsIn<M>) =>
  host.handlers['server.call']({ method, params, idempotencyKey: crypto.randomUUID() }) as Promise<Result<M>>;

describe('transfer requests from the pharmacy desk', () => {
  it('requests, issues by FEFO into transit, and receives short with the shortfall recorded; only a storekeeper issues', async () => {
    // The dispensary's picture is read (and followed) first, as the Stock screen does.
    await dispensaryDesk.handlers['pharmacy.stockLevels']({ locationId: dispensary });
    const { request } = await call(dispensaryDesk, 'stock.requestTransfer', { fromLocationId: main, toLocationId: dispensary, note: 'Weekend cover', lines: [{ itemId, quantity: 12 }] });
    expect(request).toMatchObject({ status: 'requested', number: expect.stringMatching(/^TR-\d+$/), lines: [{ requested: 12, issued: 0, received: null }] });
    // The store sees it among its open requests.
    expect((await call(storeDesk, 'stock.transferRequests', { locationId: main, limit: 50 })).items.map((item) => item.id)).toContain(request.id);

    await expect(call(dispensaryDesk, 'stock.issueTransfer', { requestId: request.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const issued = await call(storeDesk, 'stock.issueTransfer', { requestId: request.id });
    expect(issued.request.issues.map((line) => [line.batchNumber, line.issued])).toEqual([['CIP-SOON', 8], ['CIP-LATE', 4]]);
    // In transit: in neither place.
    const held = async (location: string) => (await stack.database.db('stock_balances').where({ location_id: location, item_id: itemId }).sum({ n: 'quantity' }))[0] as { n: number | null };
    expect(Number((await held(dispensary)).n ?? 0)).toBe(0);
    expect(Number((await held(main)).n)).toBe(26);

    const soon = issued.request.issues.find((line) => line.batchNumber === 'CIP-SOON')!;
    await expect(call(dispensaryDesk, 'stock.receiveTransfer', { requestId: request.id, lines: [{ batchId: soon.batchId, received: 7 }] })).rejects.toMatchObject({ code: 'VALIDATION' });
    const before = stockEvents.length;
    const received = await call(dispensaryDesk, 'stock.receiveTransfer', { requestId: request.id, lines: [{ batchId: soon.batchId, received: 7 }], note: 'One strip crushed in the box' });
    expect(received.request.status).toBe('received');
    expect(received.discrepancies).toMatchObject([{ kind: 'transit_shortfall', quantity: 1, batchId: soon.batchId }]);
    // The dispensary's picture follows: what arrived is on its shelf.
    await waitUntil(() => stockEvents.slice(before).some((ids) => ids.includes(itemId)), 'the stock event of the receipt');
    const view = await dispensaryDesk.handlers['pharmacy.stockLevels']({ locationId: dispensary });
    expect(view.items.find((entry) => entry.item.id === itemId)?.batches.map((batch) => [batch.batchNumber, batch.onHand])).toEqual([['CIP-SOON', 7], ['CIP-LATE', 4]]);
    // No longer open: off both desks' lists.
    expect((await call(dispensaryDesk, 'stock.transferRequests', { locationId: dispensary, limit: 50 })).items.map((item) => item.id)).not.toContain(request.id);
  });
});
