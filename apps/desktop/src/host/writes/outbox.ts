import { ErrorCodeSchema, HmsError, isMethodName } from '@hms/core';
import type { ErrorCode, MethodName } from '@hms/core';
import type { ConflictView, OutboxEntryView } from '../../shared/protocol/records.js';
import type { OutboxStatus } from '../../shared/protocol/status.js';
import type { LocalCache } from '../cache/local-cache.js';

/** What the outbox replays through: the server connection's typed call, with the entry's key. */
export interface OutboxSender {
  send(method: MethodName, params: unknown, idempotencyKey: string): Promise<unknown>;
}

export interface EnqueueInput {
  method: MethodName;
  params: unknown;
  label: string;
  idempotencyKey: string;
  queuedBy: string | null;
}

export interface DrainReport {
  applied: number;
  rejected: number;
  /** Why the drain stopped early (a transient failure), if it did. */
  stoppedBy?: { code: ErrorCode; message: string };
}

export interface OutboxOptions {
  /** An INTERNAL failure is retried this many times before the entry goes to the conflicts inbox. */
  maxInternalAttempts?: number;
  onApplied?: (entry: OutboxEntryView, result: unknown) => void;
  /** A replayed write the server refused, now in the conflicts inbox. */
  onRejected?: (conflict: ConflictView) => void;
}

/** What a failed replay means for the entry. */
export type ReplayVerdict = 'retryLater' | 'reject' | 'retryThenReject';

export function replayVerdict(code: ErrorCode): ReplayVerdict {
  switch (code) {
    // The server or the session is not there right now: stop and keep the order.
    case 'UNAVAILABLE':
    case 'RATE_LIMITED':
    case 'UNAUTHENTICATED':
      return 'retryLater';
    // The server looked at it and said no: a person must decide.
    case 'VALIDATION':
    case 'CONFLICT':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'BAD_REQUEST':
      return 'reject';
    // A server bug or a hiccup: retried a few times, then a person must look.
    case 'INTERNAL':
      return 'retryThenReject';
  }
}

interface OutboxRow {
  id: number;
  idempotency_key: string;
  method: string;
  params: string;
  label: string;
  queued_by: string | null;
  queued_at: string;
  attempts: number;
  last_error: string | null;
}

interface ConflictRow extends Omit<OutboxRow, 'attempts' | 'last_error'> {
  failed_at: string;
  error_code: string;
  error_message: string;
  error_details: string | null;
  resolved_at: string | null;
  resolution: string | null;
}

/**
 * The durable queue of writes made while the server was out of reach. An entry is on disk
 * (synchronous=FULL) before `enqueue` returns; replay goes oldest first, stops at the first
 * transient failure so the order holds, and moves refusals to the conflicts inbox, which
 * nothing ever deletes.
 */
export class Outbox {
  private readonly cache: LocalCache;
  private readonly options: OutboxOptions;
  private draining: Promise<DrainReport> | undefined;
  private readonly listeners = new Set<(status: OutboxStatus) => void>();

  constructor(cache: LocalCache, options: OutboxOptions = {}) {
    this.cache = cache;
    this.options = options;
  }

  onChange(listener: (status: OutboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): OutboxStatus {
    const pending = (this.cache.prepare('select count(*) as n from outbox').get() as { n: number }).n;
    const conflicts = (this.cache.prepare('select count(*) as n from conflicts where resolved_at is null').get() as { n: number }).n;
    return { pending, conflicts, draining: this.draining !== undefined };
  }

  enqueue(input: EnqueueInput): OutboxEntryView {
    const row = this.cache
      .prepare(`insert into outbox (idempotency_key, method, params, label, queued_by, queued_at)
                values (?, ?, ?, ?, ?, ?) returning *`)
      .get(input.idempotencyKey, input.method, JSON.stringify(input.params ?? {}), input.label, input.queuedBy, this.cache.nowIso()) as OutboxRow;
    this.changed();
    return entryView(row);
  }

  pending(): OutboxEntryView[] {
    return (this.cache.prepare('select * from outbox order by id').all() as OutboxRow[]).map(entryView);
  }

  conflicts(includeResolved = true): ConflictView[] {
    const sql = `select * from conflicts ${includeResolved ? '' : 'where resolved_at is null'} order by id`;
    return (this.cache.prepare(sql).all() as ConflictRow[]).map(conflictView);
  }

  /** One conflict, resolved or not. */
  conflict(id: number): ConflictView | undefined {
    const row = this.cache.prepare('select * from conflicts where id = ?').get(id) as ConflictRow | undefined;
    return row === undefined ? undefined : conflictView(row);
  }

  /**
   * Rewrites the params of queued entries, in one transaction: a desk that adopts the server's id
   * for what it queued under its own (the server had the consultation already). `rewrite` answers
   * the new params, or undefined to leave an entry as it is. The order and keys stay. How many changed.
   */
  retarget(rewrite: (entry: { method: MethodName; params: unknown }) => unknown): number {
    const changed = this.cache.transaction(() => {
      let count = 0;
      for (const row of this.cache.prepare('select * from outbox order by id').all() as OutboxRow[]) {
        const params = rewrite({ method: methodOf(row.method), params: JSON.parse(row.params) as unknown });
        if (params === undefined) continue;
        this.cache.prepare('update outbox set params = ? where id = ?').run(JSON.stringify(params), row.id);
        count += 1;
      }
      return count;
    });
    if (changed > 0) this.changed();
    return changed;
  }

  /** A person dealt with a conflict; it stays on record with what they decided. */
  resolveConflict(id: number, resolution: string): ConflictView {
    const row = this.cache
      .prepare('update conflicts set resolved_at = ?, resolution = ? where id = ? and resolved_at is null returning *')
      .get(this.cache.nowIso(), resolution, id) as ConflictRow | undefined;
    if (row === undefined) throw HmsError.notFound('An open conflict with this id', { id });
    this.changed();
    return conflictView(row);
  }

  /** Replays the queue in order; one drain at a time (a second call joins the running one). */
  drain(sender: OutboxSender): Promise<DrainReport> {
    this.draining ??= this.replay(sender).finally(() => {
      this.draining = undefined;
      this.changed();
    });
    this.changed();
    return this.draining;
  }

  private async replay(sender: OutboxSender): Promise<DrainReport> {
    const report: DrainReport = { applied: 0, rejected: 0 };
    const maxInternal = this.options.maxInternalAttempts ?? 5;
    for (;;) {
      const row = this.cache.prepare('select * from outbox order by id limit 1').get() as OutboxRow | undefined;
      if (row === undefined) return report;
      const entry = entryView(row);
      let result: unknown;
      try {
        result = await sender.send(entry.method, JSON.parse(row.params), row.idempotency_key);
      } catch (error) {
        const wire = error instanceof HmsError ? error : new HmsError('UNAVAILABLE', error instanceof Error ? error.message : String(error));
        const verdict = replayVerdict(wire.code);
        const attempts = row.attempts + 1;
        if (verdict === 'reject' || (verdict === 'retryThenReject' && attempts >= maxInternal)) {
          const conflict = this.moveToConflicts(row, wire);
          report.rejected += 1;
          this.changed();
          this.options.onRejected?.(conflict);
          continue;
        }
        this.cache
          .prepare('update outbox set attempts = ?, last_error = ?, last_attempt_at = ? where id = ?')
          .run(attempts, `${wire.code}: ${wire.message}`, this.cache.nowIso(), row.id);
        report.stoppedBy = { code: wire.code, message: wire.message };
        return report;
      }
      this.cache.prepare('delete from outbox where id = ?').run(row.id);
      report.applied += 1;
      this.changed();
      this.options.onApplied?.(entry, result);
    }
  }

  private moveToConflicts(row: OutboxRow, error: HmsError): ConflictView {
    return this.cache.transaction(() => {
      const conflict = this.cache
        .prepare(`insert into conflicts (idempotency_key, method, params, label, queued_by, queued_at, failed_at, error_code, error_message, error_details)
                  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`)
        .get(
          row.idempotency_key, row.method, row.params, row.label, row.queued_by, row.queued_at, this.cache.nowIso(),
          error.code, error.message, error.details === undefined ? null : JSON.stringify(error.details),
        ) as ConflictRow;
      this.cache.prepare('delete from outbox where id = ?').run(row.id);
      return conflictView(conflict);
    });
  }

  private changed(): void {
    if (this.listeners.size === 0) return;
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}

function methodOf(name: string): MethodName {
  // Entries are only ever written with contract methods; an unknown one means a newer app wrote it.
  if (!isMethodName(name)) throw new HmsError('INTERNAL', `The outbox holds an unknown method "${name}".`);
  return name;
}

function entryView(row: OutboxRow): OutboxEntryView {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    method: methodOf(row.method),
    label: row.label,
    queuedBy: row.queued_by,
    queuedAt: row.queued_at,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}

function conflictView(row: ConflictRow): ConflictView {
  // Only HmsError codes are ever written; anything else would be a newer app's, shown as INTERNAL.
  const code = ErrorCodeSchema.safeParse(row.error_code);
  const error: ConflictView['error'] = { code: code.success ? code.data : 'INTERNAL', message: row.error_message };
  if (row.error_details !== null) error.details = JSON.parse(row.error_details) as Record<string, unknown>;
  // The params were checked against this method's schema when the entry was queued.
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    method: methodOf(row.method),
    label: row.label,
    params: JSON.parse(row.params) as ConflictView['params'],
    queuedBy: row.queued_by,
    queuedAt: row.queued_at,
    failedAt: row.failed_at,
    error,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  } as ConflictView;
}
