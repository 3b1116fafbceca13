import { HmsError } from '@hms/core';
import type { MethodName, ParamsIn } from '@hms/core';
import { TcpProxy, TestClient, createTestDatabase, createTestUser, startTestServer } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitOutcome } from '../../shared/protocol/records.js';
import { CacheDb } from '../node/cache-db.js';
import { createNodeHost } from '../node/create-host.js';
import { waitUntil } from '../test-support/wait.js';
import { Outbox } from './outbox.js';
import type { OutboxSender } from './outbox.js';

let database: TestDatabase;
let server: TestServer;
let admin: TestUser;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ db: database.db, databaseUrl: database.url });
  admin = await createTestUser(database.db, 'admin.otto', ['admin']);
  dir = await mkdtemp(join(tmpdir(), 'hms-outbox-'));
});

afterAll(async () => {
  await server.stop();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

function senderOf(client: TestClient): OutboxSender {
  return { send: (method, params, idempotencyKey) => client.call(method, params as ParamsIn<MethodName>, { idempotencyKey }) };
}

const offline: OutboxSender = {
  send: async () => {
    throw new HmsError('UNAVAILABLE', 'The connection to the server was lost.', { disconnected: true });
  },
};

const newUser = (username: string, password = 'Reception-Desk-2026!') => ({ username, displayName: `Clerk ${username}`, roles: ['receptionist' as const], password });

async function usersNamed(username: string): Promise<number> {
  const rows = await database.db('users').where({ username }).count<{ count: string }[]>('* as count');
  return Number(rows[0]?.count);
}

describe('Outbox against the real server', () => {
  it('keeps entries across restarts, stops at a transient failure, applies each key at most once and never drops a refusal', async () => {
    const file = join(dir, 'outbox-1.sqlite');
    let cache = CacheDb.open(file);
    let outbox = new Outbox(cache);
    outbox.enqueue({ method: 'users.create', params: newUser('clerk.one'), label: 'Create clerk.one', idempotencyKey: 'test:key:0001', queuedBy: 'admin.otto' });
    outbox.enqueue({ method: 'users.create', params: newUser('clerk.bad', 'short'), label: 'Create clerk.bad', idempotencyKey: 'test:key:0002', queuedBy: 'admin.otto' });
    outbox.enqueue({ method: 'users.create', params: newUser('clerk.two'), label: 'Create clerk.two', idempotencyKey: 'test:key:0003', queuedBy: 'admin.otto' });
    outbox.enqueue({ method: 'system.announce', params: { message: 'Lunch break 13:00' }, label: 'Announce', idempotencyKey: 'test:key:0004', queuedBy: 'admin.otto' });
    // The app closes (or the power goes) and starts again: everything is still there, in order.
    cache.close();
    cache = CacheDb.open(file);
    outbox = new Outbox(cache);
    expect(outbox.pending().map((entry) => entry.idempotencyKey)).toEqual(['test:key:0001', 'test:key:0002', 'test:key:0003', 'test:key:0004']);

    // Offline: the first entry fails transiently, the drain stops there, nothing moves.
    const stalled = await outbox.drain(offline);
    expect(stalled).toMatchObject({ applied: 0, rejected: 0, stoppedBy: { code: 'UNAVAILABLE' } });
    expect(outbox.pending()[0]).toMatchObject({ attempts: 1, lastError: 'UNAVAILABLE: The connection to the server was lost.' });
    expect(outbox.status()).toEqual({ pending: 4, conflicts: 0, draining: false });

    const client = await TestClient.connect(server.wsUrl);
    try {
      await client.signIn(admin.username, admin.password);
      // The first attempt had reached the server before the link dropped (its reply was lost).
      await client.call('users.create', newUser('clerk.one'), { idempotencyKey: 'test:key:0001' });

      const report = await outbox.drain(senderOf(client));
      expect(report).toEqual({ applied: 3, rejected: 1 });
      expect(outbox.pending()).toEqual([]);
      expect(await usersNamed('clerk.one')).toBe(1);
      expect(await usersNamed('clerk.two')).toBe(1);
      expect(await usersNamed('clerk.bad')).toBe(0);
      const created = await database.db('audit_log').where({ action: 'users.create' }).count<{ count: string }[]>('* as count');
      expect(Number(created[0]?.count)).toBe(2);

      // The refusal waits in the conflicts inbox with the server's reasons.
      const [conflict] = outbox.conflicts();
      expect(conflict).toMatchObject({ idempotencyKey: 'test:key:0002', label: 'Create clerk.bad', error: { code: 'VALIDATION' }, resolvedAt: null });
      expect(conflict?.error.details).toHaveProperty('fields.password');
      expect(outbox.status()).toEqual({ pending: 0, conflicts: 1, draining: false });

      // A crash after the server applied an entry but before it left the queue: replayed, still once.
      outbox.enqueue({ method: 'users.create', params: newUser('clerk.two'), label: 'Create clerk.two', idempotencyKey: 'test:key:0003', queuedBy: 'admin.otto' });
      expect(await outbox.drain(senderOf(client))).toEqual({ applied: 1, rejected: 0 });
      expect(await usersNamed('clerk.two')).toBe(1);
      const announcements = await database.db('events').where({ name: 'system.announcement' }).count<{ count: string }[]>('* as count');
      expect(Number(announcements[0]?.count)).toBe(1);
    } finally {
      await client.close();
    }

    // Resolving a conflict keeps it on record.
    const resolved = outbox.resolveConflict(outbox.conflicts()[0]!.id, 'Password too short; created again by hand.');
    expect(resolved.resolvedAt).not.toBeNull();
    expect(outbox.conflicts()).toHaveLength(1);
    expect(outbox.status().conflicts).toBe(0);
    expect(() => outbox.resolveConflict(resolved.id, 'again')).toThrow(HmsError);
    cache.close();
  });
});

describe('Host: writes made offline', () => {
  it('queues a write while the server is unreachable, keeps it across an app restart and replays it once on reconnect', async () => {
    const proxy = await TcpProxy.start('127.0.0.1', server.app.port);
    const dataDir = join(dir, 'host-1');
    const options = {
      dataDir,
      defaults: { serverUrl: `http://127.0.0.1:${proxy.port}`, workstationId: 'reception-2' },
      version: 'test',
      backoff: { baseMs: 50, capMs: 200 },
      pingIntervalMs: 0,
    };
    let host = createNodeHost(options);
    try {
      await host.start();
      await waitUntil(() => host.status().connection.state === 'connected', 'connected');
      await host.handlers['session.signIn']({ username: admin.username, password: admin.password });

      const online = await host.handlers['server.submit']({ method: 'system.announce', params: { message: 'online notice' }, label: 'Announce' });
      expect(online).toMatchObject({ status: 'applied', result: { ok: true } });

      proxy.cut();
      await waitUntil(() => host.status().connection.state === 'offline', 'offline');
      const queued: SubmitOutcome = await host.handlers['server.submit']({ method: 'system.announce', params: { message: 'offline notice' }, label: 'Announce while offline' });
      expect(queued).toMatchObject({ status: 'queued', entry: { label: 'Announce while offline', queuedBy: 'admin.otto' } });
      expect(host.status().outbox).toMatchObject({ pending: 1 });

      // The workstation is restarted while still offline.
      await host.stop();
      host = createNodeHost(options);
      await host.start();
      expect(host.status().outbox.pending).toBe(1);
      expect(host.status().session.state).toBe('signedOut');

      proxy.restore();
      await waitUntil(() => host.status().connection.state === 'connected', 'reconnected');
      const applied: unknown[] = [];
      host.onEvent((event) => {
        if (event.event === 'outbox.applied') applied.push(event.data);
      });
      await host.handlers['session.signIn']({ username: admin.username, password: admin.password });
      await waitUntil(() => host.status().outbox.pending === 0, 'the outbox to drain');
      expect(applied).toHaveLength(1);
      const rows = await database.db('events').where({ name: 'system.announcement' }).select('data');
      const messages = rows.map((row: { data: { message: string } }) => row.data.message);
      expect(messages.filter((message) => message === 'offline notice')).toHaveLength(1);
      expect(messages.filter((message) => message === 'online notice')).toHaveLength(1);
    } finally {
      await host.stop();
      await proxy.stop();
    }
  });

  it('checks every write against the contract and the user\'s access before sending or queueing it, online and offline', async () => {
    const proxy = await TcpProxy.start('127.0.0.1', server.app.port);
    const clerk = await createTestUser(database.db, 'clerk.rose', ['receptionist']);
    const host = createNodeHost({
      dataDir: join(dir, 'host-2'),
      defaults: { serverUrl: `http://127.0.0.1:${proxy.port}`, workstationId: 'reception-3' },
      version: 'test',
      backoff: { baseMs: 50, capMs: 200 },
      pingIntervalMs: 0,
    });
    try {
      await host.start();
      await waitUntil(() => host.status().connection.state === 'connected', 'connected');
      const announce = (message: string) => host.handlers['server.submit']({ method: 'system.announce', params: { message }, label: 'Announce' });
      const offlineThen = async (check: () => Promise<void>) => {
        await check();
        proxy.cut();
        await waitUntil(() => host.status().connection.state === 'offline', 'offline');
        await check();
        proxy.restore();
        await waitUntil(() => host.status().connection.state === 'connected', 'connected');
      };
      // Only admins announce: refused before it reaches the server, and not queued for it to refuse later.
      await host.handlers['session.signIn']({ username: clerk.username, password: clerk.password });
      await offlineThen(async () => {
        await expect(announce('from the front desk')).rejects.toMatchObject({ code: 'FORBIDDEN' });
        expect(host.status().outbox.pending).toBe(0);
      });
      // Params the contract refuses, with the server's field messages.
      await host.handlers['session.signIn']({ username: admin.username, password: admin.password });
      await offlineThen(async () => {
        await expect(announce('')).rejects.toMatchObject({ code: 'VALIDATION', details: { fields: { message: expect.any(String) } } });
        expect(host.status().outbox.pending).toBe(0);
      });
      const rows = await database.db('events').where({ name: 'system.announcement' }).select('data');
      expect(rows.map((row: { data: { message: string } }) => row.data.message)).not.toContain('from the front desk');
    } finally {
      await host.stop();
      await proxy.stop();
    }
  });
});
