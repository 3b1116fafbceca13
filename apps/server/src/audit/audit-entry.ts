import type { Knex } from 'knex';
import type { Actor, Origin } from '../gateway/actor.js';

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

/**
 * Appends rows to audit_log. seq, prev_hash and hash are set by the database's trigger, which
 * also serializes appends (see migration 0001), so callers insert last in their transaction.
 */
export async function appendAudit(db: Knex | Knex.Transaction, stamp: AuditStamp, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db('audit_log').insert(
    entries.map((entry) => ({
      at: stamp.at,
      actor_id: stamp.actor?.userId ?? null,
      actor_username: stamp.actor?.username ?? null,
      action: entry.action,
      entity_type: entry.entityType ?? null,
      entity_id: entry.entityId ?? null,
      workstation_id: stamp.origin?.workstationId ?? null,
      address: stamp.origin?.address ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
      details: toJson(entry.details),
    })),
  );
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
