import type { LabCriticalAlert } from '@hms/core';
import type { CriticalAlertsView } from '../../../shared/doctor/lab-views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostResult } from '../../../shared/result.js';

export interface CriticalAlertsState {
  /** Oldest first: the alert shown is the first; the rest wait behind it. */
  alerts: LabCriticalAlert[];
  live: boolean;
}

const EMPTY: CriticalAlertsState = { alerts: [], live: false };

/** The critical values the host follows for the signed-in doctor, as the banner shows them. */
export class CriticalAlertsFeed {
  private state: CriticalAlertsState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly api: HostApi;

  constructor(api: HostApi) {
    this.api = api;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CriticalAlertsState => this.state;

  start(): void {
    this.api.on('doctor.criticalAlerts', (view) => this.set(view));
  }

  async load(): Promise<void> {
    const result = await this.api.request('doctor.criticalAlerts', {});
    if (result.ok) this.set(result.value);
  }

  reset(): void {
    this.state = EMPTY;
    this.emit();
  }

  /** Told (the doctor unless `toldName` names someone) at `toldAt` (now unless given), the value read back. */
  async acknowledge(alertId: string, told: { toldName?: string; toldAt?: string }): Promise<HostResult<LabCriticalAlert>> {
    const result = await this.api.request('doctor.acknowledgeCritical', { alertId, readBack: true, ...told });
    return result.ok ? { ok: true, value: result.value.alert } : result;
  }

  private set(view: CriticalAlertsView): void {
    this.state = { alerts: view.alerts, live: view.live };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
