import { GROUP_SEPARATOR, gtinCheckDigit } from '@hms/core';
import { TcpProxy, TestClient, createTestDatabase, createTestUser, drugIdByCode, startTestServer, stockLocationId } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { createNodeHost } from '../node/create-host.js';
import { waitUntil } from '../test-support/wait.js';

// The stock screens' host request, pharmacy.stockLevels, against the real server on real
// PostgreSQL, for a storekeeper (who has no worklist to follow): a location's stock read and
// kept, followed live (another desk's receipt reaches it as pharmacy.stock), the kept copy
// answered while the server is unreachable, and live again after the reconnect.

let database: TestDatabase;
let server: TestServer;
let proxy: TcpProxy;
let dir: string;
let storekeeper: TestUser;
let pharmacist: TestClient;
let host: Host;
let amoxicillinId: string;
let mainId: string;
const stockEvents: string[][] = [];

const GTIN = `0506000000333${gtinCheckDigit('0506000000333')}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const yymmdd = (iso: string) => iso.slice(2).replace(/-/g, '');
const scanOf = (expiry: string, batch: string) => `]d201${GTIN}17${yymmdd(expiry)}10${batch}${GROUP_SEPARATOR}21S1`;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ db: database.db, databaseUrl: database.url });
  proxy = await TcpProxy.start('127.0.0.1', server.app.port);
  dir = await mkdtemp(join(tmpdir(), 'hms-stock-levels-'));
  storekeeper = await createTestUser(database.db, 'sam.storekeeper', ['storekeeper']);
  const pharmacistUser = await createTestUser(database.db, 'pat.pharmacist', ['pharmacist']);
  pharmacist = await TestClient.connect(server.wsUrl);
  await pharmacist.signIn(pharmacistUser.username, pharmacistUser.password);
  amoxicillinId = await drugIdByCode(database.db, 'amoxicillin-500mg-capsule');
  mainId = await stockLocationId(database.db, 'MAIN');
  host = createNodeHost({
    dataDir: join(dir, 'desk'),
    defaults: { serverUrl: `http://127.0.0.1:${proxy.port}`, workstationId: 'store-1', hospitalName: 'St. Mary Hospital' },
    version: 'test',
    backoff: { baseMs: 50, capMs: 200 },
    pingIntervalMs: 0,
  });
  host.onEvent((event) => {
    if (event.event === 'pharmacy.stock') stockEvents.push(event.data.itemIds);
  });
  await host.start();
  await waitUntil(() => host.status().connection.state === 'connected', 'connected');
  await host.handlers['session.signIn']({ username: storekeeper.username, password: storekeeper.password });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await pharmacist?.close();
  await proxy?.stop();
  await server?.stop();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

const levels = () => host.handlers['pharmacy.stockLevels']({ locationId: mainId });
const amoxicillinAt = (view: Awaited<ReturnType<typeof levels>>) => view.items.find((held) => held.item.id === amoxicillinId);

describe('pharmacy.stockLevels for a storekeeper', () => {
  it('receives goods through the host and reads the main store from the server, batches in FEFO order', async () => {
    const received = await host.handlers['pharmacy.receive']({
      locationId: mainId, supplier: 'MEDS', lines: [
        { itemId: amoxicillinId, scan: scanOf(inDays(200), 'SK-LATE'), quantity: 30, unitCostMinor: 400 },
        { scan: scanOf(inDays(45), 'SK-SOON'), quantity: 10, unitCostMinor: 410 },
      ],
    });
    expect(received.grn.number).toMatch(/^GRN-\d+$/);
    const view = await levels();
    expect(view.source).toBe('server');
    expect(view.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const held = amoxicillinAt(view)!;
    const ours = held.batches.filter((batch) => batch.batchNumber.startsWith('SK-')).map((batch) => [batch.batchNumber, batch.onHand]);
    expect(ours).toEqual([['SK-SOON', 10], ['SK-LATE', 30]]);
    // FEFO order throughout: expiries never go back.
    const expiries = held.batches.filter((batch) => !batch.recalled && !batch.expired).map((batch) => batch.expiry);
    expect([...expiries].sort()).toEqual(expiries);
  });

  it('follows stock levels: another desk\'s receipt reaches this desk as pharmacy.stock', async () => {
    const before = stockEvents.length;
    await pharmacist.call('stock.receive', { locationId: mainId, supplier: 'MEDS', lines: [{ scan: scanOf(inDays(300), 'SK-OTHER'), quantity: 7, unitCostMinor: 390 }] });
    await waitUntil(() => stockEvents.slice(before).some((ids) => ids.includes(amoxicillinId)), 'the stock event');
    expect(amoxicillinAt(await levels())!.batches.find((batch) => batch.batchNumber === 'SK-OTHER')?.onHand).toBe(7);
  });

  it('answers the kept copy, marked as such, while the server cannot be reached; live again after the reconnect', async () => {
    const live = await levels();
    proxy.cut();
    await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    const kept = await levels();
    expect(kept.source).toBe('cache');
    expect(kept.asOf).toBe(live.asOf);
    expect(amoxicillinAt(kept)!.batches.map((batch) => batch.batchNumber)).toEqual(amoxicillinAt(live)!.batches.map((batch) => batch.batchNumber));
    // A location never read here has no copy: said plainly.
    const dispensary = await stockLocationId(database.db, 'DISP');
    await expect(host.handlers['pharmacy.stockLevels']({ locationId: dispensary })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('no copy') });
    // Receiving needs the server: refused, nothing queued.
    const pending = host.status().outbox.pending;
    await expect(host.handlers['pharmacy.receive']({ locationId: mainId, supplier: 'MEDS', lines: [{ scan: scanOf(inDays(90), 'SK-OFF'), quantity: 1, unitCostMinor: 1 }] })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(host.status().outbox.pending).toBe(pending);

    proxy.restore();
    await waitUntil(() => host.status().connection.state === 'connected', 'connected again');
    // The watch was redone on the new socket (a session step): a receipt elsewhere still reaches this desk.
    const before = stockEvents.length;
    await pharmacist.call('stock.receive', { locationId: mainId, supplier: 'MEDS', lines: [{ scan: scanOf(inDays(310), 'SK-AFTER'), quantity: 3, unitCostMinor: 390 }] });
    await waitUntil(() => stockEvents.length > before, 'the stock event after the reconnect');
    const again = await levels();
    expect(again.source).toBe('server');
    expect(amoxicillinAt(again)!.batches.some((batch) => batch.batchNumber === 'SK-AFTER')).toBe(true);
  });

  it('is refused to a user who may not see stock levels', async () => {
    const clerk = await createTestUser(database.db, 'rita.reception', ['receptionist']);
    await host.handlers['session.signOut']({});
    await host.handlers['session.signIn']({ username: clerk.username, password: clerk.password });
    await expect(levels()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
