import type { ClientEvent, SessionUser } from '@hms/core';
import { TestClient, createTestDatabase, createTestUser, freePort, startServerProcess, startTestServer } from '@hms/server/test-support';
import type { ServerProcess, TestDatabase, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/protocol/status.js';
import { ServerConnection, memoryCursorStore } from '../../shared/connection/server-connection.js';
import type { SessionChange } from '../../shared/connection/server-connection.js';
import { waitUntil } from '../test-support/wait.js';
import { nodeRuntime, openWsSocket } from './node-runtime.js';

// The connection against the real server process on real PostgreSQL: killed and restarted on
// the same port, with announcements made (through another server on the same database) while
// the workstation was cut off.

let database: TestDatabase;
let server: ServerProcess | undefined;
let port: number;
let admin: TestUser;
let reception: TestUser;

async function startServer(): Promise<ServerProcess> {
  // The test-support helper picks a port; HMS_PORT pins it to ours, so a restart reuses it.
  return startServerProcess({ DATABASE_URL: database.url, HMS_PORT: String(port), HMS_DEMO: '0' });
}

async function announce(wsUrl: string, message: string): Promise<void> {
  const client = await TestClient.connect(wsUrl);
  try {
    await client.signIn(admin.username, admin.password);
    await client.call('system.announce', { message });
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  admin = await createTestUser(database.db, 'admin.ann', ['admin']);
  reception = await createTestUser(database.db, 'rita.reception', ['receptionist']);
  port = await freePort();
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await database.drop();
});

describe('ServerConnection against the real server', () => {
  it('signs in, survives the server being killed and restarted on the same port, and misses no event', async () => {
    const cursor = memoryCursorStore();
    const connection = new ServerConnection({
      serverUrl: `http://127.0.0.1:${port}`,
      openSocket: openWsSocket(),
      runtime: nodeRuntime,
      cursor,
      workstationId: 'reception-1',
      backoff: { baseMs: 100, capMs: 400 },
      pingIntervalMs: 0,
    });
    const states: ConnectionState[] = [];
    const events: ClientEvent[] = [];
    const sessions: SessionChange[] = [];
    connection.onStatus((status) => states.push(status.state));
    connection.onEvent((event) => events.push(event));
    connection.onSession((change) => sessions.push(change));
    const messages = () => events.map((event) => (event.event === 'system.announcement' ? event.data.message : event.event));

    try {
      connection.start();
      await waitUntil(() => connection.status.state === 'connected', 'the first connection');
      const session = await connection.signIn(reception.username, reception.password);
      expect(session.user).toMatchObject<Partial<SessionUser>>({ username: 'rita.reception', roles: ['receptionist'] });

      await announce(`ws://127.0.0.1:${port}/ws`, 'one');
      await waitUntil(() => messages().includes('one'), 'the live announcement');
      const afterOne = connection.eventCursor;
      expect(afterOne).toBe(events[0]?.seq);

      // Kill the server: the workstation goes offline and keeps trying.
      await server!.stop();
      server = undefined;
      await waitUntil(() => connection.status.state === 'offline', 'offline');
      expect(connection.status.lastError).toBeDefined();
      await expect(connection.call('system.ping', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });

      // Meanwhile the hospital goes on: another server on the same database announces twice.
      const other = await startTestServer({ db: database.db, databaseUrl: database.url });
      try {
        await announce(other.wsUrl, 'two');
        await announce(other.wsUrl, 'three');
      } finally {
        await other.stop();
      }
      expect(messages()).toEqual(['one']);

      // A new server process on the same port: the session and the event stream resume.
      server = await startServer();
      await waitUntil(() => connection.status.state === 'connected' && messages().length === 3, 'the resumed stream', 15_000);
      expect(messages()).toEqual(['one', 'two', 'three']);
      expect(sessions.map((change) => change.state)).toEqual(['signedIn']);
      expect(connection.currentSession?.user.username).toBe('rita.reception');
      expect(connection.eventCursor).toBe(events[2]?.seq);
      await expect(connection.call('system.ping', {})).resolves.toHaveProperty('now');

      await announce(`ws://127.0.0.1:${port}/ws`, 'four');
      await waitUntil(() => messages().length === 4, 'the live announcement after the restart');
      expect(messages()).toEqual(['one', 'two', 'three', 'four']);
      expect(new Set(events.map((event) => event.seq)).size).toBe(4);
      expect(states).toContain('offline');
      expect(states.at(-1)).toBe('connected');

      await connection.signOut();
      expect(sessions.at(-1)).toMatchObject({ state: 'signedOut', reason: 'signedOut' });
      const revoked = await database.db('sessions').where({ user_id: reception.id }).whereNotNull('revoked_at').count<{ count: string }[]>('* as count');
      expect(Number(revoked[0]?.count)).toBe(1);
    } finally {
      connection.stop();
    }
  });

  it('reports a wrong password and a locked account as typed errors', async () => {
    const connection = new ServerConnection({
      serverUrl: `http://127.0.0.1:${port}`, openSocket: openWsSocket(), runtime: nodeRuntime, pingIntervalMs: 0,
    });
    try {
      connection.start();
      await waitUntil(() => connection.status.state === 'connected', 'connected');
      await expect(connection.signIn(reception.username, 'not the password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(connection.currentSession).toBeUndefined();
    } finally {
      connection.stop();
    }
  });
});
