import type { Knex } from 'knex';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import { createClient, createDatabase } from './connect.js';
import { embeddedDatabaseUrl, startEmbeddedPostgres } from './embedded.js';
import { ensureEmbeddedRoles } from './roles.js';

export interface OpenDatabase {
  db: Knex;
  /** The server's own role: DML, and only SELECT and INSERT on audit_log. */
  url: string;
  /** The role that owns the schema and runs migrations (db/roles.ts); `url` when only DATABASE_URL is set. */
  ownerUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** For the CLI: use the embedded cluster a running server already started, if there is one. */
  reuseRunningEmbedded?: boolean;
  applicationName?: string;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under the data folder. Waits for
 * the database to answer (it may still be starting after a reboot).
 */
export async function openDatabase(config: ServerConfig, log: Logger, options: OpenOptions = {}): Promise<OpenDatabase> {
  const applicationName = options.applicationName ?? 'hms-server';
  if (config.databaseUrl !== undefined) {
    const db = createDatabase({ url: config.databaseUrl, poolMax: config.dbPoolMax, applicationName, log: knexLog(log) });
    await waitForDatabase(db, log, config.dbWaitSeconds * 1000);
    return { db, url: config.databaseUrl, ownerUrl: config.ownerDatabaseUrl ?? config.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  if (options.reuseRunningEmbedded === true) {
    const url = await embeddedDatabaseUrl(config.dataDir, config.embeddedPgPort);
    if (url !== undefined && (await answers(url))) {
      const roles = await ensureEmbeddedRoles(url, config.dataDir);
      const db = createDatabase({ url: roles.serverUrl, poolMax: 4, applicationName, log: knexLog(log) });
      return { db, url: roles.serverUrl, ownerUrl: roles.ownerUrl, embedded: true, close: () => db.destroy() };
    }
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log, serviceUser: config.embeddedPgUser, systemDir: config.embeddedPgSystemDir });
  let roles: Awaited<ReturnType<typeof ensureEmbeddedRoles>>;
  try {
    roles = await ensureEmbeddedRoles(embedded.url, config.dataDir);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const db = createDatabase({ url: roles.serverUrl, poolMax: config.dbPoolMax, applicationName, log: knexLog(log) });
  try {
    await waitForDatabase(db, log, config.dbWaitSeconds * 1000);
  } catch (error) {
    await db.destroy();
    await embedded.stop();
    throw error;
  }
  return {
    db,
    url: roles.serverUrl,
    ownerUrl: roles.ownerUrl,
    embedded: true,
    close: async () => {
      await db.destroy();
      await embedded.stop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  // Something else may hold the port and never answer: a probe gives up after a few seconds.
  const client = createClient(url, 'hms-probe', 3_000);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForDatabase(db: Knex, log: Logger, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.raw('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`The database did not answer within ${timeoutMs / 1000} s.`, { cause: error });
      }
      if (attempt === 1) log.warn({ err: error }, 'waiting for the database');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

function knexLog(log: Logger) {
  const db = log.child({ component: 'database' });
  return { warn: (message: string) => db.warn(message), error: (message: string) => db.error(message) };
}
