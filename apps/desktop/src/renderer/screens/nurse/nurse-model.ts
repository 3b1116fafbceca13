import type { ParamsIn } from '@hms/core';
import type { HostApi } from '../../../shared/host-api.js';
import type { PendingWrite, TriageListView, TriagePatientView } from '../../../shared/nurse/triage.js';
import type { HostRequest } from '../../../shared/protocol/channels.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

export interface NurseState {
  list: TriageListView | undefined;
  listError: HostError | undefined;
  /** This desk's writes not yet applied. */
  pending: PendingWrite[];
  /** Patients whose triage data changed (a write applied or queued), so an open form reads again. */
  patientsChanged: { ids: readonly string[]; serial: number };
}

const EMPTY: NurseState = { list: undefined, listError: undefined, pending: [], patientsChanged: { ids: [], serial: 0 } };

/**
 * The nurse desk's state in the renderer: the triage list the host keeps live, and this desk's
 * writes not yet sent. The host does the work (the queue, the chart copy, the outbox); this
 * keeps what screens show.
 */
export class NurseModel implements DeskModel {
  private readonly api: HostApi;
  private state: NurseState = EMPTY;
  private readonly listeners = new Set<() => void>();
  /** The departments asked for last (the desk's setting): a reload asks again. */
  private departments: readonly string[] = [];

  constructor(deps: DeskContext) {
    this.api = deps.api;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): NurseState => this.state;

  start(): void {
    this.api.on('nurse.triage', (list) => this.set({ list, listError: undefined }));
    this.api.on('nurse.changed', (change) => {
      if (change.what === 'pending') void this.loadPending();
      else this.set({ patientsChanged: { ids: [change.patientId], serial: this.state.patientsChanged.serial + 1 } });
    });
  }

  async load(): Promise<void> {
    const settings = await this.api.request('settings.get', {});
    if (settings.ok) this.departments = settings.value.desks.nurse.departments;
    await Promise.all([this.follow(this.departments), this.loadPending()]);
  }

  reload(): Promise<void> {
    return Promise.all([this.follow(this.departments), this.loadPending()]).then(() => undefined);
  }

  reset(): void {
    this.departments = [];
    this.set(EMPTY);
  }

  /** Follows these departments' queues (none: every active one). */
  async follow(departments: readonly string[]): Promise<void> {
    this.departments = departments;
    const result = await this.api.request('nurse.triageList', { departments: [...departments] });
    this.set(result.ok ? { list: result.value, listError: undefined } : { listError: result.error });
  }

  async loadPending(): Promise<void> {
    const result = await this.api.request('nurse.pending', {});
    if (result.ok) this.set({ pending: result.value });
  }

  patient(visitId: string): Promise<HostResult<TriagePatientView>> {
    return this.api.request('nurse.patient', { visitId });
  }

  /** The form closed: the host stops following the chart. */
  leavePatient(patientId: string): void {
    void this.api.request('nurse.leavePatient', { patientId });
  }

  recordVitals(params: ParamsIn<'vitals.record'>) {
    return this.api.request('nurse.recordVitals', params);
  }

  recordAllergy(params: ParamsIn<'allergies.record'>) {
    return this.api.request('nurse.recordAllergy', params);
  }

  recordNoneKnown(patientId: string) {
    return this.api.request('nurse.recordNoneKnown', { patientId });
  }

  setPriority(params: HostRequest<'nurse.setPriority'>) {
    return this.api.request('nurse.setPriority', params);
  }

  substances(query: string) {
    return this.api.request('nurse.substances', { query, limit: 12 });
  }

  private set(patch: Partial<NurseState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** How the nurse screens find their model (useNurseModel). */
export const NURSE_MODEL = deskModelKey<NurseModel>('nurse');
