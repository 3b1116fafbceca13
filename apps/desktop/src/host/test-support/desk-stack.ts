import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host, HostEventEnvelope } from '../host.js';
import { createNodeHost } from '../node/create-host.js';
import type { NodeHostOptions } from '../node/create-host.js';
import { waitUntil } from './wait.js';

/** What of `@hms/server/test-support` the stack uses: the test file passes the module in (host modules, this one included, import nothing of the server's). */
export interface ServerSupport<D extends StackDatabase, S extends StackServer> {
  createTestDatabase(): Promise<D>;
  startTestServer(options: { db: D['db']; databaseUrl: string }): Promise<S>;
  TcpProxy: { start(targetHost: string, targetPort: number): Promise<StackProxy> };
}
export interface StackDatabase { readonly db: unknown; readonly url: string; drop(): Promise<void> }
export interface StackServer { readonly app: { readonly port: number; readonly hub: unknown }; stop(): Promise<void> }
export interface StackProxy { readonly port: number; cut(): void; restore(): void; stop(): Promise<void> }

/**
 * What a desk's host integration test runs on: the real server on a fresh PostgreSQL database,
 * reached through a TCP relay the test can cut (the LAN down), and a data folder for the
 * workstation's hosts. `openHost` starts one (opened again on the same folder, it is the app
 * restarted), signed in when a user is given.
 */
export interface DeskStack<D extends StackDatabase, S extends StackServer> {
  readonly database: D;
  readonly server: S;
  readonly proxy: StackProxy;
  readonly dir: string;
  openHost(options: OpenHostOptions): Promise<Host>;
  /** The LAN drops: `host` sees the server gone. */
  cut(host: Host): Promise<void>;
  /** The LAN is back: `host` is connected and signed in again. */
  restore(host: Host): Promise<void>;
  /** Stops every host it opened, the relay and the server, drops the database and the folder. */
  stop(): Promise<void>;
}

export interface OpenHostOptions {
  workstationId: string;
  /** Signed in as this user once connected; none: started and left signed out. */
  user?: { readonly username: string; readonly password: string };
  /** The workstation's folder under the stack's (default `desk`). */
  folder?: string;
  onEvent?: (event: HostEventEnvelope) => void;
  now?: NodeHostOptions['now'];
}

export async function startDeskStack<D extends StackDatabase, S extends StackServer>(support: ServerSupport<D, S>, options: { prefix: string }): Promise<DeskStack<D, S>> {
  const database = await support.createTestDatabase();
  const server = await support.startTestServer({ db: database.db, databaseUrl: database.url });
  const proxy = await support.TcpProxy.start('127.0.0.1', server.app.port);
  const dir = await mkdtemp(join(tmpdir(), `hms-${options.prefix}-`));
  const hosts = new Set<Host>();
  return {
    database, server, proxy, dir,
    async openHost({ workstationId, user, folder = 'desk', onEvent, now }) {
      const host = createNodeHost({
        dataDir: join(dir, folder),
        defaults: { serverUrl: `http://127.0.0.1:${proxy.port}`, workstationId },
        version: 'test',
        backoff: { baseMs: 50, capMs: 200 },
        pingIntervalMs: 0,
        ...(now === undefined ? {} : { now }),
      });
      if (onEvent !== undefined) host.onEvent(onEvent);
      hosts.add(host);
      await host.start();
      if (user === undefined) return host;
      await waitUntil(() => host.status().connection.state === 'connected', 'connected');
      await host.handlers['session.signIn']({ username: user.username, password: user.password });
      return host;
    },
    async cut(host) {
      proxy.cut();
      await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    },
    async restore(host) {
      proxy.restore();
      await waitUntil(() => host.status().connection.state === 'connected' && host.status().session.state === 'signedIn', 'online again');
    },
    async stop() {
      for (const host of hosts) await host.stop();
      await proxy.stop();
      await server.stop();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The topics every socket of the server watches now, counted (the hub keeps its sockets to itself: read for the test). */
export function serverTopicCounts(server: StackServer): Map<string, number> {
  const hub = server.app.hub as unknown as { connections: Set<{ topics: ReadonlySet<string> }> };
  const counts = new Map<string, number>();
  for (const connection of hub.connections) for (const topic of connection.topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  return counts;
}
