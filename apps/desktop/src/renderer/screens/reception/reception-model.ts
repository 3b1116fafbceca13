import type { Patient, Visit } from '@hms/core';
import type { HostApi } from '../../../shared/host-api.js';
import type { PrintDocumentInput } from '../../../shared/printing/documents.js';
import type { HostRequest } from '../../../shared/protocol/channels.js';
import type {
  CheckInOutcome, DeskCheckIn, MrnCorrection, PatientRecordView, PatientSearchOutcome, QueueBoardView, ReceptionOverview, RegisterOutcome,
} from '../../../shared/protocol/reception.js';
import type { ScanEvent } from '../../../shared/protocol/records.js';
import { printPatientOf } from '../../../shared/reception/patients.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

export interface ReceptionState {
  overview: ReceptionOverview | undefined;
  overviewError: HostError | undefined;
  checkIns: DeskCheckIn[];
  /** Wristbands printed here with an MRN the patient does not have, until a person says they were replaced. */
  mrnCorrections: MrnCorrection[];
  boards: Readonly<Record<string, QueueBoardView>>;
  /** Patients the host reported changed (by this desk or another), so open records reload. */
  patientsChanged: { ids: readonly string[]; serial: number };
}

const EMPTY: ReceptionState = {
  overview: undefined,
  overviewError: undefined,
  checkIns: [],
  mrnCorrections: [],
  boards: {},
  patientsChanged: { ids: [], serial: 0 },
};

/** Documents a desk prints, from the records it holds. */
export const printDocuments = {
  wristband: (patient: Patient): PrintDocumentInput => ({ kind: 'wristband', patient: printPatientOf(patient) }),
  slip: (patient: Patient, registeredBy?: string): PrintDocumentInput => ({
    kind: 'registrationSlip',
    patient: printPatientOf(patient),
    registeredAt: patient.registeredAt,
    ...(registeredBy === undefined ? {} : { registeredBy }),
  }),
  label: (patient: Patient): PrintDocumentInput => ({ kind: 'label', patient: printPatientOf(patient), copies: 1 }),
  token: (visit: Visit, departmentName: string, patient?: Patient): PrintDocumentInput => ({
    kind: 'queueToken',
    token: visit.token,
    department: departmentName,
    ...(visit.doctorName === null ? {} : { doctor: visit.doctorName }),
    patient: patient === undefined ? { mrn: visit.patient.mrn, name: visit.patient.name } : printPatientOf(patient),
    issuedAt: visit.checkedInAt,
    ...(visit.position === null ? {} : { waitingAhead: Math.max(0, visit.position - 1) }),
  }),
};

/**
 * The reception desk's state in the renderer: reference data, today's check-ins at this desk,
 * watched queue boards (shared by every screen showing them). The host does the work; this
 * keeps what screens show and turns answers into navigation, notices and printouts.
 */
export class ReceptionModel implements DeskModel {
  private readonly api: HostApi;
  private readonly deps: DeskContext;
  private state: ReceptionState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly watchers = new Map<string, number>();

  constructor(deps: DeskContext) {
    this.api = deps.api;
    this.deps = deps;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReceptionState => this.state;

  start(): void {
    this.api.on('reception.queue', (view) => this.set({ boards: { ...this.state.boards, [view.department]: view } }));
    this.api.on('reception.changed', (change) => {
      switch (change.what) {
        case 'overview':
          void this.loadOverview(false);
          return;
        case 'checkIns':
          void this.loadCheckIns();
          return;
        case 'mrnCorrections':
          void this.loadMrnCorrections();
          return;
        case 'patients':
          this.set({ patientsChanged: { ids: change.ids, serial: this.state.patientsChanged.serial + 1 } });
          return;
      }
    });
  }

  /** After sign-in. */
  async load(): Promise<void> {
    await Promise.all([this.loadOverview(false), this.loadCheckIns(), this.loadMrnCorrections()]);
  }

  /** After every reconnect or resync: the same as at sign-in. */
  reload(): Promise<void> {
    return this.load();
  }

  /** A scanned code is an MRN: it opens that patient. */
  onScan(scan: ScanEvent): void {
    void this.openByMrn(scan.code);
  }

  reset(): void {
    this.watchers.clear();
    this.set(EMPTY);
  }

  async loadOverview(refresh: boolean): Promise<void> {
    const result = await this.api.request('reception.overview', { refresh });
    this.set(result.ok ? { overview: result.value, overviewError: undefined } : { overviewError: result.error });
  }

  async loadCheckIns(): Promise<void> {
    const result = await this.api.request('reception.checkIns', {});
    if (result.ok) this.set({ checkIns: result.value });
  }

  async loadMrnCorrections(): Promise<void> {
    const result = await this.api.request('reception.mrnCorrections', {});
    if (result.ok) this.set({ mrnCorrections: result.value });
  }

  /** A person says the wristband (and slip) were replaced: the desk stops asking. */
  async acknowledgeMrnCorrection(correction: MrnCorrection): Promise<void> {
    const result = await this.api.request('reception.acknowledgeMrnCorrection', { patientId: correction.patientId, printedMrn: correction.printedMrn });
    if (!result.ok) this.deps.notify({ intent: 'error', title: 'Could not mark the wristband as replaced', message: result.error.message });
    await this.loadMrnCorrections();
  }

  search(query: string): Promise<HostResult<PatientSearchOutcome>> {
    return this.api.request('reception.search', { query, limit: 25 });
  }

  patient(id: string): Promise<HostResult<PatientRecordView>> {
    return this.api.request('reception.patient', { id });
  }

  /** A scanned (or typed) MRN: open that patient, or say nobody has it. */
  async openByMrn(code: string): Promise<void> {
    const mrn = code.trim();
    if (mrn === '') return;
    const result = await this.api.request('reception.patient', { mrn });
    if (result.ok) {
      this.deps.navigate('patient', result.value.patient.id);
      return;
    }
    if (result.error.code === 'NOT_FOUND') {
      this.deps.notify({ intent: 'warning', title: 'No patient with this MRN', message: `Nobody is registered under ${mrn}.` });
    } else if (result.error.code !== 'FORBIDDEN') {
      this.deps.notify({ intent: 'error', title: 'Could not open the scanned patient', message: result.error.message });
    }
  }

  async register(input: HostRequest<'reception.register'>, registeredBy: string): Promise<HostResult<RegisterOutcome>> {
    const result = await this.api.request('reception.register', input);
    if (result.ok) {
      const { patient } = result.value;
      // The wristband first: it carries the final MRN, even offline.
      if (this.deps.printsSilently('label')) void this.print(`wristband:${patient.id}`, 'Wristband', printDocuments.wristband(patient));
      if (this.deps.printsSilently('receipt')) void this.print(`slip:${patient.id}`, 'Registration slip', printDocuments.slip(patient, registeredBy));
    }
    return result;
  }

  async checkIn(input: HostRequest<'reception.checkIn'>, patient?: Patient): Promise<HostResult<CheckInOutcome>> {
    const result = await this.api.request('reception.checkIn', input);
    if (result.ok) {
      void this.loadCheckIns();
      if (result.value.status === 'applied' && this.deps.printsSilently('receipt')) {
        void this.print(`token:${result.value.visit.id}`, 'Queue token', printDocuments.token(result.value.visit, this.departmentName(result.value.visit.department), patient));
      }
    }
    return result;
  }

  departmentName(code: string): string {
    return this.state.overview?.departments.find((department) => department.code === code)?.name ?? code;
  }

  doctorName(id: string | null): string | undefined {
    if (id === null) return undefined;
    return this.state.overview?.doctors.find((doctor) => doctor.id === id)?.displayName;
  }

  /** Watches a department's board while something shows it; returns the function that stops. */
  watchQueue(department: string): () => void {
    const code = department.toUpperCase();
    const count = this.watchers.get(code) ?? 0;
    this.watchers.set(code, count + 1);
    if (count === 0) {
      void this.api.request('reception.watchQueue', { department: code }).then((result) => {
        if (result.ok) this.set({ boards: { ...this.state.boards, [code]: result.value } });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.watchers.get(code) ?? 1) - 1;
      if (left > 0) {
        this.watchers.set(code, left);
        return;
      }
      this.watchers.delete(code);
      void this.api.request('reception.unwatchQueue', { department: code });
    };
  }

  /** Prints through the workstation's print jobs, so `<PrintStatus keys>` shows how it went. */
  print(key: string, label: string, document: PrintDocumentInput): Promise<void> {
    return this.deps.prints.print(key, label, document);
  }

  private set(patch: Partial<ReceptionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** How the reception screens find their model (useReceptionModel). */
export const RECEPTION_MODEL = deskModelKey<ReceptionModel>('reception');
