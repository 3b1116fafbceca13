import type { CatalogueEntry, Chart, Visit } from '@hms/core';
import type { DoctorOverview, MyPatientsView } from '../../../shared/doctor/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { PrintDocumentInput } from '../../../shared/printing/documents.js';
import { toHostError } from '../../../shared/result.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';
import { ChartFeed } from './chart-feed.js';
import { Consultation } from './consultation.js';
import { CriticalAlertsFeed } from './critical-alerts.js';
import { diagnosisLines, orderLines, prescriptionLines } from './consultation-lists.js';
import type { PrescriptionLine } from './consultation-lists.js';
import type { ConsultationState } from './consultation.js';
import { prescriptionDocument } from './print-prescription.js';
import { visitSummaryDocument, visitSummaryPrintKey } from './print-visit-summary.js';

export interface DoctorState {
  myPatients: MyPatientsView | undefined;
  myPatientsError: HostError | undefined;
  overview: DoctorOverview | undefined;
}

const EMPTY: DoctorState = { myPatients: undefined, myPatientsError: undefined, overview: undefined };

/** How long a chart no screen shows is still followed (the next screen may be about the same patient). */
const CHART_KEPT_MS = 5_000;

/**
 * The doctor desk's state in the renderer: My patients (the host keeps it live, and the last
 * copy offline), the consultations and charts open on this desk. The host and the server hold
 * the rules; this keeps what screens show and turns their actions into the desk's host requests.
 */
export class DoctorModel implements DeskModel {
  readonly api: HostApi;
  readonly deps: DeskContext;
  private state: DoctorState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly consultations = new Map<string, Consultation>();
  private readonly charts = new Map<string, ChartFeed>();
  /** The orderable tests, read at sign-in: ordering goes on while the server cannot be reached. */
  private catalogue: CatalogueEntry[] = [];
  /** The critical lab values waiting for this doctor's acknowledgement (shown above every screen). */
  readonly criticalAlerts: CriticalAlertsFeed;

  constructor(deps: DeskContext) {
    this.api = deps.api;
    this.deps = deps;
    this.criticalAlerts = new CriticalAlertsFeed(deps.api);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DoctorState => this.state;

  start(): void {
    this.criticalAlerts.start();
    this.api.on('doctor.myPatients', (view) => this.set({ myPatients: view, myPatientsError: undefined }));
    this.api.on('doctor.changed', (change) => {
      switch (change.what) {
        case 'chart':
          void this.charts.get(change.patientId)?.read();
          return;
        case 'consultation':
          void this.consultations.get(change.visitId)?.refresh();
          return;
        case 'knowledge':
          void this.loadOverview();
          return;
      }
    });
  }

  async load(): Promise<void> {
    await Promise.all([this.loadMyPatients(), this.loadOverview(), this.loadCatalogue(), this.criticalAlerts.load()]);
  }

  /** After a reconnect or a resync: read everything shown again. */
  async reload(): Promise<void> {
    await this.load();
    for (const chart of this.charts.values()) void chart.read();
    for (const consultation of this.consultations.values()) void consultation.refresh();
  }

  reset(): void {
    for (const consultation of this.consultations.values()) consultation.dispose();
    this.consultations.clear();
    for (const chart of this.charts.values()) chart.dispose();
    this.charts.clear();
    this.catalogue = [];
    this.criticalAlerts.reset();
    this.set(EMPTY);
  }

  async loadMyPatients(): Promise<void> {
    const result = await this.api.request('doctor.myPatients', {});
    this.set(result.ok ? { myPatients: result.value, myPatientsError: undefined } : { myPatientsError: result.error });
  }

  private async loadOverview(): Promise<void> {
    const result = await this.api.request('doctor.overview', { refresh: false });
    if (result.ok) this.set({ overview: result.value });
  }

  private async loadCatalogue(): Promise<void> {
    const result = await this.api.call('orders.catalogue', {});
    if (result.ok) this.catalogue = result.value.items;
  }

  /** The next patient for this doctor in the department (their own queue and the pool): null when nobody waits. */
  async callNext(department: string): Promise<HostResult<Visit | null>> {
    const result = await this.api.request('doctor.callNext', { department });
    return result.ok ? { ok: true, value: result.value.visit } : result;
  }

  async recall(visitId: string): Promise<HostResult<Visit | null>> {
    const result = await this.api.request('doctor.recall', { visitId });
    return result.ok ? { ok: true, value: result.value.visit } : result;
  }

  async transfer(visitId: string, to: { department?: string; doctorId?: string | null; reason?: string }): Promise<HostResult<Visit | null>> {
    const result = await this.api.request('doctor.transfer', { visitId, ...to });
    return result.ok ? { ok: true, value: result.value.visit } : result;
  }

  /** The consultation of a visit on this desk: one per visit, kept while the desk is signed in (its note is being saved). */
  consultation(visitId: string): Consultation {
    let consultation = this.consultations.get(visitId);
    if (consultation === undefined) {
      consultation = new Consultation({
        api: this.api,
        patientOf: (visit) => this.patientOf(visit),
        searchCatalogue: (query) => this.searchCatalogue(query),
      }, visitId);
      this.consultations.set(visitId, consultation);
    }
    return consultation;
  }

  /** A patient's chart, kept live by the host while a screen shows it. */
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

  /** Prints through the workstation's print jobs, so `<PrintStatus keys>` shows how it went. */
  print(key: string, label: string, document: PrintDocumentInput): Promise<void> {
    return this.deps.prints.print(key, label, document);
  }

  /** A prescription of the consultation on the page printer: its number once the server gave one, else its id (provisional). */
  async printPrescription(line: PrescriptionLine, chart: Chart): Promise<HostError | undefined> {
    const drugs = await this.api.request('doctor.drugs', { ids: [...new Set(line.items.map((item) => item.drugId))] });
    if (!drugs.ok) return drugs.error;
    const doctor = this.state.overview?.doctor ?? null;
    const prescriber = { name: line.prescriberName ?? doctor?.displayName ?? '', registration: line.prescriberRegistration ?? doctor?.registrationNumber ?? null };
    let document: PrintDocumentInput;
    try {
      document = prescriptionDocument(line, drugs.value.items, chart, prescriber, doctor?.department);
    } catch (error) {
      return toHostError(error);
    }
    await this.print(prescriptionPrintKey(line.id), line.number === null ? 'Prescription (provisional number)' : `Prescription ${line.number}`, document);
    return undefined;
  }

  /** The visit summary for the patient on the page printer, from the consultation as this desk shows it (offline too). */
  async printVisitSummary(state: ConsultationState, chart: Chart): Promise<HostError | undefined> {
    const view = state.view;
    if (view === null || view === undefined) return undefined;
    const prescriptions = prescriptionLines(view, state.serverPrescriptions);
    const ids = [...new Set(prescriptions.flatMap((line) => line.items.map((item) => item.drugId)))];
    const drugs = ids.length === 0 ? { ok: true as const, value: { items: [] } } : await this.api.request('doctor.drugs', { ids });
    if (!drugs.ok) return drugs.error;
    let document: PrintDocumentInput;
    try {
      document = visitSummaryDocument({
        view,
        chart,
        diagnoses: diagnosisLines(view, state.names),
        orders: orderLines(view, state.serverOrders, state.names),
        prescriptions,
        plan: state.draft.plan,
        drugs: drugs.value.items,
        doctor: this.state.overview?.doctor ?? null,
      });
    } catch (error) {
      return toHostError(error);
    }
    await this.print(visitSummaryPrintKey(view.visitId), 'Visit summary', document);
    return undefined;
  }

  private patientOf(visitId: string): string | undefined {
    const view = this.state.myPatients;
    const entry = [...(view?.inConsultation ?? []), ...(view?.waiting ?? [])].find((item) => item.visitId === visitId);
    return entry?.patient?.id;
  }

  /** The server's catalogue search; offline, the catalogue read at sign-in, by its names, codes and synonyms. */
  private async searchCatalogue(query: string): Promise<HostResult<CatalogueEntry[]>> {
    const trimmed = query.trim();
    const result = await this.api.call('orders.catalogue', trimmed === '' ? {} : { query: trimmed });
    if (result.ok || result.error.code !== 'UNAVAILABLE' || this.catalogue.length === 0) return result.ok ? { ok: true, value: result.value.items } : result;
    const words = trimmed.toLowerCase().split(/\s+/).filter((word) => word !== '');
    return {
      ok: true,
      value: this.catalogue.filter((entry) => {
        const text = [entry.name, entry.code, ...entry.synonyms].join(' ').toLowerCase();
        return words.every((word) => text.includes(word));
      }),
    };
  }

  private set(patch: Partial<DoctorState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** The print job of a prescription (PrintStatus shows it under this key). */
export function prescriptionPrintKey(prescriptionId: string): string {
  return `prescription:${prescriptionId}`;
}

/** How the doctor screens find their model (useDoctorModel). */
export const DOCTOR_MODEL = deskModelKey<DoctorModel>('doctor');
