import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import type { Clock } from '../clock.js';
import { runWrite } from '../gateway/write-scope.js';
import { instrumentActor } from '../lab/index.js';
import type { Logger } from '../log.js';
import type { ToApply } from './hl7-ingest.js';
import type { InterfaceConfig } from './interfaces-repo.js';
import { mappingsOf } from './interfaces-repo.js';
import { handToLabIn } from './lab-link.js';
import type { LabHandOff } from './lab-link.js';
import { processMessage } from './process-message.js';

/** Messages applied in one transaction: one commit and one audit seal for all of them. */
const APPLY_GROUP = 20;
/**
 * Groups applied at once: the lab's entry is many short queries per test, so a second
 * transaction uses the time one waits on the database (two cores: more would slow the ACKs).
 */
const WORKERS = 2;
/** After a failure (the database away), the `mapped` rows are looked for again this much later. */
const RETRY_MS = 5_000;

export interface ApplierContext {
  db: Knex;
  auditKey: AuditKey;
  clock: Clock;
  log: Logger;
  config: InterfaceConfig;
}

/**
 * Enters committed `mapped` messages' results on their specimens after their ACKs left, in
 * groups (one transaction each, the interface's user as the actor). Each row is locked and
 * re-checked as `mapped` in the transaction, so a message is applied once whoever else (a
 * replay, a second sweep) gets to it. The rows are the queue's truth: what a crash or a failed
 * group leaves `mapped` is found again by `sweep` (when the interface's first line opens, and
 * after a failure).
 */
export class ResultApplier {
  private readonly ctx: ApplierContext;
  private queue: ToApply[] = [];
  private workers = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(ctx: ApplierContext) {
    this.ctx = ctx;
  }

  enqueue(items: readonly ToApply[]): void {
    this.queue.push(...items);
    while (this.workers < WORKERS && this.queue.length > 0) {
      this.workers++;
      void this.drain().finally(() => { this.workers--; });
    }
  }

  /** Queues this interface's `mapped` rows again, read with today's mappings. */
  async sweep(): Promise<void> {
    const { db, config } = this.ctx;
    const rows = (await db('interface_messages').where({ interface_id: config.id, direction: 'in', status: 'mapped' }).orderBy('at').limit(10_000).select('id', 'raw')) as { id: string; raw: Buffer }[];
    if (rows.length === 0) return;
    const mappings = await mappingsOf(db, config.id);
    const items: ToApply[] = [];
    for (const row of rows) {
      const outcome = processMessage('hl7', new Uint8Array(row.raw), config.options, mappings);
      if (outcome.status === 'mapped') items.push({ messageId: row.id, specimens: outcome.specimens });
      else await db('interface_messages').where({ id: row.id, status: 'mapped' }).update({ status: outcome.status, reason: outcome.reason ?? null, status_at: this.ctx.clock.now() });
    }
    this.enqueue(items);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.applyGroup(this.queue.splice(0, APPLY_GROUP));
    } catch (error) {
      this.queue = [];
      this.ctx.log.warn({ err: error, interfaceId: this.ctx.config.id }, 'analyzer results could not be applied; the messages stay mapped and are tried again');
      clearTimeout(this.retry);
      this.retry = setTimeout(() => void this.sweep().catch(() => undefined), RETRY_MS);
      this.retry.unref();
    }
  }

  private async applyGroup(group: readonly ToApply[]): Promise<void> {
    const { db, auditKey, clock, config } = this.ctx;
    const source = { interfaceId: config.id, interfaceName: config.name };
    const now = clock.now();
    let actor: { userId: string; username: string } | null = null;
    try {
      await runWrite(db, { auditKey, stamp: () => ({ at: now, actor, origin: null }) }, async (scope) => {
        const ids = [...new Set(group.map((item) => item.messageId))];
        const locked = (await scope.trx('interface_messages').whereIn('id', ids).where({ direction: 'in', status: 'mapped' }).forUpdate().skipLocked().select('id')) as { id: string }[];
        const open = new Set(locked.map((row) => row.id));
        if (open.size === 0) return;
        const user = await instrumentActor(scope.trx, source, now);
        actor = { userId: user.userId, username: user.username };
        const outcomes: (LabHandOff & { id: string })[] = [];
        for (const item of group) {
          if (!open.delete(item.messageId)) continue;
          outcomes.push({ id: item.messageId, ...(await handToLabIn(scope, source, item.specimens, now)) });
        }
        await scope.trx.raw(
          `update interface_messages m set status = x.status, reason = x.reason, status_at = :at
             from json_to_recordset(cast(:rows as json)) as x(id uuid, status text, reason text) where m.id = x.id`,
          { at: now, rows: JSON.stringify(outcomes) },
        );
      });
    } catch (error) {
      if (!(error instanceof HmsError)) throw error;
      // The lab refused one part-way (checked and passed, then refused on entry): each alone, so the others are entered.
      if (group.length > 1) {
        for (const item of group) await this.applyGroup([item]);
        return;
      }
      await db('interface_messages').where({ id: group[0]!.messageId, status: 'mapped' }).update({ status: 'error', reason: error.message, status_at: now });
    }
  }
}
