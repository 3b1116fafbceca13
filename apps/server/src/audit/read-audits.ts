import type { Knex } from 'knex';
import type { AuditEntry, AuditStamp, StampedAuditEntry } from './audit-entry.js';
import { appendStampedAudit } from './audit-entry.js';
import type { AuditKey } from './audit-key.js';

interface Waiting extends StampedAuditEntry {
  done(error?: unknown): void;
}

/** More rows than this wait for the next transaction (one insert statement stays small). */
const MAX_ROWS = 200;

/**
 * The audit rows of reads (a chart opened, a prescription checked), appended together: every
 * append takes the hospital-wide chain lock and holds it through its commit's flush to disk, so
 * fifty desks reading at once queued behind each other one commit at a time. Here the reads
 * that arrive while a transaction is committing go in the next one, all of them (group commit):
 * one lock, one flush for the lot. A read is still answered only once its own row is committed;
 * alone, it goes at once, as before. A failed transaction is tried again row by row, so one bad
 * row fails its own read only.
 */
export class ReadAudits {
  private readonly db: Knex;
  private readonly key: AuditKey;
  private queued: Waiting[] = [];
  private draining = false;

  constructor(db: Knex, key: AuditKey) {
    this.db = db;
    this.key = key;
  }

  /** Resolves once the row is committed; rejects if it could not be. */
  append(stamp: AuditStamp, entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ stamp, entry, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queued.length > 0) {
        const batch = this.queued.splice(0, MAX_ROWS);
        await this.commit(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: readonly Waiting[]): Promise<void> {
    try {
      await this.db.transaction((trx) => appendStampedAudit(trx, this.key, batch));
      for (const item of batch) item.done();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.done(error);
        return;
      }
      for (const item of batch) await this.commit([item]);
    }
  }
}
