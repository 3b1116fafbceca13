import { HmsError } from '@hms/core';
import type { LabWorklistEntry } from '@hms/core';
import type { DeskContext } from '../desk-module.js';
import type { LabWorklistView } from '../../shared/lab/views.js';
import type { LabStore } from './lab-store.js';
import { mergeWorklist, withKeptAnalytes } from './lab-store.js';

/** The events of one collection or order arrive together: the worklist is read once after them. */
const SETTLE_MS = 150;
/** The whole open worklist, every section: the screen narrows it, and offline it is all there is. */
const WORKLIST_LIMIT = 1000;
/** How long deltas are merged before the whole list is read again. */
const FULL_READ_EVERY_MS = 15 * 60_000;

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/**
 * The lab worklist followed live: lab.worklist subscribes this connection to the lab topic (now
 * and after every reconnect, a session step), lab.changed and orders.changed read what changed
 * since the kept version (`since`), and the merged list is kept for offline and pushed to the renderer.
 */
export class LabWorklist {
  private readonly ctx: DeskContext<'lab'>;
  private readonly store: LabStore;
  private following = false;
  private live = false;
  private cancelRead: (() => void) | undefined;

  constructor(ctx: DeskContext<'lab'>, store: LabStore) {
    this.ctx = ctx;
    this.store = store;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  async follow(): Promise<void> {
    if (this.following) return;
    this.following = true;
    this.ctx.connection.addSessionStep('lab:worklist', async (call) => {
      await call('lab.worklist', { limit: 1 });
    }, { runNow: false });
    await this.read().catch((error: unknown) => {
      if (!isUnavailable(error)) throw error;
    });
  }

  /** Something changed on the server: read again shortly (once for a burst of events). */
  changed(ms = SETTLE_MS): void {
    if (!this.following || this.cancelRead !== undefined) return;
    this.cancelRead = this.ctx.schedule(() => {
      this.cancelRead = undefined;
      // A read cut short by the workstation closing finds its cache shut: nothing is left to tell.
      void this.read().then(() => this.publish(), () => this.publish()).catch(() => undefined);
    }, ms);
  }

  offline(): void {
    this.live = false;
    this.cancelRead?.();
    this.cancelRead = undefined;
    this.publish();
  }

  stop(): void {
    this.following = false;
    this.live = false;
    this.cancelRead?.();
    this.cancelRead = undefined;
  }

  view(): LabWorklistView {
    const kept = this.store.worklist();
    return { entries: kept?.entries ?? [], live: this.live && this.ctx.online(), source: kept === undefined ? 'none' : this.live ? 'server' : 'cache', asOf: kept?.asOf ?? null };
  }

  /** A kept entry with its tests' analytes in it (the worklist names them by key; the renderer's view keeps the keys only). */
  withAnalytes(entry: LabWorklistEntry): LabWorklistEntry {
    return withKeptAnalytes(entry, this.store.worklist()?.analytes ?? {});
  }

  publish(): void {
    this.ctx.publish('lab.worklist', this.view());
  }

  private async read(): Promise<void> {
    if (!this.ctx.online()) {
      this.live = false;
      return;
    }
    const kept = this.store.worklist();
    const now = this.ctx.now();
    // A delta from the kept version, but the whole list after a while (each entry's ranges are as of its own read; age bands move with the day).
    const fresh = kept?.version !== undefined && kept.fullAt !== undefined && now.getTime() - Date.parse(kept.fullAt) < FULL_READ_EVERY_MS;
    const since = fresh ? kept.version : undefined;
    const answer = await this.ctx.connection.call('lab.worklist', { limit: WORKLIST_LIMIT, sinceDays: 30, ...(since === undefined ? {} : { since }) });
    if (answer.changes !== undefined && kept !== undefined) {
      const merged = mergeWorklist(kept, { ...answer.changes, entries: answer.entries, analytes: answer.analytes, version: answer.version });
      this.store.keepWorklist(merged.entries, now.toISOString(), merged.analytes, { version: answer.version, fullAt: kept.fullAt });
    } else {
      this.store.keepWorklist(answer.entries, now.toISOString(), answer.analytes, { version: answer.version, fullAt: now.toISOString() });
    }
    this.live = true;
  }
}
