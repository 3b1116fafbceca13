import { TcpProxy, createTestDatabase, createTestUser, insertTestDepartment } from '@hms/server/test-support';
import { startTestServer } from '@hms/server/test-support';
import type { TestDatabase, TestDepartment, TestServer, TestUser } from '@hms/server/test-support';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyValues } from './cache/local-cache.js';
import { HOST_DESKS } from './desks.js';
import { Host } from './host.js';
import { nodeRuntime, openWsSocket } from './node/node-runtime.js';
import { HostFailure } from '../shared/result.js';
import { waitUntil } from './test-support/wait.js';

// The browser workstation's shape, run in Node: the same Host kernel and reception module on a
// platform with no cache, no outbox, no devices and no offline unlock. Online, reception works
// against the server; offline, a write fails UNAVAILABLE at once instead of being queued.

let database: TestDatabase;
let server: TestServer;
let proxy: TcpProxy;
let clerk: TestUser;
let opd: TestDepartment;
let host: Host;
const printed: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ db: database.db, databaseUrl: database.url });
  proxy = await TcpProxy.start('127.0.0.1', server.app.port);
  opd = await insertTestDepartment(database.db, undefined, 'Outpatients');
  clerk = await createTestUser(database.db, 'bea.browser', ['receptionist']);
  const serverUrl = `http://127.0.0.1:${proxy.port}`;
  host = new Host({
    platform: {
      kind: 'browser',
      runtime: nodeRuntime,
      openSocket: openWsSocket(),
      randomUUID: () => randomUUID(),
      settingsValues: memoryKeyValues(),
      pinSettings: (settings) => ({ ...settings, serverUrl }),
      // The page's print dialog: here, what was handed to it.
      printing: { silent: false, create: () => ({ print: async (document) => {
        printed.push(document.kind);
        return { role: 'receipt', printer: 'This browser\'s print dialog', bytes: 0 };
      } }) },
    },
    desks: HOST_DESKS,
    defaults: { serverUrl, workstationId: 'browser-test' },
    version: 'test',
    backoff: { baseMs: 50, capMs: 200 },
    pingIntervalMs: 0,
  });
  await host.start();
  await waitUntil(() => host.status().connection.state === 'connected', 'connected');
  await host.handlers['session.signIn']({ username: clerk.username, password: clerk.password });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await proxy?.stop();
  await server?.stop();
  await database?.drop();
});

describe('The Host kernel with the capabilities a browser lacks switched off', () => {
  it('says what it cannot do, and reception works against the server: reference data, register, search, check in', async () => {
    const { handlers } = host;
    expect(await handlers['host.info']({})).toEqual({ kind: 'browser', version: 'test', cache: false, outbox: false, serial: false, silentPrinting: false });
    expect(host.cache).toBeUndefined();
    await waitUntil(() => host.reference.current() !== undefined, 'reference data');
    expect((await handlers['reference.get']({ refresh: false })).departments.map((department) => department.code)).toContain(opd.code);
    const overview = await handlers['reception.overview']({ refresh: false });
    expect(overview).toMatchObject({ source: 'server', mrnBlock: null });

    const registered = await handlers['reception.register']({ givenName: 'Wairimu', familyName: 'Njeri', sex: 'F', birthDate: '1985-06-01' });
    expect(registered).toMatchObject({ status: 'applied', patient: { givenName: 'Wairimu', registeredOffline: false } });
    const found = await handlers['reception.search']({ query: 'wairimu', limit: 5 });
    expect(found).toMatchObject({ source: 'server', items: [{ id: registered.patient.id, pending: false }] });
    const checkIn = await handlers['reception.checkIn']({
      patient: { id: registered.patient.id, mrn: registered.patient.mrn, name: 'Wairimu Njeri' }, visitType: 'new', department: opd.code,
    });
    expect(checkIn).toMatchObject({ status: 'applied', visit: { token: `${opd.code}-001` } });
    expect(await handlers['reception.checkIns']({})).toMatchObject([{ key: checkIn.checkIn.key, state: 'applied', visit: { token: `${opd.code}-001` } }]);
    expect(await handlers['reception.mrnCorrections']({})).toEqual([]);
    await expect(handlers['cache.searchPatients']({ query: 'wairimu', limit: 5 })).rejects.toBeInstanceOf(HostFailure);
    expect(await handlers['printers.testPage']({ role: 'receipt' })).toMatchObject({ printer: 'This browser\'s print dialog' });
    expect(printed).toEqual(['testPage']);
  });

  it('offline, a write fails UNAVAILABLE at once and nothing is queued; reads say the server is away', async () => {
    const { handlers } = host;
    proxy.cut();
    try {
      await waitUntil(() => host.status().connection.state === 'offline', 'offline');
      await expect(handlers['reception.register']({ givenName: 'Otieno', familyName: 'Okoth', sex: 'M', birthDate: '1970-01-01' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await expect(handlers['server.submit']({ method: 'patients.update', params: { id: randomUUID(), expectedVersion: 1, phone: '0722 000 000' }, label: 'Correct' }))
        .rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await expect(handlers['reception.search']({ query: 'wairimu', limit: 5 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(host.status().outbox).toEqual({ pending: 0, conflicts: 0, draining: false });
      expect(await handlers['outbox.list']({})).toEqual({ pending: [], conflicts: [], offlineReads: { waiting: 0, unrecorded: [] } });
      const [otieno] = await database.db('patients').where({ given_name: 'Otieno' }).count<{ count: string }[]>('* as count');
      expect(Number(otieno?.count)).toBe(0);
    } finally {
      proxy.restore();
    }
    await waitUntil(() => host.status().connection.state === 'connected' && host.connection.currentSession !== undefined, 'back online');
  });

  it('the lock screen checks the password with the server: a wrong one is refused, the right one unlocks', async () => {
    const { handlers } = host;
    expect(await handlers['session.lock']({})).toMatchObject({ state: 'locked' });
    await expect(handlers['reception.search']({ query: 'wairimu', limit: 5 })).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(handlers['session.unlock']({ password: 'not-the-password' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await handlers['session.unlock']({ password: clerk.password })).toMatchObject({ state: 'signedIn', user: { username: clerk.username } });
  });
});
