import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AuditKey } from './audit-key.js';

/**
 * A signed note of the chain's head kept outside the database: the rows up to `seq` existed
 * with this hash at `at`. Deleting the newest rows (which leaves a valid but shorter chain) is
 * caught by comparing with it. It is self-contained, so a backup manifest can carry one.
 */
export const AuditCheckpointSchema = z.object({
  /** The chain's identity: the hash of its first row. */
  chain: z.string().regex(/^[0-9a-f]{64}$/),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().datetime(),
  /** HMAC-SHA-256 with the audit key over the fields above. */
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpointSchema>;

const CheckpointFileSchema = z.object({
  format: z.literal('hms-audit-checkpoints/1'),
  checkpoints: z.array(AuditCheckpointSchema),
});

/** Checkpoints kept per chain: with one a minute while the log grows, more than an hour. */
const HISTORY_PER_CHAIN = 100;
/** Other databases' chains kept in the same file (a developer switching DATABASE_URL). */
const MAX_CHAINS = 10;

function signedText(checkpoint: Omit<AuditCheckpoint, 'mac'>): string {
  return ['hms-audit-checkpoint', checkpoint.chain, String(checkpoint.seq), checkpoint.hash, checkpoint.at].join('|');
}

export function signCheckpoint(key: AuditKey, checkpoint: Omit<AuditCheckpoint, 'mac'>): AuditCheckpoint {
  return { ...checkpoint, mac: key.mac(signedText(checkpoint)) };
}

export function checkpointIsSigned(key: AuditKey, checkpoint: AuditCheckpoint): boolean {
  return key.mac(signedText(checkpoint)) === checkpoint.mac;
}

/** The checkpoint file's entries, oldest first; none when it does not exist yet. A damaged file is an error, never overwritten. */
export async function readCheckpoints(path: string): Promise<AuditCheckpoint[]> {
  if (!existsSync(path)) return [];
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not an HMS audit checkpoint file.`, { cause: error });
  }
  const file = CheckpointFileSchema.safeParse(parsed);
  if (!file.success) throw new Error(`${path} is not an HMS audit checkpoint file.`);
  return file.data.checkpoints;
}

/** Written whole to a temporary file, flushed, then renamed over: a crash leaves the old or the new file. */
async function writeCheckpoints(path: string, checkpoints: readonly AuditCheckpoint[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ format: 'hms-audit-checkpoints/1', checkpoints }, null, 1)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

function trimmed(checkpoints: readonly AuditCheckpoint[], chain: string): AuditCheckpoint[] {
  const byChain = new Map<string, AuditCheckpoint[]>();
  for (const checkpoint of checkpoints) byChain.set(checkpoint.chain, [...(byChain.get(checkpoint.chain) ?? []), checkpoint]);
  const newestAt = (list: AuditCheckpoint[]) => list.at(-1)?.at ?? '';
  const others = [...byChain.entries()].filter(([id]) => id !== chain).sort(([, a], [, b]) => newestAt(b).localeCompare(newestAt(a)));
  const kept = new Set([chain, ...others.slice(0, MAX_CHAINS - 1).map(([id]) => id)]);
  return [...byChain.entries()].filter(([id]) => kept.has(id)).flatMap(([, list]) => list.slice(-HISTORY_PER_CHAIN));
}

export type CheckpointOutcome =
  | { kind: 'written' | 'unchanged'; checkpoint: AuditCheckpoint }
  | { kind: 'empty' }
  /** The previous checkpoint's row is gone or changed: nothing is written, the file stays as evidence. */
  | { kind: 'contradicted'; previous: AuditCheckpoint; problem: 'checkpoint_missing' | 'checkpoint_mismatch' };

export interface ChainEnds {
  chain: string;
  head: { seq: number; hash: string };
}

export async function chainEnds(db: Knex): Promise<ChainEnds | undefined> {
  const first = await db('audit_log').select('hash').orderBy('seq', 'asc').first();
  const head = await db('audit_log').select('seq', 'hash').orderBy('seq', 'desc').first();
  if (first === undefined || head === undefined) return undefined;
  return { chain: first.hash as string, head: { seq: head.seq as number, hash: head.hash as string } };
}

/**
 * Records the chain's head in the checkpoint file, unless the previous checkpoint of this
 * chain no longer matches the database (then the newest rows were deleted or changed since).
 */
export async function writeAuditCheckpoint(db: Knex, key: AuditKey, path: string, now: Date): Promise<CheckpointOutcome> {
  const ends = await chainEnds(db);
  if (ends === undefined) return { kind: 'empty' };
  const existing = await readCheckpoints(path);
  const previous = existing.filter((checkpoint) => checkpoint.chain === ends.chain && checkpointIsSigned(key, checkpoint)).at(-1);
  if (previous !== undefined) {
    if (previous.seq === ends.head.seq && previous.hash === ends.head.hash) return { kind: 'unchanged', checkpoint: previous };
    const row = await db('audit_log').select('hash').where({ seq: previous.seq }).first();
    if (row === undefined) return { kind: 'contradicted', previous, problem: 'checkpoint_missing' };
    if (row.hash !== previous.hash) return { kind: 'contradicted', previous, problem: 'checkpoint_mismatch' };
  }
  const checkpoint = signCheckpoint(key, { chain: ends.chain, seq: ends.head.seq, hash: ends.head.hash, at: now.toISOString() });
  await writeCheckpoints(path, trimmed([...existing, checkpoint], ends.chain));
  return { kind: 'written', checkpoint };
}

/**
 * The checkpoint a backup manifest carries: the head at the time of the backup, freshly
 * recorded. Refuses when the chain contradicts the previous checkpoint.
 */
export async function auditCheckpointForBackup(db: Knex, key: AuditKey, path: string, now: Date): Promise<AuditCheckpoint | undefined> {
  const outcome = await writeAuditCheckpoint(db, key, path, now);
  switch (outcome.kind) {
    case 'written':
    case 'unchanged':
      return outcome.checkpoint;
    case 'empty':
      return undefined;
    case 'contradicted':
      throw new Error(`The audit log contradicts its checkpoint at seq ${outcome.previous.seq} (${outcome.problem.replace('_', ' ')}).`);
    default: {
      const never: never = outcome;
      throw new Error(`Unknown checkpoint outcome ${JSON.stringify(never)}`);
    }
  }
}
