import type { QueueBoard, Visit } from '@hms/core';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';
import { ChartFeed } from './chart-feed.js';
import { Consultation } from './consultation.js';

export interface DoctorState {
  /** The boards of the departments the doctor's list follows, by department code. */
  boards: Readonly<Record<string, QueueBoard>>;
  boardErrors: Readonly<Record<string, HostError>>;
}

const EMPTY: DoctorState = { boards: {}, boardErrors: {} };

/** How long queue changes settle before a board is read again (a burst of calls is one read). */
const BOARD_SETTLE_MS = 150;
/** How long a chart no screen shows is still followed (the next screen may be about the same patient). */
const CHART_KEPT_MS = 5_000;

/**
 * The doctor desk's state in the renderer: the queues of the doctor's departments (live), and
 * the consultations and charts open on this desk. The server (and the host) hold the rules;
 * this keeps what screens show and turns their actions into requests.
 */
export class DoctorModel implements DeskModel {
  readonly api: HostApi;
  readonly deps: DeskContext;
  private state: DoctorState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly watchers = new Map<string, number>();
  private readonly pendingBoards = new Map<string, number>();
  private readonly consultations = new Map<string, Consultation>();
  private readonly charts = new Map<string, ChartFeed>();

  constructor(deps: DeskContext) {
    this.api = deps.api;
    this.deps = deps;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DoctorState => this.state;

  start(): void {
    this.api.on('server.event', (event) => {
      if (event.event === 'queue.changed') {
        if (this.watchers.has(event.data.department)) this.scheduleBoard(event.data.department);
        return;
      }
      if ('patientId' in event.data && typeof event.data.patientId === 'string') this.charts.get(event.data.patientId)?.changed(event.event);
    });
  }

  async load(): Promise<void> {
    await Promise.all([...this.watchers.keys()].map((department) => this.watchBoard(department)));
  }

  /** After a reconnect the server forgot this connection's topics: follow them again and read everything anew. */
  async reload(): Promise<void> {
    await this.load();
    for (const chart of this.charts.values()) void chart.reopen();
    for (const consultation of this.consultations.values()) void consultation.refresh();
  }

  reset(): void {
    for (const timer of this.pendingBoards.values()) window.clearTimeout(timer);
    this.pendingBoards.clear();
    this.watchers.clear();
    for (const consultation of this.consultations.values()) consultation.dispose();
    this.consultations.clear();
    for (const chart of this.charts.values()) chart.dispose();
    this.charts.clear();
    this.set(EMPTY);
  }

  /** Follows a department's queue while something shows it; returns the function that stops. */
  watchQueue(department: string): () => void {
    const count = this.watchers.get(department) ?? 0;
    this.watchers.set(department, count + 1);
    if (count === 0) void this.watchBoard(department);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.watchers.get(department) ?? 1) - 1;
      if (left > 0) {
        this.watchers.set(department, left);
        return;
      }
      // Not queue.unwatch: the socket is the workstation's, and another desk may follow this queue too.
      this.watchers.delete(department);
    };
  }

  /** The next patient for this doctor in the department (their own queue and the pool): null when nobody waits. */
  async callNext(department: string): Promise<HostResult<Visit | null>> {
    const result = await this.api.call('queue.callNext', { department });
    if (!result.ok) return result;
    this.scheduleBoard(department);
    return { ok: true, value: result.value.visit };
  }

  async recall(visitId: string): Promise<HostResult<Visit>> {
    const result = await this.api.call('queue.recall', { visitId });
    return result.ok ? { ok: true, value: result.value.visit } : result;
  }

  async transfer(visitId: string, to: { department?: string; doctorId?: string | null; reason?: string }): Promise<HostResult<Visit>> {
    const result = await this.api.call('queue.transfer', { visitId, ...to });
    return result.ok ? { ok: true, value: result.value.visit } : result;
  }

  /** The consultation of a visit on this desk: one per visit, kept while the desk is signed in (its note is being saved). */
  consultation(visitId: string): Consultation {
    let consultation = this.consultations.get(visitId);
    if (consultation === undefined) {
      consultation = new Consultation(this.deps, visitId);
      this.consultations.set(visitId, consultation);
    }
    return consultation;
  }

  /** A patient's chart, kept live (charts.watch) while a screen shows it. */
  chart(patientId: string): ChartFeed {
    let chart = this.charts.get(patientId);
    if (chart === undefined) {
      chart = new ChartFeed(this.api, patientId);
      this.charts.set(patientId, chart);
    }
    return chart;
  }

  /**
   * A screen let go of the chart: stop following it unless a screen shows it again soon (the
   * consultation and the full chart hand the same patient's chart to each other).
   */
  releaseChart(patientId: string): void {
    window.setTimeout(() => {
      const chart = this.charts.get(patientId);
      if (chart === undefined || chart.watchers > 0) return;
      chart.dispose();
      this.charts.delete(patientId);
    }, CHART_KEPT_MS);
  }

  private async watchBoard(department: string): Promise<void> {
    const result = await this.api.call('queue.watch', { department });
    if (!this.watchers.has(department)) return;
    this.setBoard(department, result.ok ? { board: result.value.board } : { error: result.error });
  }

  private scheduleBoard(department: string): void {
    if (this.pendingBoards.has(department)) return;
    this.pendingBoards.set(department, window.setTimeout(() => {
      this.pendingBoards.delete(department);
      void this.api.call('queue.board', { department }).then((result) => {
        if (this.watchers.has(department)) this.setBoard(department, result.ok ? { board: result.value.board } : { error: result.error });
      });
    }, BOARD_SETTLE_MS));
  }

  private setBoard(department: string, outcome: { board: QueueBoard } | { error: HostError }): void {
    const { [department]: _gone, ...errors } = this.state.boardErrors;
    if ('board' in outcome) {
      this.set({ boards: { ...this.state.boards, [department]: outcome.board }, boardErrors: errors });
    } else {
      this.set({ boardErrors: { ...errors, [department]: outcome.error } });
    }
  }

  private set(patch: Partial<DoctorState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** How the doctor screens find their model (useDoctorModel). */
export const DOCTOR_MODEL = deskModelKey<DoctorModel>('doctor');
