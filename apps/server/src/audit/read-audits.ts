import type { Knex } from 'knex';
import type pg from 'pg';
import type { AuditEntry, AuditStamp, PreparedAuditRow, StampedAuditEntry } from './audit-entry.js';
import { INSERT_SEALED_AUDIT_SQL, PREPARE_AUDIT_SQL, auditRows, sealRows } from './audit-entry.js';
import type { AuditKey } from './audit-key.js';

interface Waiting extends StampedAuditEntry {
  done(error?: unknown): void;
}

/** More rows than this wait for the next transaction (one insert statement stays small). */
const MAX_ROWS = 200;

/** The same statements appendAudit runs, prepared: each pooled connection parses and plans them once. */
const PREPARE = { name: 'hms_read_audits_prepare', text: PREPARE_AUDIT_SQL.replace('?', '$1') };
const INSERT = { name: 'hms_read_audits_insert', text: INSERT_SEALED_AUDIT_SQL.replace(':auditRows', '$1') };

interface PooledClient {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<unknown>;
}

/**
 * The audit rows of reads (a chart opened, a prescription checked), appended together: every
 * append takes the hospital-wide chain lock and holds it through its commit's flush to disk, so
 * fifty desks reading at once queued behind each other one commit at a time. Here the reads
 * that arrive while a transaction is committing go in the next one, all of them (group commit):
 * one lock, one flush for the lot. A read is still answered only once its own row is committed;
 * alone, it goes at once, as before. A failed transaction is tried again row by row, so one bad
 * row fails its own read only.
 *
 * The transaction runs on a pooled connection itself rather than through knex's transaction,
 * with prepared statements and its BEGIN and the chain's prepare sent back to back: on a busy
 * machine each round trip to PostgreSQL is a wait for a core, and every read waits for them all.
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
      await this.appendTogether(batch);
      for (const item of batch) item.done();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.done(error);
        return;
      }
      for (const item of batch) await this.commit([item]);
    }
  }

  private async appendTogether(batch: readonly Waiting[]): Promise<void> {
    const pool = this.db.client as PooledClient;
    const connection = await pool.acquireConnection();
    try {
      const rows = auditRows(batch);
      // pg sends the prepare the moment BEGIN is answered; the lock it takes is held to COMMIT.
      const [, prepared] = await Promise.all([
        connection.query('begin'),
        connection.query<PreparedAuditRow>({ ...PREPARE, values: [JSON.stringify(rows)] }),
      ]);
      await connection.query({ ...INSERT, values: [JSON.stringify(sealRows(this.key, rows, prepared.rows))] });
      await connection.query('commit');
    } catch (error) {
      await connection.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      await pool.releaseConnection(connection);
    }
  }
}
