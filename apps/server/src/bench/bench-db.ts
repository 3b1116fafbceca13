import { createClient, createDatabase } from '../db/connect.js';
import type { Knex } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { withDatabase } from '../test-support/db-url.js';

export interface BenchDatabase {
  url: string;
  db: Knex;
  close(): Promise<void>;
}

/**
 * A database of the benchmark's own on the PostgreSQL of DATABASE_URL. `fresh` drops it first;
 * otherwise it is kept between runs (a million seeded patients take a while to make).
 */
export async function benchDatabase(name: string, options: { fresh: boolean }): Promise<BenchDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') {
    throw new Error('Benchmarks need DATABASE_URL (run.ts sets it to an embedded PostgreSQL when unset).');
  }
  const admin = createClient(adminUrl, 'hms-bench');
  await admin.connect();
  try {
    if (options.fresh) await admin.query(`drop database if exists ${name} with (force)`);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDatabase({ url, poolMax: 10, applicationName: 'hms-bench' });
  await migrateToLatest(db);
  return { url, db, close: () => db.destroy() };
}
