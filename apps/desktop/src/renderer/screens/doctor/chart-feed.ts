import type { Chart, Prescription, Vitals } from '@hms/core';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostError } from '../../../shared/result.js';

export interface ChartState {
  chart: Chart | undefined;
  /** The newest readings first, as vitals.history answers them: the trend charts' points. */
  vitals: Vitals[];
  /** The patient's prescriptions (newest first), for the medications list beside the chart's slot. */
  prescriptions: Prescription[];
  error: HostError | undefined;
  loading: boolean;
}

const EMPTY: ChartState = { chart: undefined, vitals: [], prescriptions: [], error: undefined, loading: true };

/** The chart's events carry ids only: any of them means "read the chart again". */
const CHART_EVENTS: ReadonlySet<string> = new Set([
  'vitals.recorded', 'allergies.changed', 'encounters.changed', 'diagnoses.added', 'problems.changed', 'prescriptions.changed',
]);

const SETTLE_MS = 200;

/** One patient's chart as this desk shows it, read again whenever the server says it changed. */
export class ChartFeed {
  private state: ChartState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private timer: number | undefined;
  private disposed = false;
  private watching = false;
  /** Screens showing it now. */
  watchers = 0;

  private readonly api: HostApi;
  readonly patientId: string;

  constructor(api: HostApi, patientId: string) {
    this.api = api;
    this.patientId = patientId;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChartState => this.state;

  /** A screen shows it: follow the chart (once) and read it. */
  open(): () => void {
    this.watchers += 1;
    if (!this.watching) void this.reopen();
    return () => {
      this.watchers -= 1;
    };
  }

  /** Follow the chart's topic again (after a reconnect) and read it all. */
  async reopen(): Promise<void> {
    this.watching = true;
    void this.api.call('charts.watch', { patientId: this.patientId });
    await this.read();
  }

  changed(event: string): void {
    if (!CHART_EVENTS.has(event) || this.disposed) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.read(), SETTLE_MS);
  }

  dispose(): void {
    this.disposed = true;
    window.clearTimeout(this.timer);
    if (this.watching) void this.api.call('charts.unwatch', { patientId: this.patientId });
  }

  private async read(): Promise<void> {
    const [chart, vitals, prescriptions] = await Promise.all([
      this.api.call('charts.get', { patientId: this.patientId }),
      this.api.call('vitals.history', { patientId: this.patientId, limit: 50 }),
      this.api.call('prescriptions.forPatient', { patientId: this.patientId, status: 'active', limit: 50 }),
    ]);
    if (this.disposed) return;
    this.set({
      chart: chart.ok ? chart.value.chart : this.state.chart,
      vitals: vitals.ok ? vitals.value.items : this.state.vitals,
      prescriptions: prescriptions.ok ? prescriptions.value.items : this.state.prescriptions,
      error: chart.ok ? undefined : chart.error,
      loading: false,
    });
  }

  private set(patch: Partial<ChartState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
