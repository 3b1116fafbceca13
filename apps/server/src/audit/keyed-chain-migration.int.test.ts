import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createClient, createDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import type { Migration } from '../db/migrations/index.js';
import { withDatabase } from '../test-support/db-url.js';
import { appendAudit } from './audit-entry.js';
import { AuditKey } from './audit-key.js';
import { verifyAuditChain } from './verify.js';

const adminUrl = inject('hmsAdminUrl');
const name = `hms_t_${inject('hmsRunId')}_${process.pid}_mig${randomBytes(2).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = createClient(adminUrl, 'hms-test');
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const db = createDatabase({ url: withDatabase(adminUrl, name), poolMax: 4, applicationName: 'hms-test' });
afterAll(async () => {
  await db.destroy();
  await admin(`drop database if exists ${name} with (force)`);
});

describe('an audit log hashed before the keyed chain (migration 0025)', () => {
  it('keeps its old rows verifiable, and the first keyed row chains on from the last old one', async () => {
    await admin(`create database ${name}`);
    const before = migrations.filter(([migration]) => migration < '0025');
    await db.migrate.latest({
      tableName: 'knex_migrations',
      migrationSource: {
        getMigrations: async () => [...before],
        getMigrationName: ([migration]: readonly [string, Migration]) => migration,
        getMigration: async ([, migration]: readonly [string, Migration]) => migration,
      },
    });
    // Rows as the old trigger wrote them: seq, prev_hash and a plain SHA-256 from the database.
    await db('audit_log').insert([{ action: 'users.create', details: JSON.stringify({ n: 1 }), prev_hash: '', hash: '' }, { action: 'auth.login', prev_hash: '', hash: '' }]);
    await migrateToLatest(db);
    const key = AuditKey.generate();
    await db.transaction((trx) => appendAudit(trx, key, { at: new Date(), actor: null, origin: null }, [{ action: 'system.announce', details: { message: 'after the upgrade' } }, { action: 'patients.get', entityId: 'p-1' }]));
    const rows = await db('audit_log').select('seq', 'chain_version', 'prev_hash', 'hash').orderBy('seq');
    expect(rows.map((row) => row.chain_version)).toEqual([1, 1, 2, 2]);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
    const report = await verifyAuditChain(db, key);
    expect(report).toMatchObject({ ok: true, rows: 4, keyedRows: 2, problems: [] });
    // The old rows are checked too: altering one is still caught.
    await db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx('audit_log').where({ seq: rows[0].seq }).update({ action: 'users.update' });
    });
    expect((await verifyAuditChain(db, key)).problems).toContainEqual({ seq: rows[0].seq, problem: 'hash_mismatch' });
  });
});
