// Vitest global setup for integration tests: a PostgreSQL to test against (DATABASE_URL, or
// an embedded one in a temporary folder), and a template database migrated once per set of
// migrations, from which every test file clones its own database in milliseconds.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type pg from 'pg';
import { createClient, createDatabase } from '../db/connect.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import type { EmbeddedDatabase } from '../db/embedded.js';
import { migrateToLatest, migrationsFingerprint } from '../db/migrate.js';
import { grantServerRole } from '../db/roles.js';
import { createLogger } from '../log.js';
import { TEST_SERVER_PASSWORD, TEST_SERVER_ROLE, withDatabase } from './db-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    hmsAdminUrl: string;
    hmsTemplate: string;
    hmsRunId: string;
  }
}

const STALE_AFTER_SECONDS = 6 * 3600;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedDatabase | undefined;
  let embeddedDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') {
    embeddedDir = await mkdtemp(join(tmpdir(), 'hms-test-pg-'));
    await chmod(embeddedDir, 0o755);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, port, log: createLogger('warn') });
    adminUrl = embedded.url;
  }
  const runId = `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  const template = `hms_tpl_${createHash('sha256').update(`${migrationsFingerprint()}\ngrants to ${TEST_SERVER_ROLE} v1`).digest('hex').slice(0, 16)}`;
  const admin = createClient(adminUrl, 'hms-test-setup');
  await admin.connect();
  try {
    // Another test run on this machine may be preparing the same template.
    await admin.query('select pg_advisory_lock(7400999)');
    await dropStale(admin, template);
    // The role every test server runs as, like production's server role: it owns nothing.
    const role = await admin.query('select 1 from pg_roles where rolname = $1', [TEST_SERVER_ROLE]);
    await admin.query(`${role.rowCount === 1 ? 'alter' : 'create'} role ${TEST_SERVER_ROLE} with login nosuperuser nocreatedb nocreaterole password '${TEST_SERVER_PASSWORD}'`);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`create database ${building}`);
      const db = createDatabase({ url: withDatabase(adminUrl, building), poolMax: 2, applicationName: 'hms-test-setup' });
      try {
        await migrateToLatest(db);
        await grantServerRole(db, TEST_SERVER_ROLE);
      } finally {
        await db.destroy();
      }
      await admin.query(`alter database ${building} rename to ${template}`);
      // Its birth time, so that a later run can tell an abandoned template from one in use.
      await admin.query(`comment on database ${template} is '${Math.floor(Date.now() / 1000)}'`);
    }
  } finally {
    await admin.end();
  }
  project.provide('hmsAdminUrl', adminUrl);
  project.provide('hmsTemplate', template);
  project.provide('hmsRunId', runId);

  return async () => {
    const client = createClient(adminUrl, 'hms-test-teardown');
    await client.connect();
    try {
      const rows = (await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`hms\\_t\\_${runId}\\_%`])).rows;
      for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
    } finally {
      await client.end();
    }
    await embedded?.stop();
    if (embeddedDir !== undefined) await rm(embeddedDir, { recursive: true, force: true });
  };
}

/**
 * Test databases of runs that died without cleaning up, half-built templates, and templates
 * of other migration sets that are old enough not to be another run's (runs with different
 * migrations may share this server: a developer's and a helper's, say).
 */
async function dropStale(admin: pg.Client, currentTemplate: string): Promise<void> {
  const rows = (await admin.query<{ datname: string; born: string | null }>(
    String.raw`select datname, shobj_description(oid, 'pg_database') as born from pg_database
               where datname like 'hms\_t\_%' or datname like 'hms\_tpl\_%'`,
  )).rows;
  const now = Date.now() / 1000;
  const old = (since: number) => Number.isFinite(since) && now - since > STALE_AFTER_SECONDS;
  for (const { datname, born } of rows) {
    if (datname === currentTemplate) continue;
    const stale = datname.startsWith('hms_tpl_')
      ? datname.includes('_build_') || born === null || old(Number(born))
      : old(Number(datname.split('_')[2]));
    if (stale) await admin.query(`drop database if exists ${datname} with (force)`);
  }
}

