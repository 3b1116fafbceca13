import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TcpProxy, freePort, startServerProcess } from '@hms/server/test-support';
import type { ServerProcess } from '@hms/server/test-support';
import { startFakePrinter } from '../../src/host/test-support/fake-printer.js';
import type { FakePrinter } from '../../src/host/test-support/fake-printer.js';
import { startNode } from './processes.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const serverMain = join(repo, 'apps/server/dist/main.js');
const devHost = join(repo, 'apps/desktop/dist/host/node/dev-host.js');
const renderer = join(repo, 'apps/desktop/dist/renderer/index.html');

/** The little of node-postgres's Client this harness uses. */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}

interface Database {
  env: Record<string, string>;
  /** Rows of a query on the server's database (the e2e checks what reached PostgreSQL). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh database: on the machine's PostgreSQL (DATABASE_URL), or the server's embedded one. */
async function freshDatabase(dir: string): Promise<Database> {
  const adminUrl = process.env.DATABASE_URL;
  // pg comes with the server package; the desktop package does not depend on it for this alone.
  const requireFromServer = createRequire(join(repo, 'apps/server/package.json'));
  const pg = requireFromServer('pg') as { Client: new (options: { connectionString: string }) => PgClient };
  const query = (connectionString: () => Promise<string>) => async <T>(sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: await connectionString() });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  if (adminUrl === undefined || adminUrl === '') {
    const dataDir = join(dir, 'server-data');
    // The embedded PostgreSQL runs as the postgres user when root: it must reach the folder.
    await chmod(dir, 0o755);
    const port = await freePort();
    return {
      env: { HMS_DATA_DIR: dataDir, HMS_EMBEDDED_PG_PORT: String(port) },
      // The server's embedded cluster: user and database 'hms', its generated password beside the cluster.
      query: query(async () => `postgres://hms:${encodeURIComponent((await readFile(join(dataDir, 'pg-password'), 'utf8')).trim())}@127.0.0.1:${port}/hms`),
      drop: async () => undefined,
    };
  }
  const name = `hms_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    query: query(async () => url.toString()),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface Stack {
  serverUrl: string;
  /** The page to open: the dev/test host's renderer, its token in the fragment. */
  hostUrl: string;
  demoPassword: string;
  printer: FakePrinter;
  /** A folder for the PDF fallback printer. */
  pdfDir: string;
  query: Database['query'];
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /**
   * With `hostLink: 'relay'`: the workstation's link alone drops (its LAN cable out), while the
   * server runs on and other desks (the test's own clients on serverUrl) write through it.
   */
  cutHost(): void;
  restoreHost(): void;
  close(): Promise<void>;
}

export interface StackOptions {
  /** 'relay': the dev/test host reaches the server through a TCP relay the test can cut (cutHost). */
  hostLink?: 'direct' | 'relay';
}

/** The real server process on a fresh database (demo users), and the dev/test host in front of it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  for (const [file, how] of [[serverMain, 'tsc -b tsconfig.json'], [devHost, 'tsc -b tsconfig.json'], [renderer, 'pnpm --filter @hms/desktop run build:renderer']] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (${how}, or npm test which builds).`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'hms-e2e-'));
  const database = await freshDatabase(dir);
  const port = await freePort();
  const demoPassword = `e2e-${randomBytes(6).toString('base64url')}`;
  // An empty DATABASE_URL counts as unset: the server then runs its embedded PostgreSQL.
  const serverEnv = { DATABASE_URL: '', ...database.env, HMS_PORT: String(port), HMS_DEMO: '1', HMS_DEMO_PASSWORD: demoPassword };
  let server: ServerProcess | undefined;
  const startServer = async () => {
    server = await startServerProcess(serverEnv);
  };
  await startServer();
  const serverUrl = `http://127.0.0.1:${port}`;
  // The relay outlives server restarts: the server comes back on the same port.
  const relay = options.hostLink === 'relay' ? await TcpProxy.start('127.0.0.1', port) : undefined;
  const host = await startNode(
    devHost,
    ['--server', relay === undefined ? serverUrl : `http://127.0.0.1:${relay.port}`, '--data-dir', join(dir, 'workstation'), '--workstation', 'reception-e2e'],
    { ...process.env, HMS_RENDERER_DIR: join(repo, 'apps/desktop/dist/renderer') },
    /^(\{.*"url".*\})$/m,
  );
  const { url: hostUrl } = JSON.parse(host.match[1]!) as { url: string };
  const printer = await startFakePrinter();
  return {
    serverUrl,
    hostUrl,
    demoPassword,
    printer,
    pdfDir: join(dir, 'pdf'),
    query: (sql, params) => database.query(sql, params),
    startServer,
    cutHost: () => {
      if (relay === undefined) throw new Error('cutHost needs startStack({ hostLink: \'relay\' })');
      relay.cut();
    },
    restoreHost: () => {
      if (relay === undefined) throw new Error('restoreHost needs startStack({ hostLink: \'relay\' })');
      relay.restore();
    },
    stopServer: async () => {
      await server?.stop();
      server = undefined;
    },
    close: async () => {
      await host.stop();
      await relay?.stop();
      await server?.stop();
      await printer.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
