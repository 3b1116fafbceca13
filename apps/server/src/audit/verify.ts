import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** The hash of the newest row: write it down elsewhere to anchor the chain. */
  head: string | undefined;
  problems: Array<{ seq: number; problem: 'hash_mismatch' | 'broken_link' | 'gap' }>;
}

interface PayloadRow {
  seq: number;
  prev_hash: string;
  hash: string;
  fields: Array<string | null>;
}

const GENESIS = '0'.repeat(64);
const BATCH = 5_000;

/**
 * Re-derives every row's hash in Node (independently of the database's trigger) and checks
 * each row links to the one before. PostgreSQL only renders the values as text.
 */
export async function verifyAuditChain(db: Knex): Promise<ChainReport> {
  const problems: ChainReport['problems'] = [];
  let previousHash = GENESIS;
  let previousSeq: number | undefined;
  let rows = 0;
  for (let after = 0; ; ) {
    const batch = (await db.raw(
      `select seq, prev_hash, hash, array[
         prev_hash, seq::text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         actor_id::text, actor_username, action, entity_type, entity_id, workstation_id, address,
         before::text, after::text, details::text] as fields
       from audit_log where seq > ? order by seq limit ?`,
      [after, BATCH],
    )).rows as PayloadRow[];
    for (const row of batch) {
      rows += 1;
      if (previousSeq !== undefined && row.seq !== previousSeq + 1) {
        // Sequences may skip after a rolled-back insert; that is only a problem if the link breaks.
        if (row.prev_hash !== previousHash) problems.push({ seq: row.seq, problem: 'gap' });
      } else if (row.prev_hash !== previousHash) {
        problems.push({ seq: row.seq, problem: 'broken_link' });
      }
      if (hashRow(row.fields) !== row.hash) problems.push({ seq: row.seq, problem: 'hash_mismatch' });
      previousHash = row.hash;
      previousSeq = row.seq;
    }
    if (batch.length < BATCH) break;
    after = batch.at(-1)?.seq ?? after;
  }
  return { ok: problems.length === 0, rows, head: previousSeq === undefined ? undefined : previousHash, problems };
}

/** The same framing as hms_audit_payload: length-prefixed UTF-8 values, '-' for NULL. */
export function hashRow(fields: ReadonlyArray<string | null>): string {
  const payload = fields.map((value) => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`)).join('|');
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}
