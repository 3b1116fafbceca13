import { CHART_READER_ROLES, HmsError, OFFLINE_READS_MAX, OFFLINE_READ_MAX_AGE_HOURS, mayCall } from '@hms/core';
import type { OfflineRead, Role } from '@hms/core';
import { z } from 'zod';
import type { OfflineReadsView } from '../../shared/protocol/records.js';
import type { KeyValueStore } from '../cache/local-cache.js';

const LOG_KEY = 'audit.offlineReads';
/** Sent a little inside the server's limit, so a read does not age out on the way. */
const SEND_WITHIN_MS = OFFLINE_READ_MAX_AGE_HOURS * 3_600_000 - 10 * 60_000;

const LoggedReadSchema = z.object({
  id: z.string(),
  userId: z.string(),
  patientId: z.string(),
  action: z.literal('charts.get'),
  at: z.string(),
  /** Why the server would not record it (a patient id it no longer knows): kept here, not sent again. */
  refused: z.string().nullable(),
});
export type LoggedRead = z.infer<typeof LoggedReadSchema>;
const LogSchema = z.array(LoggedReadSchema);

export interface OfflineReadLogDeps {
  values: KeyValueStore;
  send(reads: OfflineRead[]): Promise<{ recorded: number; alreadyRecorded: number }>;
  user(): { id: string; roles: readonly Role[] } | undefined;
  online(): boolean;
  now(): Date;
  randomUUID(): string;
}

/**
 * The chart reads this workstation answered from its kept copy while the server was out of
 * reach, so that every read of patient data is on record: each is added to a log on disk (the
 * cache's key/value area) as it is shown, with who read it and when, and the log is sent to
 * `audit.recordOfflineReads` once the signed-in reader is online again. An entry leaves the log
 * only when the server has recorded it (each carries an id, so a send whose answer was lost is
 * recorded once); another user's reads wait for them to sign in. A read older than the server
 * takes (72 h) or one the server refuses stays in the log, marked, for whoever looks at the
 * workstation: it is never silently dropped.
 */
export class OfflineReadLog {
  private readonly deps: OfflineReadLogDeps;
  private flushing: Promise<void> | undefined;

  constructor(deps: OfflineReadLogDeps) {
    this.deps = deps;
  }

  /** A chart shown from the kept copy, by the signed-in user. */
  record(patientId: string): void {
    const user = this.deps.user();
    if (user === undefined) return;
    const entry: LoggedRead = { id: this.deps.randomUUID(), userId: user.id, patientId, action: 'charts.get', at: this.deps.now().toISOString(), refused: null };
    this.deps.values.setValue(LOG_KEY, [...this.entries(), entry]);
    // Shown from the copy while online (the server failed this one read): on record at once.
    if (this.deps.online()) void this.flush();
  }

  entries(): LoggedRead[] {
    return this.deps.values.getValue(LOG_KEY, LogSchema) ?? [];
  }

  /**
   * What the log holds for the outbox screen: the reads waiting to be sent, and those that will
   * not be recorded by themselves (refused by the server, or older than it takes), for the user or
   * IT to see and take to the audit officer.
   */
  view(): OfflineReadsView {
    const oldest = this.deps.now().getTime() - SEND_WITHIN_MS;
    const unrecorded: OfflineReadsView['unrecorded'] = [];
    let waiting = 0;
    for (const entry of this.entries()) {
      const why = entry.refused !== null
        ? `The server refused it: ${entry.refused}.`
        : Date.parse(entry.at) < oldest ? `Older than the ${OFFLINE_READ_MAX_AGE_HOURS} hours the server takes: its reader did not sign in online in time.` : undefined;
      if (why === undefined) waiting += 1;
      else unrecorded.push({ id: entry.id, userId: entry.userId, patientId: entry.patientId, at: entry.at, why });
    }
    return { waiting, unrecorded };
  }

  /** Sends the signed-in user's logged reads, in batches the server takes; resolves when done (or the link failed). */
  flush(): Promise<void> {
    this.flushing ??= this.sendAll().catch(() => undefined).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async sendAll(): Promise<void> {
    for (;;) {
      const user = this.deps.user();
      if (user === undefined || !this.deps.online() || !mayCall(CHART_READER_ROLES, user.roles)) return;
      const oldest = this.deps.now().getTime() - SEND_WITHIN_MS;
      const batch = this.entries().filter((entry) => entry.userId === user.id && entry.refused === null && Date.parse(entry.at) >= oldest).slice(0, OFFLINE_READS_MAX);
      if (batch.length === 0) return;
      try {
        await this.deps.send(batch.map((entry) => ({ id: entry.id, entityType: 'patient', entityId: entry.patientId, action: entry.action, at: entry.at })));
        this.remove(new Set(batch.map((entry) => entry.id)));
      } catch (error) {
        if (!(error instanceof HmsError) || error.code !== 'VALIDATION') throw error;
        // The reads the server named are marked and kept; the rest are sent again without them.
        const refused = refusedReads(error, batch);
        if (refused.size === 0) throw error;
        this.deps.values.setValue(LOG_KEY, this.entries().map((entry) => (refused.has(entry.id) ? { ...entry, refused: refused.get(entry.id)! } : entry)));
      }
    }
  }

  private remove(ids: ReadonlySet<string>): void {
    this.deps.values.setValue(LOG_KEY, this.entries().filter((entry) => !ids.has(entry.id)));
  }
}

/** The batch's reads a VALIDATION names (`reads.3.entityId`), with the server's words. */
function refusedReads(error: HmsError, batch: readonly LoggedRead[]): Map<string, string> {
  const fields = (error.details as { fields?: Record<string, string> } | undefined)?.fields ?? {};
  const refused = new Map<string, string>();
  for (const [path, message] of Object.entries(fields)) {
    const match = /^reads\.(\d+)\.(\w+)$/.exec(path);
    const entry = match === null ? undefined : batch[Number(match[1])];
    if (entry !== undefined) refused.set(entry.id, `${match![2]} ${message}`);
  }
  return refused;
}
