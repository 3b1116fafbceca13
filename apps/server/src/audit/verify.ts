import type { Knex } from 'knex';
import type { AuditKey } from './audit-key.js';
import { GENESIS, rowHash } from './chain.js';
import type { ChainVersion } from './chain.js';
import { checkpointIsSigned } from './checkpoints.js';
import type { AuditCheckpoint } from './checkpoints.js';

export const CHAIN_PROBLEMS = [
  'hash_mismatch',
  'broken_link',
  'gap',
  /** A plain-hash row after a keyed one: someone re-hashed without the key. */
  'downgraded',
  /** A checkpointed row is gone: rows were deleted (the newest ones, if it was the head). */
  'checkpoint_missing',
  /** A checkpointed row now has another hash. */
  'checkpoint_mismatch',
  /** A checkpoint whose signature is wrong (written without the key). */
  'checkpoint_forged',
  /** Checkpoints exist, but none of this chain: its first rows were replaced, or the file is another database's. */
  'no_checkpoint',
] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** Rows hashed with the key (chain version 2). */
  keyedRows: number;
  /** The newest row's seq and hash. */
  head: { seq: number; hash: string } | undefined;
  /** The chain's identity: the hash of its first row. */
  chain: string | undefined;
  /** The newest checkpoint of this chain that was compared, if any. */
  checkpoint: AuditCheckpoint | undefined;
  problems: Array<{ seq: number; problem: ChainProblem }>;
}

interface PayloadRow {
  seq: number;
  prev_hash: string;
  hash: string;
  chain_version: ChainVersion;
  fields: Array<string | null>;
}

const BATCH = 5_000;

/**
 * Re-derives every row's hash in Node (independently of the database's functions, which their
 * owner could replace) and checks each row links to the one before; then checks that every
 * checkpoint of this chain (see checkpoints.ts) is still in it. PostgreSQL only renders values.
 */
export async function verifyAuditChain(db: Knex, key: AuditKey, checkpoints: readonly AuditCheckpoint[] = []): Promise<ChainReport> {
  const problems: ChainReport['problems'] = [];
  const signed = checkpoints.filter((checkpoint) => checkpointIsSigned(key, checkpoint));
  for (const forged of checkpoints.filter((checkpoint) => !signed.includes(checkpoint))) problems.push({ seq: forged.seq, problem: 'checkpoint_forged' });
  let previousHash = GENESIS;
  let previousSeq: number | undefined;
  let highestVersion: ChainVersion = 1;
  let chain: string | undefined;
  let rows = 0;
  let keyedRows = 0;
  const seen = new Map<number, string>();
  const wanted = new Set<number>();
  for (let after = 0; ; ) {
    const batch = (await db.raw(
      `select seq, prev_hash, hash, chain_version, array[
         prev_hash, seq::text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         actor_id::text, actor_username, action, entity_type, entity_id, workstation_id, address,
         before::text, after::text, details::text] as fields
       from audit_log where seq > ? order by seq limit ?`,
      [after, BATCH],
    )).rows as PayloadRow[];
    for (const row of batch) {
      rows += 1;
      if (chain === undefined) {
        chain = row.hash;
        for (const checkpoint of signed) if (checkpoint.chain === chain) wanted.add(checkpoint.seq);
      }
      if (previousSeq !== undefined && row.seq !== previousSeq + 1) {
        // Sequences may skip after a rolled-back insert; that is only a problem if the link breaks.
        if (row.prev_hash !== previousHash) problems.push({ seq: row.seq, problem: 'gap' });
      } else if (row.prev_hash !== previousHash) {
        problems.push({ seq: row.seq, problem: 'broken_link' });
      }
      if (row.chain_version < highestVersion) problems.push({ seq: row.seq, problem: 'downgraded' });
      highestVersion = row.chain_version > highestVersion ? row.chain_version : highestVersion;
      if (row.chain_version === 2) keyedRows += 1;
      if (rowHash(row.chain_version, row.fields, key) !== row.hash) problems.push({ seq: row.seq, problem: 'hash_mismatch' });
      if (wanted.has(row.seq)) seen.set(row.seq, row.hash);
      previousHash = row.hash;
      previousSeq = row.seq;
    }
    if (batch.length < BATCH) break;
    after = batch.at(-1)?.seq ?? after;
  }
  const ours = signed.filter((checkpoint) => checkpoint.chain === chain);
  for (const checkpoint of ours) {
    const found = seen.get(checkpoint.seq);
    if (found === undefined) problems.push({ seq: checkpoint.seq, problem: 'checkpoint_missing' });
    else if (found !== checkpoint.hash) problems.push({ seq: checkpoint.seq, problem: 'checkpoint_mismatch' });
  }
  if (signed.length > 0 && ours.length === 0) problems.push({ seq: 0, problem: 'no_checkpoint' });
  const dedup = problems.filter((problem, index) => problems.findIndex((other) => other.seq === problem.seq && other.problem === problem.problem) === index);
  return {
    ok: dedup.length === 0,
    rows,
    keyedRows,
    head: previousSeq === undefined ? undefined : { seq: previousSeq, hash: previousHash },
    chain,
    checkpoint: ours.reduce<AuditCheckpoint | undefined>((latest, checkpoint) => (latest === undefined || checkpoint.seq > latest.seq ? checkpoint : latest), undefined),
    problems: dedup,
  };
}
