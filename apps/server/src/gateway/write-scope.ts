import { events as eventSpecs } from '@hms/core';
import type { EventDataIn, EventName } from '@hms/core';
import type { Knex } from 'knex';
import { INSERT_SEALED_AUDIT_SQL, sealAudit } from '../audit/index.js';
import type { AuditEntry, AuditKey, AuditStamp } from '../audit/index.js';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { AuditedEntity, IdempotencyRequest } from './idempotency.js';

interface PendingEvent {
  name: EventName;
  topic: string;
  data: unknown;
}

/**
 * What a write handler gets: its transaction, and buffers for the audit rows and events that
 * commit with it. They are inserted at the very end, so the chain lock is held only briefly.
 */
export class WriteScope {
  readonly trx: Knex.Transaction;
  private readonly audits: AuditEntry[] = [];
  private readonly pendingEvents: PendingEvent[] = [];

  constructor(trx: Knex.Transaction) {
    this.trx = trx;
  }

  audit(entry: AuditEntry): void {
    this.audits.push(entry);
  }

  get hasAudit(): boolean {
    return this.audits.length > 0;
  }

  /** The records this write audited, each once: what a replay of its stored result reads. */
  get auditedEntities(): AuditedEntity[] {
    const seen = new Map<string, AuditedEntity>();
    for (const entry of this.audits) {
      if (entry.entityType === undefined || entry.entityId === undefined) continue;
      seen.set(`${entry.entityType}\n${entry.entityId}`, { entityType: entry.entityType, entityId: entry.entityId });
    }
    return [...seen.values()];
  }

  /** Queues an event for everyone watching `topic`; it is delivered only if the transaction commits. */
  emit<E extends EventName>(name: E, topic: string, data: EventDataIn<E>): void {
    // Validated here, so a malformed event fails the write rather than a client later.
    const parsed = eventSpecs[name].data.parse(data);
    this.pendingEvents.push({ name, topic, data: parsed });
  }

  /**
   * @internal Called by runWrite just before commit: seals the audit rows (taking the chain
   * lock), then inserts them, the events and the idempotency record's result in one statement,
   * so the chain lock (and every row the write locked) is held for two round trips and the commit.
   */
  async flush(key: AuditKey, stamp: AuditStamp, idempotency?: { key: string; result: unknown }): Promise<void> {
    const sealed = await sealAudit(this.trx, key, stamp, this.audits);
    const writes: string[] = [];
    const bindings: Record<string, unknown> = {};
    if (sealed.length > 0) {
      writes.push(`audit as (${INSERT_SEALED_AUDIT_SQL})`);
      bindings.auditRows = JSON.stringify(sealed);
    }
    if (this.pendingEvents.length > 0) {
      // In their order of emission: the events trigger numbers them as they are inserted.
      writes.push(`events as (insert into events (at, name, topic, data)
        select cast(:eventsAt as timestamptz), e.event ->> 'name', e.event ->> 'topic', e.event -> 'data'
        from jsonb_array_elements(cast(:events as jsonb)) with ordinality as e(event, n) order by e.n)`);
      bindings.eventsAt = stamp.at;
      bindings.events = JSON.stringify(this.pendingEvents);
    }
    if (idempotency !== undefined) {
      writes.push(`keyed as (update idempotency_keys set result = cast(:keyResult as jsonb), audited_entities = cast(:keyEntities as jsonb) where key = :key)`);
      bindings.keyResult = JSON.stringify(idempotency.result ?? null);
      bindings.keyEntities = JSON.stringify(this.auditedEntities);
      bindings.key = idempotency.key;
    }
    // Data-modifying CTEs run once and to completion whether or not the query reads them.
    if (writes.length > 0) await this.trx.raw(`with ${writes.join(',\n')} select 1`, bindings);
  }
}

export interface WriteOptions {
  stamp: () => AuditStamp;
  /** The key the audit rows are chained with (the server's data folder). */
  auditKey: AuditKey;
  idempotency?: IdempotencyRequest;
}

const RETRYABLE = [PG.serializationFailure, PG.deadlockDetected];
const MAX_ATTEMPTS = 3;

/**
 * Runs `work` in one transaction with its audit rows, events and idempotency record.
 * Retried (from scratch) on serialization failures and deadlocks, which PostgreSQL resolves by
 * aborting one side.
 */
export async function runWrite<T>(db: Knex, options: WriteOptions, work: (scope: WriteScope) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(async (trx) => {
        const claim = options.idempotency;
        // Claimed first: a concurrent retry of the same key waits here, then fails on the
        // key's primary key and is answered with this transaction's stored result.
        if (claim !== undefined) {
          await trx('idempotency_keys').insert({
            key: claim.key, method: claim.method, user_id: claim.userId, workstation_id: claim.workstationId, request_digest: claim.digest, result: 'null',
          });
        }
        const scope = new WriteScope(trx);
        const result = await work(scope);
        await scope.flush(options.auditKey, options.stamp(), claim === undefined ? undefined : { key: claim.key, result });
        return result;
      });
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && RETRYABLE.some((code) => isPgCode(error, code))) continue;
      throw error;
    }
  }
}
