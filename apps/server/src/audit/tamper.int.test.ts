import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { createTestDatabase } from '../test-support/index.js';
import type { TestDatabase } from '../test-support/index.js';
import { appendAudit } from './audit-entry.js';
import { chainPayload } from './chain.js';
import { readCheckpoints, writeAuditCheckpoint } from './checkpoints.js';
import { verifyAuditChain } from './verify.js';

// Each case tampers with its own database, as the database's most powerful role (the
// superuser that migrated it), and must be caught by `hms audit verify` (exit code 4).
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

const stamp = (n: number) => ({ at: new Date(Date.UTC(2026, 2, 2, 8, 0, n)), actor: null, origin: { address: '10.0.0.7', workstationId: 'ward-3' } });

/** A database with ten audit rows written as the server writes them, and a checkpoint of its head. */
async function chainOfTen(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  for (let n = 0; n < 10; n += 1) {
    await database.db.transaction((trx) => appendAudit(trx, database.auditKey, stamp(n), [{ action: 'patients.get', entityType: 'patient', entityId: `p-${n}`, details: { n } }]));
  }
  expect((await writeAuditCheckpoint(database.db, database.auditKey, database.auditCheckpointFile, new Date())).kind).toBe('written');
  return database;
}

async function verifyCli(database: TestDatabase): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCli(['audit', 'verify'], {
    out: (line) => out.push(line),
    err: (line) => out.push(line),
    env: { DATABASE_URL: database.url, HMS_LOG_LEVEL: 'silent', HMS_AUDIT_KEY_FILE: database.auditKeyFile, HMS_AUDIT_CHECKPOINT_FILE: database.auditCheckpointFile },
    readPassword: async () => '',
  });
  return { code, out: out.join('\n') };
}

async function report(database: TestDatabase) {
  return verifyAuditChain(database.db, database.auditKey, await readCheckpoints(database.auditCheckpointFile));
}

/** Behind the triggers: what an owner or superuser can do. */
async function asReplica(db: Knex, work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    await work(trx);
  });
}

const seqs = async (db: Knex) => (await db('audit_log').select('seq').orderBy('seq')).map((row) => row.seq as number);

/** The row's text as the verifier renders it (the framing is public; only the key is secret). */
async function fieldsOf(db: Knex | Knex.Transaction, seq: number): Promise<Array<string | null>> {
  const row = (await db.raw(
    `select array[prev_hash, seq::text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       actor_id::text, actor_username, action, entity_type, entity_id, workstation_id, address,
       before::text, after::text, details::text] as fields from audit_log where seq = ?`,
    [seq],
  )).rows[0] as { fields: Array<string | null> };
  return row.fields;
}
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('hms audit verify against the database\'s own powerful roles', () => {
  it('passes an untouched chain, with its checkpoint', async () => {
    const database = await chainOfTen();
    const verified = await verifyCli(database);
    expect(verified.out).toContain('Audit chain intact: 10 rows (10 keyed)');
    expect(verified).toMatchObject({ code: 0, out: expect.stringContaining('Matches the checkpoint') });
  });

  it('catches an altered middle row', async () => {
    const database = await chainOfTen();
    const middle = (await seqs(database.db))[4]!;
    await asReplica(database.db, (trx) => trx('audit_log').where({ seq: middle }).update({ entity_id: 'p-someone-else' }).then(() => undefined));
    expect((await report(database)).problems).toContainEqual({ seq: middle, problem: 'hash_mismatch' });
    expect((await verifyCli(database)).code).toBe(4);
  });

  it('catches a deleted middle row', async () => {
    const database = await chainOfTen();
    const [, , , middle, next] = await seqs(database.db);
    await asReplica(database.db, (trx) => trx('audit_log').where({ seq: middle! }).delete().then(() => undefined));
    expect((await report(database)).problems).toContainEqual({ seq: next!, problem: 'gap' });
    expect((await verifyCli(database)).code).toBe(4);
  });

  it('catches a row forged through the trigger, hashed as well as one can without the key', async () => {
    const database = await chainOfTen();
    const head = await database.db('audit_log').orderBy('seq', 'desc').first();
    // The trigger cannot check a key it does not hold: it takes any well-formed hash that follows the head.
    await database.db.transaction(async (trx) => {
      const seq = Number((await trx.raw("select nextval('audit_log_seq') as seq")).rows[0].seq);
      const at = new Date('2026-03-02T09:00:00.000Z');
      const fields = [head.hash, String(seq), '2026-03-02T09:00:00.000000Z', null, null, 'patients.get', 'patient', 'p-alibi', null, null, null, null, null];
      await trx('audit_log').insert({ seq, at, action: 'patients.get', entity_type: 'patient', entity_id: 'p-alibi', prev_hash: head.hash, hash: sha256(chainPayload(fields)), chain_version: 2 });
    });
    const forgedSeq = (await seqs(database.db)).at(-1)!;
    expect((await report(database)).problems).toContainEqual({ seq: forgedSeq, problem: 'hash_mismatch' });
    expect((await verifyCli(database)).code).toBe(4);
  });

  it('refuses an insert that leaves the hashing to the trigger, as before the keyed chain', async () => {
    const database = await chainOfTen();
    await expect(database.db('audit_log').insert({ action: 'patients.get', entity_type: 'patient', entity_id: 'p-x', prev_hash: 'x', hash: 'x', seq: 0, chain_version: 1 })).rejects.toThrow(/sealed by the HMS server/);
  });

  it('catches the newest rows deleted (the chain that is left is valid, but shorter than its checkpoint)', async () => {
    const database = await chainOfTen();
    const newest = (await seqs(database.db)).slice(-3);
    await asReplica(database.db, (trx) => trx('audit_log').whereIn('seq', newest).delete().then(() => undefined));
    const checked = await report(database);
    expect(checked.problems).toEqual([{ seq: newest.at(-1)!, problem: 'checkpoint_missing' }]);
    expect((await verifyCli(database)).code).toBe(4);
    // And the server's next checkpoint refuses to paper over it.
    expect(await writeAuditCheckpoint(database.db, database.auditKey, database.auditCheckpointFile, new Date())).toMatchObject({ kind: 'contradicted', problem: 'checkpoint_missing' });
  });

  it('catches an altered row with everything after it re-hashed with SHA-256, as an attacker without the key would', async () => {
    for (const version of [2, 1] as const) {
      const database = await chainOfTen();
      const all = await seqs(database.db);
      const from = all[4]!;
      await asReplica(database.db, async (trx) => {
        await trx('audit_log').where({ seq: from }).update({ entity_id: 'p-someone-else' });
        let previous = (await trx('audit_log').where({ seq: all[3]! }).first()).hash as string;
        for (const seq of all.slice(4)) {
          await trx('audit_log').where({ seq }).update({ prev_hash: previous, chain_version: version });
          previous = sha256(chainPayload(await fieldsOf(trx, seq)));
          await trx('audit_log').where({ seq }).update({ hash: previous });
        }
      });
      const problems = (await report(database)).problems;
      // Claimed as keyed rows, the hashes are wrong; claimed as old plain rows, they come after keyed ones.
      expect(problems).toContainEqual({ seq: from, problem: version === 2 ? 'hash_mismatch' : 'downgraded' });
      expect(problems).toContainEqual({ seq: all.at(-1)!, problem: 'checkpoint_mismatch' });
      expect((await verifyCli(database)).code).toBe(4);
    }
  });

  it('hms audit checkpoint writes one at once, which a later verify holds the chain to', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    await database.db.transaction((trx) => appendAudit(trx, database.auditKey, stamp(0), [{ action: 'system.announce' }]));
    const out: string[] = [];
    const env = { DATABASE_URL: database.url, HMS_LOG_LEVEL: 'silent', HMS_AUDIT_KEY_FILE: database.auditKeyFile, HMS_AUDIT_CHECKPOINT_FILE: database.auditCheckpointFile };
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(line), env, readPassword: async () => '' };
    expect(await runCli(['audit', 'checkpoint'], io)).toBe(0);
    const [checkpoint] = await readCheckpoints(database.auditCheckpointFile);
    expect(checkpoint).toMatchObject({ seq: (await seqs(database.db))[0] });
    await asReplica(database.db, (trx) => trx('audit_log').delete().then(() => undefined));
    expect((await report(database)).problems).toEqual([{ seq: 0, problem: 'no_checkpoint' }]);
    expect(await runCli(['audit', 'checkpoint'], io)).toBe(0); // an empty log: nothing to checkpoint, nothing overwritten
    expect((await verifyCli(database)).code).toBe(4);
  });

  it('refuses a checkpoint file written without the key', async () => {
    const database = await chainOfTen();
    const [checkpoint] = await readCheckpoints(database.auditCheckpointFile);
    const forged = { ...checkpoint!, seq: 3, mac: sha256('guess') };
    const checked = await verifyAuditChain(database.db, database.auditKey, [forged]);
    expect(checked.problems).toContainEqual({ seq: 3, problem: 'checkpoint_forged' });
  });
});
