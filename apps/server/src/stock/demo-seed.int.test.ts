import { describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed-demo.js';
import { drugIdByCode, stockLocationId, useTestStack } from '../test-support/index.js';

const now = new Date('2026-12-02T05:00:00.000Z');
const stack = useTestStack({ clock: { now: () => now } });
const password = 'demo passphrase 42';

describe('pharmacy demo stock', () => {
  it('stocks the demo dispensary once (FEFO and an expired batch to show), for the demo pharmacist and storekeeper', async () => {
    await seedDemo(stack.db, { password, now, auditKey: stack.database.auditKey });
    const ledgerRows = await stack.db('stock_ledger').count({ n: '*' });
    await seedDemo(stack.db, { password, now, auditKey: stack.database.auditKey });
    expect(await stack.db('stock_ledger').count({ n: '*' })).toEqual(ledgerRows);

    const pharmacist = await stack.connect();
    await pharmacist.signIn('pharmacist', password);
    const { items } = await pharmacist.call('stock.onHand', { locationId: await stockLocationId(stack.db, 'DISP'), itemId: await drugIdByCode(stack.db, 'amoxicillin-500mg-capsule') });
    expect(items[0]!.batches.map((batch) => [batch.batchNumber, batch.onHand, batch.expired])).toEqual([['AMX-A1', 60, false], ['AMX-B2', 200, false], ['AMX-OLD', 30, true]]);
    expect(items[0]!.usable).toBe(260);
    const storekeeper = await stack.connect();
    await storekeeper.signIn('storekeeper', password);
    expect((await storekeeper.call('stock.locations', {})).items.map((location) => location.code)).toEqual(['DISP', 'QUAR', 'MAIN', 'TRANSIT']);
    await Promise.all([pharmacist.close(), storekeeper.close()]);
  });
});
