import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { createClient, createDatabase } from '../db/connect.js';
import { withDatabase } from './db-url.js';

export interface TestDatabase {
  url: string;
  name: string;
  db: Knex;
  drop(): Promise<void>;
}

/** A fresh, migrated database of this test file's own, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('hmsAdminUrl');
  const template = inject('hmsTemplate');
  const name = `hms_t_${inject('hmsRunId')}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = createClient(adminUrl, 'hms-test');
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDatabase({ url, poolMax: 20, applicationName: 'hms-test' });
  return {
    url,
    name,
    db,
    drop: async () => {
      await db.destroy();
      const client = createClient(adminUrl, 'hms-test');
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
