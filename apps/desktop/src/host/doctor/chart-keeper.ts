import { CHART_READ_AHEAD_MAX, ChartSchema, HmsError } from '@hms/core';
import type { Chart } from '@hms/core';
import { z } from 'zod';
import type { ChartView } from '../../shared/doctor/views.js';
import type { DeskContext } from '../desk-module.js';
import { isUnavailable } from './access.js';

const KeptChartSchema = z.object({ serverUrl: z.string(), asOf: z.string(), chart: ChartSchema });
const IndexSchema = z.array(z.object({ patientId: z.string(), asOf: z.string() }));
const INDEX_KEY = 'doctor.charts';
const chartKey = (patientId: string) => `doctor.chart.${patientId}`;
/** Charts kept on this workstation at most (the least recently read go first). */
const MAX_KEPT = 300;
/** Chart events come in bursts (a triage records vitals and allergies): one read after them. */
const REREAD_AFTER_MS = 200;
/** This desk's hold on the workstation's chart topics. */
const HOLDER = 'doctor';

/** Why the desk follows a chart: the doctor has it open, or the patient is in My patients. */
export type FollowReason = 'open' | 'queued';

/**
 * The charts this desk has open or queued: read from the server, kept here (so they answer
 * offline, with their time), followed live (through the workstation's chart topics, which
 * redo the watch after every reconnect) and read again after each of the chart's events.
 * Queued patients' charts are read ahead with charts.readAhead (audited once per list: nobody
 * has seen them yet); a chart the doctor opens is read with charts.get, the doctor's audited
 * read, and kept current from then on.
 */
export class ChartKeeper {
  private readonly ctx: DeskContext<'doctor'>;
  private readonly followed = new Map<string, { reasons: Set<FollowReason>; cancelReread: (() => void) | undefined }>();
  /** Charts the doctor read (charts.get) since the link last came up: their events keep them current. */
  private readonly readSince = new Set<string>();
  /** Charts read ahead (charts.readAhead) since the link last came up: current for the copy, but nobody's read. */
  private readonly aheadSince = new Set<string>();

  constructor(ctx: DeskContext<'doctor'>) {
    this.ctx = ctx;
  }

  /**
   * The chart: read from the server when online and not yet followed (or when asked to refresh),
   * kept and followed from then on, so that later opens answer the copy its events keep current
   * (each server read is an audited read); offline, the copy kept here.
   */
  async open(patientId: string, refresh: boolean, reason: FollowReason = 'open'): Promise<ChartView> {
    // Shown to the doctor, a chart read ahead is read again as theirs (charts.get, audited); only kept, the read-ahead copy will do.
    const current = this.readSince.has(patientId) || (reason === 'queued' && this.aheadSince.has(patientId));
    const live = this.followed.has(patientId) && current;
    this.follow(patientId, reason);
    const kept = this.kept(patientId);
    let unreachable = !this.ctx.online();
    if (this.ctx.online() && (refresh || kept === undefined || !live)) {
      try {
        if (reason === 'queued') {
          await this.readAhead([patientId]);
          const read = this.kept(patientId);
          if (read !== undefined) return this.view(read, 'server');
          throw HmsError.notFound('The patient', { patientId });
        }
        return this.view(await this.read(patientId), 'server');
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        unreachable = true;
      }
    }
    if (kept === undefined) {
      throw new HmsError('UNAVAILABLE', 'The server cannot be reached, and this workstation has no copy of this patient\'s chart.', { reason: 'chart_not_kept' });
    }
    // Shown from the copy because the server could not be asked: on record once it can (workstation/offline-reads.ts).
    if (unreachable && reason === 'open') this.ctx.offlineReads.record(patientId);
    return this.view(kept, this.ctx.online() ? 'server' : 'cache');
  }

  /** The kept copy, if any (the offline check reads it). */
  kept(patientId: string): { chart: Chart; asOf: string } | undefined {
    const stored = this.ctx.values.getValue(chartKey(patientId), KeptChartSchema);
    return stored?.serverUrl === this.ctx.settings().serverUrl ? { chart: stored.chart, asOf: stored.asOf } : undefined;
  }

  /** Follows the patients queued for this doctor (and stops following those who left), reading ahead the newcomers in one call. */
  setQueued(patientIds: ReadonlySet<string>): void {
    for (const [patientId, entry] of this.followed) {
      if (entry.reasons.has('queued') && !patientIds.has(patientId)) this.unfollow(patientId, 'queued');
    }
    const newcomers: string[] = [];
    for (const patientId of patientIds) {
      const known = this.followed.get(patientId)?.reasons.has('queued') === true;
      this.follow(patientId, 'queued');
      if (!known) newcomers.push(patientId);
    }
    if (this.ctx.online()) void this.readAhead(newcomers).catch(() => undefined);
  }

  close(patientId: string): void {
    this.unfollow(patientId, 'open');
  }

  /** One of the chart's events: read it again (once, after the burst) if this desk follows it. */
  onChartEvent(patientId: string): void {
    const entry = this.followed.get(patientId);
    if (entry === undefined || entry.cancelReread !== undefined) return;
    entry.cancelReread = this.ctx.schedule(() => {
      entry.cancelReread = undefined;
      if (!this.ctx.online()) return;
      // Open: the doctor is looking at it. Only queued: kept current for offline, nobody's read yet.
      void (entry.reasons.has('open') ? this.read(patientId) : this.readAhead([patientId])).catch(() => undefined);
    }, REREAD_AFTER_MS);
  }

  /** The link dropped: no copy is known current any more. */
  offline(): void {
    this.readSince.clear();
    this.aheadSince.clear();
  }

  /** Back online: every followed chart read again (events missed while away may not all come back). */
  async refreshAll(): Promise<void> {
    const open = [...this.followed].filter(([, entry]) => entry.reasons.has('open')).map(([patientId]) => patientId);
    const queued = [...this.followed].filter(([, entry]) => !entry.reasons.has('open')).map(([patientId]) => patientId);
    await Promise.all([...open.map((patientId) => this.read(patientId).catch(() => undefined)), this.readAhead(queued).catch(() => undefined)]);
  }

  /** The user signed out: nothing is followed for the next one. */
  reset(): void {
    for (const patientId of [...this.followed.keys()]) this.drop(patientId);
  }

  private follow(patientId: string, reason: FollowReason): void {
    const entry = this.followed.get(patientId);
    if (entry !== undefined) {
      entry.reasons.add(reason);
      return;
    }
    // The workstation's chart topics watch it (now, and after each reconnect) while any desk follows it.
    this.ctx.chartTopics.hold(patientId, HOLDER);
    this.followed.set(patientId, { reasons: new Set([reason]), cancelReread: undefined });
  }

  private unfollow(patientId: string, reason: FollowReason): void {
    const entry = this.followed.get(patientId);
    if (entry === undefined) return;
    entry.reasons.delete(reason);
    if (entry.reasons.size === 0) this.drop(patientId);
  }

  /** Stops following: the chart is unwatched unless another desk of this workstation (the nurse's) still follows it. */
  private drop(patientId: string): void {
    const entry = this.followed.get(patientId);
    if (entry === undefined) return;
    this.ctx.chartTopics.release(patientId, HOLDER);
    entry.cancelReread?.();
    this.followed.delete(patientId);
    this.readSince.delete(patientId);
    this.aheadSince.delete(patientId);
  }

  private async read(patientId: string): Promise<{ chart: Chart; asOf: string }> {
    const { chart, requestedId } = await this.ctx.connection.call('charts.get', { patientId });
    const kept = { chart, asOf: this.ctx.now().toISOString() };
    this.keep(requestedId, kept);
    this.readSince.add(requestedId);
    // A merged record answers its survivor: kept under both ids.
    if (chart.patient.id !== requestedId) this.keep(chart.patient.id, kept);
    this.ctx.publish('doctor.changed', { what: 'chart', patientId: requestedId });
    return kept;
  }

  /** Queued patients' charts, for the copy kept here: charts.readAhead in lists of at most 60, one audit row a list. */
  private async readAhead(patientIds: readonly string[]): Promise<void> {
    for (let start = 0; start < patientIds.length; start += CHART_READ_AHEAD_MAX) {
      const { charts } = await this.ctx.connection.call('charts.readAhead', { patientIds: patientIds.slice(start, start + CHART_READ_AHEAD_MAX), purpose: 'my_patients' });
      const asOf = this.ctx.now().toISOString();
      for (const { chart, requestedId } of charts) {
        this.keep(requestedId, { chart, asOf });
        this.aheadSince.add(requestedId);
        if (chart.patient.id !== requestedId) this.keep(chart.patient.id, { chart, asOf });
        this.ctx.publish('doctor.changed', { what: 'chart', patientId: requestedId });
      }
    }
  }

  private keep(patientId: string, kept: { chart: Chart; asOf: string }): void {
    const { values } = this.ctx;
    values.setValue(chartKey(patientId), { serverUrl: this.ctx.settings().serverUrl, ...kept });
    const index = [{ patientId, asOf: kept.asOf }, ...(values.getValue(INDEX_KEY, IndexSchema) ?? []).filter((entry) => entry.patientId !== patientId)];
    for (const old of index.slice(MAX_KEPT)) values.deleteValue(chartKey(old.patientId));
    values.setValue(INDEX_KEY, index.slice(0, MAX_KEPT));
  }

  private view(kept: { chart: Chart; asOf: string }, source: ChartView['source']): ChartView {
    return { chart: kept.chart, source, asOf: kept.asOf, watched: this.ctx.online() && this.followed.has(kept.chart.patient.id) };
  }
}
