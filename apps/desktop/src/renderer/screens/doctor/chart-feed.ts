import type { Vitals } from '@hms/core';
import type { ConnectionState } from '../../../shared/protocol/status.js';
import type { ChartView } from '../../../shared/doctor/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostError } from '../../../shared/result.js';

export interface ChartState {
  /** The chart with where it came from: the server now, or the copy this workstation kept (offline). */
  view: ChartView | undefined;
  /** The newest readings first, as vitals.history answers them: the trend charts' points (online). */
  vitals: Vitals[];
  error: HostError | undefined;
  loading: boolean;
}

const EMPTY: ChartState = { view: undefined, vitals: [], error: undefined, loading: true };

/** One patient's chart as this desk shows it: the host follows it and says when it changed. */
export class ChartFeed {
  private state: ChartState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  private opened = false;
  private readonly api: HostApi;
  readonly patientId: string;
  /** Screens showing it now. */
  watchers = 0;

  constructor(api: HostApi, patientId: string) {
    this.api = api;
    this.patientId = patientId;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChartState => this.state;

  /** A screen shows it: read it (once; the host's changes read it again). */
  open(): () => void {
    this.watchers += 1;
    this.disposed = false;
    if (!this.opened) {
      this.opened = true;
      void this.read();
    }
    return () => {
      this.watchers -= 1;
    };
  }

  async read(): Promise<void> {
    const [chart, vitals] = await Promise.all([
      this.api.request('doctor.chart', { patientId: this.patientId, refresh: false }),
      this.api.call('vitals.history', { patientId: this.patientId, limit: 50 }),
    ]);
    if (this.disposed) return;
    this.set({
      view: chart.ok ? chart.value : this.state.view,
      // Offline the history cannot be read: the trends keep what they had.
      vitals: vitals.ok ? vitals.value.items : this.state.vitals,
      error: chart.ok ? undefined : chart.error,
      loading: false,
    });
  }

  dispose(): void {
    this.disposed = true;
    this.opened = false;
    void this.api.request('doctor.closeChart', { patientId: this.patientId });
  }

  private set(patch: Partial<ChartState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/**
 * When the chart shown is the copy this workstation kept, the moment it was read; undefined when
 * it is the server's, live. It is a kept copy as soon as the link is not up, before the next
 * read says so: a doctor must not take it for current for a moment longer.
 */
export function keptCopyAsOf(view: ChartView | undefined, connection: ConnectionState | undefined): string | undefined {
  if (view === undefined) return undefined;
  return view.source === 'cache' || (connection !== undefined && connection !== 'connected') ? view.asOf : undefined;
}
