import type { Knex } from 'knex';
import type { Actor, Origin } from '../gateway/actor.js';
import type { AuditKey } from './audit-key.js';
import { KEYED, rowHash } from './chain.js';

/** One audited action. `before`/`after` carry the changed record for writes. */
export interface AuditEntry {
  /** `area.action`, usually the method name (`patients.update`), or a system action. */
  action: string;
  entityType?: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

export interface AuditStamp {
  at: Date;
  actor: Pick<Actor, 'userId' | 'username'> | null;
  origin: Pick<Origin, 'address' | 'workstationId'> | null;
}

/** A row of audit_log as sealed by sealAudit: stored as it is by INSERT_SEALED_AUDIT_SQL. */
export type SealedAuditRow = Record<string, unknown>;

/**
 * Inserts sealed rows, bound as one JSON array (`:auditRows`); both this and hms_audit_prepare
 * read the rows through jsonb_populate_record, so the text hashed is the text stored.
 */
export const INSERT_SEALED_AUDIT_SQL = 'insert into audit_log select * from jsonb_populate_recordset(null::audit_log, cast(:auditRows as jsonb))';

/**
 * Seals rows for audit_log, chained with the server's key (migration 0025): the database
 * assigns seq under the chain lock and renders each row's text; the HMACs are computed here.
 * The lock is held until commit, so callers seal last in their transaction and insert the rows
 * (INSERT_SEALED_AUDIT_SQL) in the statement after, before any other.
 */
export async function sealAudit(db: Knex | Knex.Transaction, key: AuditKey, stamp: AuditStamp, entries: readonly AuditEntry[]): Promise<SealedAuditRow[]> {
  return sealStampedAudit(db, key, entries.map((entry) => ({ stamp, entry })));
}

/** An entry with who, when and where of its own (the reads of several desks appended together). */
export interface StampedAuditEntry {
  stamp: AuditStamp;
  entry: AuditEntry;
}

/** The rows as audit_log stores them, before the database assigns seq and the server seals them. */
export function auditRows(items: readonly StampedAuditEntry[]): Array<Record<string, unknown>> {
  return items.map(({ stamp, entry }) => ({
    at: stamp.at.toISOString(),
    actor_id: stamp.actor?.userId ?? null,
    actor_username: stamp.actor?.username ?? null,
    action: entry.action,
    entity_type: entry.entityType ?? null,
    entity_id: entry.entityId ?? null,
    workstation_id: stamp.origin?.workstationId ?? null,
    address: stamp.origin?.address ?? null,
    // undefined and null both become SQL NULL (JSON null maps to NULL in jsonb_populate_record).
    before: entry.before ?? null,
    after: entry.after ?? null,
    details: entry.details ?? null,
  }));
}

/** What hms_audit_prepare answers for each row, in order. */
export interface PreparedAuditRow {
  seq: number;
  fields: Array<string | null>;
  prev_hash: string;
}

export const PREPARE_AUDIT_SQL = 'select seq, fields, prev_hash from hms_audit_prepare(?::jsonb)';

/** Chains the rows: each one's HMAC covers the previous row's hash and its own rendered fields. */
export function sealRows(key: AuditKey, rows: ReadonlyArray<Record<string, unknown>>, prepared: readonly PreparedAuditRow[]): SealedAuditRow[] {
  let previous = prepared[0]?.prev_hash;
  return rows.map((row, index) => {
    const { seq, fields } = prepared[index]!;
    const hash = rowHash(KEYED, [previous ?? null, ...fields], key);
    const full = { ...row, seq, prev_hash: previous, hash, chain_version: KEYED };
    previous = hash;
    return full;
  });
}

/** sealAudit for entries of different requests, in the order given. */
export async function sealStampedAudit(db: Knex | Knex.Transaction, key: AuditKey, items: readonly StampedAuditEntry[]): Promise<SealedAuditRow[]> {
  if (items.length === 0) return [];
  const rows = auditRows(items);
  const prepared = (await db.raw(PREPARE_AUDIT_SQL, [JSON.stringify(rows)])).rows as PreparedAuditRow[];
  return sealRows(key, rows, prepared);
}

/** Appends rows to audit_log (sealAudit, then the insert). The chain lock is held until commit, so callers append last in their transaction. */
export async function appendAudit(db: Knex | Knex.Transaction, key: AuditKey, stamp: AuditStamp, entries: readonly AuditEntry[]): Promise<void> {
  await appendStampedAudit(db, key, entries.map((entry) => ({ stamp, entry })));
}

export async function appendStampedAudit(db: Knex | Knex.Transaction, key: AuditKey, items: readonly StampedAuditEntry[]): Promise<void> {
  const sealed = await sealStampedAudit(db, key, items);
  if (sealed.length > 0) await db.raw(INSERT_SEALED_AUDIT_SQL, { auditRows: JSON.stringify(sealed) });
}
