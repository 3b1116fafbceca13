import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { AuditKey } from '../audit/audit-key.js';
import { createClient, createDatabase } from '../db/connect.js';
import { asTestServerRole, withDatabase } from './db-url.js';

export interface TestDatabase {
  url: string;
  name: string;
  /** As the superuser that migrated it: for setup, and for tampering as the database's own powerful role. */
  db: Knex;
  /** As the server's restricted role (it owns nothing; audit_log only SELECT and INSERT): what test servers run as. */
  serverUrl: string;
  serverDb: Knex;
  /** The audit key of the servers on this database, also in `auditKeyFile` (0600) for the CLI and server processes. */
  auditKey: AuditKey;
  auditKeyFile: string;
  /** Where this database's audit checkpoints go (not written until something checkpoints). */
  auditCheckpointFile: string;
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
  const serverUrl = asTestServerRole(url);
  const serverDb = createDatabase({ url: serverUrl, poolMax: 20, applicationName: 'hms-test-server' });
  const dir = await mkdtemp(join(tmpdir(), 'hms-test-audit-'));
  const auditKey = AuditKey.generate();
  const auditKeyFile = join(dir, 'audit-key');
  await writeFile(auditKeyFile, auditKey.toFileText(), { mode: 0o600 });
  return {
    url,
    name,
    db,
    serverUrl,
    serverDb,
    auditKey,
    auditKeyFile,
    auditCheckpointFile: join(dir, 'audit-checkpoints.json'),
    drop: async () => {
      await db.destroy();
      await serverDb.destroy();
      await rm(dir, { recursive: true, force: true });
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
