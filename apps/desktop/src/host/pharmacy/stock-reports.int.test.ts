import * as serverSupport from '@hms/server/test-support';
import { createTestUser, drugIdByCode, insertTestStock, stockLocationId } from '@hms/server/test-support';
import type { TestDatabase, TestServer } from '@hms/server/test-support';
import type { MethodName, ParamsIn, Result } from '@hms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';

// The Stock reports screen's calls through the host (server.call, as the renderer makes them)
// against the real server, for a storekeeper: a reorder level set puts the item on the low-stock
// list, the valuation prices each batch at its own cost, and a pharmacist-only write stays refused.

let stack: DeskStack<TestDatabase, TestServer>;
let desk: Host;
let main: string;
let itemId: string;

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'stock-reports' });
  const { db } = stack.database;
  const storekeeper = await createTestUser(db, 'stan.storekeeper', ['storekeeper']);
  [main, itemId] = await Promise.all([stockLocationId(db, 'MAIN'), drugIdByCode(db, 'warfarin-5mg-tablet')]);
  const stock = await insertTestStock(db, { drugCode: 'warfarin-5mg-tablet', location: 'MAIN', quantity: 12, expiry: '2029-01-31' });
  await db('stock_batches').where({ id: stock.batchId }).update({ unit_cost_minor: 1_150 });
  desk = await stack.openHost({ workstationId: 'store-reports', user: storekeeper });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const call = <M extends MethodName>(method: M, params: ParamsIn<M>) => desk.handlers['server.call']({ method, params, idempotencyKey: crypto.randomUUID() }) as Promise<Result<M>>;

describe('stock reports from the pharmacy desk', () => {
  it('lists an item below its new reorder level, values the shelf at cost, and refuses a storekeeper the price list', async () => {
    expect((await call('stock.lowStock', { locationId: main })).items.some((line) => line.item.id === itemId)).toBe(false);
    await call('stock.setReorderLevel', { locationId: main, itemId, level: 50 });
    const low = await call('stock.lowStock', { locationId: main });
    expect(low.items.find((line) => line.item.id === itemId)).toMatchObject({ level: 50, usable: 12, inTransit: 0, shortBy: 38 });
    const value = await call('stock.valuation', { locationId: main });
    expect(value.items.find((line) => line.item.id === itemId)).toMatchObject({ onHand: 12, valueMinor: 13_800 });
    expect(value.totalMinor).toBe(value.items.reduce((sum, line) => sum + line.valueMinor, 0));
    const used = await call('stock.consumption', { from: low.today, to: low.today, locationId: main });
    expect(used.items.some((line) => line.item.id === itemId)).toBe(false);
    // Cleared, it leaves the list.
    await call('stock.setReorderLevel', { locationId: main, itemId, level: null });
    expect((await call('stock.lowStock', { locationId: main })).items.some((line) => line.item.id === itemId)).toBe(false);
    await expect(call('stock.setPrice', { itemId, priceMinor: 100 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
