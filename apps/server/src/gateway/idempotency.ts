import { HmsError } from '@hms/core';
import type { MethodSpec } from '@hms/core';
import type { Knex } from 'knex';
import { appendAudit } from '../audit/index.js';
import type { AuditKey, AuditStamp } from '../audit/index.js';
import { digestOf } from '../shared/canonical-json.js';

/** Who sent a keyed write, and what it asked for: a stored result answers only the same again. */
export interface IdempotencyRequest {
  key: string;
  method: string;
  userId: string;
  workstationId: string | null;
  /** sha256 of the method and its canonical params (see requestDigest). */
  digest: string;
}

export interface AuditedEntity {
  entityType: string;
  entityId: string;
}

/** The digest of a request as validated (trimmed, normalized, defaults applied), less what a retry may add. */
export function requestDigest(method: string, spec: Pick<MethodSpec, 'sameRequestIgnores'>, params: unknown): string {
  let compared = params;
  if (spec.sameRequestIgnores !== undefined && params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const copy = { ...(params as Record<string, unknown>) };
    for (const field of spec.sameRequestIgnores) delete copy[field];
    compared = copy;
  }
  return digestOf(method, compared);
}

interface KeyRow {
  method: string;
  user_id: string | null;
  workstation_id: string | null;
  request_digest: string | null;
  result: unknown;
  audited_entities: AuditedEntity[] | null;
}

function refused(key: string, reason: 'other_caller' | 'other_method' | 'different_params', message: string): HmsError {
  return HmsError.conflict(message, { idempotencyKey: key, reason });
}

/**
 * The stored result of this very request, if it was applied: undefined when the key is new.
 * The key of another user or workstation, of another method, or with other params is CONFLICT
 * (with `details.reason`), never their result. A replayed result is audited as a read of the
 * records the write audited, in its own transaction.
 */
export async function storedResult(db: Knex, auditKey: AuditKey, request: IdempotencyRequest, stamp: () => AuditStamp): Promise<{ result: unknown } | undefined> {
  const row = (await db('idempotency_keys')
    .select('method', 'user_id', 'workstation_id', 'request_digest', 'result', 'audited_entities')
    .where({ key: request.key })
    .first()) as KeyRow | undefined;
  if (row === undefined) return undefined;
  // Rows from before keys were scoped carry no digest and no workstation: matched by user only.
  const scoped = row.request_digest !== null;
  if (row.user_id !== request.userId || (scoped && row.workstation_id !== request.workstationId)) {
    throw refused(request.key, 'other_caller', 'This idempotency key belongs to another user\'s or workstation\'s request.');
  }
  if (row.method !== request.method) {
    throw refused(request.key, 'other_method', 'This idempotency key was already used for another request.');
  }
  if (scoped && row.request_digest !== request.digest) {
    throw refused(request.key, 'different_params', 'This idempotency key was already used with different params: send a new key for a new request.');
  }
  const entities = row.audited_entities ?? [];
  if (entities.length > 0) {
    await db.transaction((trx) => appendAudit(trx, auditKey, stamp(), entities.map((entity) => ({
      action: 'idempotency.replay', entityType: entity.entityType, entityId: entity.entityId, details: { method: request.method },
    }))));
  }
  return { result: row.result };
}
