import { HmsError, LabCriticalAlertSchema } from '@hms/core';
import type { LabCriticalAlert } from '@hms/core';
import { z } from 'zod';
import type { CriticalAcknowledgement, CriticalAlertsView } from '../../shared/doctor/lab-views.js';
import type { DeskContext } from '../desk-module.js';
import { isUnavailable } from './access.js';

const KeptAlertsSchema = z.object({ serverUrl: z.string(), userId: z.string(), asOf: z.string(), alerts: z.array(LabCriticalAlertSchema) });
const KEPT_KEY = 'doctor.labAlerts';
const STEP_KEY = 'doctor:lab-alerts';
/** The server lists at most this many open alerts in one read. */
const READ_LIMIT = 200;

const oldestFirst = (a: LabCriticalAlert, b: LabCriticalAlert) => a.raisedAt.localeCompare(b.raisedAt) || a.id.localeCompare(b.id);

/**
 * The critical values of the signed-in doctor's orders: followed on the doctor's own topic
 * (lab.watchAlerts, again on every fresh session), read whole with lab.criticalAlerts at
 * sign-in, after each reconnect or resync and on every lab.critical (the events carry ids
 * only), and taken down when acknowledged here or anywhere else (lab.criticalAcknowledged).
 * The last list is kept here, so a desk restarted offline still shows what is open.
 */
export class LabAlerts {
  private readonly ctx: DeskContext<'doctor'>;
  private alerts: LabCriticalAlert[] = [];
  private live = false;
  private asOf: string | null = null;
  private userId: string | null = null;
  private removeStep: (() => void) | undefined;
  /** One read at a time; an event during it asks for one more after it. */
  private reading: Promise<void> | undefined;
  private readAgain = false;

  constructor(ctx: DeskContext<'doctor'>) {
    this.ctx = ctx;
  }

  view(): CriticalAlertsView {
    this.ensureUser();
    return { alerts: this.alerts, live: this.live && this.ctx.online(), asOf: this.asOf };
  }

  /** Signed in and online: follow the doctor's topic (now and on every fresh session) and read what is open. */
  async whenOnline(): Promise<void> {
    if (!this.ensureUser()) return;
    this.removeStep ??= this.ctx.connection.addSessionStep(STEP_KEY, async (call) => {
      await call('lab.watchAlerts', {});
    }, { runNow: false });
    await this.ctx.connection.call('lab.watchAlerts', {});
    await this.read();
  }

  /** A critical value came in (or was escalated): read the list again at once. */
  onCritical(): void {
    if (this.ensureUser()) void this.read().catch(() => undefined);
  }

  /** Acknowledged at another desk (or here): it leaves the list. */
  onAcknowledged(alertId: string): void {
    if (!this.alerts.some((alert) => alert.id === alertId)) return;
    this.alerts = this.alerts.filter((alert) => alert.id !== alertId);
    this.keep();
    this.publish();
  }

  /** Events were missed beyond what the server keeps. */
  onResync(): void {
    if (this.ensureUser() && this.ctx.online()) void this.read().catch(() => undefined);
  }

  offline(): void {
    if (!this.live) return;
    this.live = false;
    this.publish();
  }

  reset(): void {
    this.removeStep?.();
    this.removeStep = undefined;
    this.userId = null;
    this.alerts = [];
    this.live = false;
    this.asOf = null;
    this.publish();
  }

  async acknowledge(input: { alertId: string; toldName?: string | undefined; toldAt?: string | undefined; readBack: true }): Promise<CriticalAcknowledgement> {
    const { ctx } = this;
    const user = ctx.connection.currentSession?.user;
    const params = {
      alertId: input.alertId,
      // By default the doctor acknowledges having been told themself, on their desk, now.
      toldName: input.toldName ?? user?.displayName ?? '',
      toldAt: input.toldAt ?? ctx.now().toISOString(),
      readBack: input.readBack,
    };
    ctx.writes.check('lab.acknowledgeCritical', params);
    if (!ctx.online()) {
      throw new HmsError('UNAVAILABLE', 'The server cannot be reached: the acknowledgement needs it. Phone the laboratory to acknowledge the value by read-back.');
    }
    try {
      const { alert } = await ctx.connection.call('lab.acknowledgeCritical', params, { idempotencyKey: ctx.randomUUID() });
      this.onAcknowledged(alert.id);
      return { alert };
    } catch (error) {
      // Acknowledged at another desk first: the list no longer holds it.
      if (error instanceof HmsError && error.code === 'CONFLICT' && error.details?.reason === 'already_acknowledged') this.onAcknowledged(input.alertId);
      throw error;
    }
  }

  private async read(): Promise<void> {
    if (this.reading !== undefined) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.readAgain = false;
          await this.readOnce();
        } while (this.readAgain);
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    if (!this.ctx.online()) return;
    const userId = this.userId;
    try {
      const { alerts } = await this.ctx.connection.call('lab.criticalAlerts', { includeAcknowledged: false, limit: READ_LIMIT });
      // Signed out (or another doctor signed in) while the read was under way: not theirs.
      if (this.userId !== userId) return;
      this.alerts = [...alerts].sort(oldestFirst);
      this.live = true;
      this.asOf = this.ctx.now().toISOString();
      this.keep();
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      this.live = false;
    }
    this.publish();
  }

  /** The signed-in doctor, taking up their kept list when they first show; false for anyone else. */
  private ensureUser(): boolean {
    const user = this.ctx.connection.currentSession?.user;
    const userId = user !== undefined && user.roles.includes('doctor') ? user.id : null;
    if (userId === this.userId) return userId !== null;
    this.userId = userId;
    this.live = false;
    const kept = userId === null ? undefined : this.ctx.values.getValue(KEPT_KEY, KeptAlertsSchema);
    const mine = kept !== undefined && kept.userId === userId && kept.serverUrl === this.ctx.settings().serverUrl;
    this.alerts = mine ? kept.alerts : [];
    this.asOf = mine ? kept.asOf : null;
    return userId !== null;
  }

  private keep(): void {
    if (this.userId === null || this.asOf === null) return;
    this.ctx.values.setValue(KEPT_KEY, { serverUrl: this.ctx.settings().serverUrl, userId: this.userId, asOf: this.asOf, alerts: this.alerts });
  }

  private publish(): void {
    this.ctx.publish('doctor.criticalAlerts', this.view());
  }
}
