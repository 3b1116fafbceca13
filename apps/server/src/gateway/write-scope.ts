import { events as eventSpecs } from '@hms/core';
import type { EventDataIn, EventName } from '@hms/core';
import type { Knex } from 'knex';
import { appendAudit } from '../audit/index.js';
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

  /** @internal Called by runWrite just before commit. */
  async flush(key: AuditKey, stamp: AuditStamp): Promise<void> {
    await appendAudit(this.trx, key, stamp, this.audits);
    if (this.pendingEvents.length > 0) {
      await this.trx('events').insert(
        this.pendingEvents.map((event) => ({
          at: stamp.at,
          name: event.name,
          topic: event.topic,
          data: JSON.stringify(event.data),
        })),
      );
    }
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
        if (claim !== undefined) {
          await trx('idempotency_keys')
            .where({ key: claim.key })
            .update({ result: JSON.stringify(result ?? null), audited_entities: JSON.stringify(scope.auditedEntities) });
        }
        await scope.flush(options.auditKey, options.stamp());
        return result;
      });
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && RETRYABLE.some((code) => isPgCode(error, code))) continue;
      throw error;
    }
  }
}
