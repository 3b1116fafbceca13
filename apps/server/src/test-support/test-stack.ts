import type { Role } from '@hms/core';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { systemClock } from '../clock.js';
import { createTestSession } from './front-desk.js';
import { TestClient } from './test-client.js';
import { createTestDatabase } from './test-db.js';
import type { TestDatabase } from './test-db.js';
import { startTestServer } from './test-server.js';
import type { TestServer, TestServerOptions } from './test-server.js';
import { createTestUser } from './users.js';
import type { TestUser } from './users.js';

export interface TestStackOptions extends Pick<TestServerOptions, 'clock' | 'sessions' | 'loginThrottle' | 'limits' | 'log' | 'sockets'> {
  /** The hospital's IANA time zone, set once the server is up. */
  timeZone?: string;
  /** The file's own setup, run after that: reference rows, clients its tests share. */
  setup?: (stack: TestStack) => Promise<void>;
}

export interface TestStack {
  readonly database: TestDatabase;
  readonly db: Knex;
  readonly server: TestServer;
  /** A connection, not signed in (to this server unless `url` names another; from `localAddress` if given). */
  connect(url?: string, options?: { localAddress?: string }): Promise<TestClient>;
  /** Signed in with the password, as a workstation does: as `who`, or as a new user with these roles. */
  signedIn(who: Role[] | TestUser, workstationId?: string): Promise<TestClient>;
  /** Signed in through a session inserted directly: no password hashing, for tests with dozens of callers. */
  resumed(who: Role[] | { id: string }, workstationId?: string): Promise<TestClient>;
}

/**
 * The test file's own database and real server, made before its tests; every connection opened
 * through the stack is closed after them, then the server is stopped and the database dropped.
 */
export function useTestStack(options: TestStackOptions = {}): TestStack {
  const { timeZone, setup, ...serverOptions } = options;
  const clock = options.clock ?? systemClock;
  let database: TestDatabase | undefined;
  let server: TestServer | undefined;
  const clients: TestClient[] = [];

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The test stack is used before its beforeAll ran');
    return value;
  };
  const newUser = (roles: Role[]) => createTestUser(ready(database).db, `${roles[0] ?? 'user'}.${randomUUID().slice(0, 8)}`, roles);

  const stack: TestStack = {
    get database() {
      return ready(database);
    },
    get db() {
      return ready(database).db;
    },
    get server() {
      return ready(server);
    },
    connect: async (url, connectOptions) => {
      const client = await TestClient.connect(url ?? ready(server).wsUrl, connectOptions);
      clients.push(client);
      return client;
    },
    signedIn: async (who, workstationId) => {
      const user = Array.isArray(who) ? await newUser(who) : who;
      const client = await stack.connect();
      await client.signIn(user.username, user.password, workstationId);
      return client;
    },
    resumed: async (who, workstationId) => {
      const user = Array.isArray(who) ? await newUser(who) : who;
      const client = await stack.connect();
      const token = await createTestSession(ready(database).db, user.id, clock.now());
      await client.call('auth.resume', { token, ...(workstationId === undefined ? {} : { workstationId }) });
      return client;
    },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ db: database.serverDb, databaseUrl: database.serverUrl, auditKey: database.auditKey, ...serverOptions });
    if (timeZone !== undefined) await database.db('hospital_settings').update({ time_zone: timeZone });
    await setup?.(stack);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.stop();
    await database?.drop();
  });

  return stack;
}
