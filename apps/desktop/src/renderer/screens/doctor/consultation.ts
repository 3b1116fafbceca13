import { unresolvedBlockingAlerts } from '@hms/core';
import type { CatalogueEntry, Drug, Encounter, Icd10Code, NoteSection, NoteSections, OrderItem, Prescription, Result, SafetyAlert, Visit } from '@hms/core';
import type { HostApi } from '../../../shared/host-api.js';
import type { SubmitOutcome } from '../../../shared/protocol/records.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import type { DeskContext } from '../../app/desk-module.js';
import { checkItemOf, draftItemFor, prescriptionItemOf } from './rx-draft.js';
import type { RxDraftItem } from './rx-draft.js';

export type Alert = Result<'prescriptions.check'>['alerts'][number];

/** Where the note's last words are: typed (not yet sent), on their way, on the server, waiting in the outbox, or refused. */
export type NoteSaveState = 'saved' | 'typing' | 'saving' | 'queued' | 'failed';

export interface RxState {
  items: RxDraftItem[];
  /** The check's alerts for the lines complete enough to check; `itemIndexes` are lines of `items`. */
  alerts: Alert[];
  checking: boolean;
  checkError: HostError | undefined;
  /** Reasons the doctor gave for going ahead despite a blocking alert, by alert key. */
  overrides: Readonly<Record<string, string>>;
  /** The fields still wrong when the doctor pressed "Prescribe", by line key. */
  fieldErrors: Readonly<Record<string, Partial<Record<keyof RxDraftItem, string>>>>;
  busy: boolean;
  error: HostError | undefined;
}

export interface ConsultationState {
  visit: Visit | undefined;
  encounter: Encounter | undefined;
  /** Why the consultation could not be opened (not called, called by another doctor, ended). */
  openError: HostError | undefined;
  draft: NoteSections;
  note: { state: NoteSaveState; savedAt: string | null; error: HostError | undefined };
  orders: OrderItem[];
  prescriptions: Prescription[];
  rx: RxState;
  /** What this desk queued while offline, in words, newest last. */
  queued: string[];
  /** The last write the server refused (diagnosis, order, sign, complete). */
  actionError: { what: string; error: HostError } | undefined;
  signing: boolean;
  completed: boolean;
}

const EMPTY_RX: RxState = { items: [], alerts: [], checking: false, checkError: undefined, overrides: {}, fieldErrors: {}, busy: false, error: undefined };

/** The note is saved this long after the doctor stops typing: within a second, as the issue asks. */
export const NOTE_SAVE_DELAY_MS = 800;
/** The safety check runs this long after the last keystroke in the builder. */
const CHECK_DELAY_MS = 250;

type Submitted<R> = { status: 'applied'; result: R } | { status: 'queued' } | { status: 'failed'; error: HostError };

function submitted<R>(result: HostResult<SubmitOutcome<R>>): Submitted<R> {
  if (!result.ok) return { status: 'failed', error: result.error };
  return result.value.status === 'applied' ? { status: 'applied', result: result.value.result } : { status: 'queued' };
}

/**
 * One consultation on this desk (a visit the doctor called): the encounter, the note as typed
 * and saved (debounced), diagnoses, orders and the prescription being built with its alerts.
 * Writes go through the host (sent now, or queued in the outbox while the LAN is down).
 */
export class Consultation {
  private readonly api: HostApi;
  private state: ConsultationState = {
    visit: undefined,
    encounter: undefined,
    openError: undefined,
    draft: {},
    note: { state: 'saved', savedAt: null, error: undefined },
    orders: [],
    prescriptions: [],
    rx: EMPTY_RX,
    queued: [],
    actionError: undefined,
    signing: false,
    completed: false,
  };
  private readonly listeners = new Set<() => void>();
  private opened: Promise<void> | undefined;
  private noteTimer: number | undefined;
  private typedAt: string | undefined;
  private saving: Promise<void> | undefined;
  private checkTimer: number | undefined;
  private checkSerial = 0;
  private nextLine = 1;
  private disposed = false;

  readonly visitId: string;

  constructor(deps: DeskContext, visitId: string) {
    this.api = deps.api;
    this.visitId = visitId;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConsultationState => this.state;

  /** Opens the consultation once (the visit, then the doctor's encounter for it). */
  open(): Promise<void> {
    this.opened ??= this.refresh();
    return this.opened;
  }

  /** Reads the visit and its encounter again (after a reconnect); the draft being typed is kept. */
  async refresh(): Promise<void> {
    const visit = await this.api.call('visits.get', { id: this.visitId });
    if (!visit.ok) {
      this.set({ openError: visit.error });
      return;
    }
    this.set({ visit: visit.value.visit, completed: visit.value.visit.status === 'completed' });
    const started = await this.api.call('encounters.start', { visitId: this.visitId });
    if (!started.ok) {
      // A completed visit still shows its encounter read-only, if this doctor had one.
      this.set({ openError: started.error });
      return;
    }
    const { encounter } = started.value;
    const typing = this.noteTimer !== undefined || this.saving !== undefined;
    this.set({
      encounter,
      openError: undefined,
      ...(typing ? {} : { draft: encounter.note.sections, note: { state: 'saved', savedAt: encounter.note.savedAt, error: undefined } }),
    });
    await this.readOrdersAndPrescriptions(encounter);
  }

  dispose(): void {
    this.disposed = true;
    window.clearTimeout(this.noteTimer);
    window.clearTimeout(this.checkTimer);
  }

  // The note -----------------------------------------------------------------------------

  /** The doctor typed in a section: kept at once, saved once they pause. */
  edit(section: NoteSection, text: string): void {
    this.typedAt = new Date().toISOString();
    this.set({ draft: { ...this.state.draft, [section]: text }, note: { ...this.state.note, state: 'typing' } });
    window.clearTimeout(this.noteTimer);
    this.noteTimer = window.setTimeout(() => {
      this.noteTimer = undefined;
      void this.saveNote();
    }, NOTE_SAVE_DELAY_MS);
  }

  /** Saves what was typed now (before signing, or when the doctor leaves the screen). */
  async flushNote(): Promise<void> {
    if (this.noteTimer !== undefined) {
      window.clearTimeout(this.noteTimer);
      this.noteTimer = undefined;
      await this.saveNote();
    }
    await this.saving;
  }

  private async saveNote(): Promise<void> {
    // One save at a time: words typed meanwhile go in the next one.
    await this.saving;
    const encounter = this.state.encounter;
    const typedAt = this.typedAt;
    if (encounter === undefined || typedAt === undefined || encounter.status === 'signed') return;
    const sections = this.state.draft;
    this.set({ note: { ...this.state.note, state: 'saving' } });
    const run = (async () => {
      const outcome = submitted(await this.api.submit('notes.save', { encounterId: encounter.id, sections: this.clean(sections), typedAt }, `Consultation note (${this.patientName()})`));
      const stillLatest = this.typedAt === typedAt;
      switch (outcome.status) {
        case 'applied':
          if (stillLatest) this.set({ note: { state: 'saved', savedAt: outcome.result.note.savedAt, error: undefined } });
          return;
        case 'queued':
          if (stillLatest) this.set({ note: { state: 'queued', savedAt: this.state.note.savedAt, error: undefined } });
          return;
        case 'failed':
          this.set({ note: { state: 'failed', savedAt: this.state.note.savedAt, error: outcome.error } });
      }
    })();
    this.saving = run;
    await run;
    if (this.saving === run) this.saving = undefined;
  }

  /** Empty sections are left out: a note is what was written. */
  private clean(sections: NoteSections): NoteSections {
    return Object.fromEntries(Object.entries(sections).filter(([, text]) => typeof text === 'string' && text.trim() !== '')) as NoteSections;
  }

  // Diagnoses and orders ------------------------------------------------------------------

  async searchDiagnoses(query: string): Promise<HostResult<Icd10Code[]>> {
    const result = await this.api.call('diagnoses.search', { query, limit: 12 });
    return result.ok ? { ok: true, value: result.value.items } : result;
  }

  async addDiagnosis(code: Icd10Code, certainty: 'provisional' | 'confirmed'): Promise<boolean> {
    const encounter = this.state.encounter;
    if (encounter === undefined) return false;
    const outcome = submitted(await this.api.submit('diagnoses.add', { encounterId: encounter.id, code: code.code, certainty }, `Diagnosis ${code.code} (${this.patientName()})`));
    return this.after(outcome, `Diagnosis ${code.code}`, (result) => {
      const current = this.state.encounter;
      if (current !== undefined) this.set({ encounter: { ...current, diagnoses: [...current.diagnoses, result.diagnosis] } });
    });
  }

  async searchCatalogue(query: string): Promise<HostResult<CatalogueEntry[]>> {
    const trimmed = query.trim();
    const result = await this.api.call('orders.catalogue', trimmed === '' ? {} : { query: trimmed });
    return result.ok ? { ok: true, value: result.value.items } : result;
  }

  async order(entry: CatalogueEntry, priority: 'routine' | 'urgent' | 'stat'): Promise<boolean> {
    const encounter = this.state.encounter;
    if (encounter === undefined) return false;
    const outcome = submitted(await this.api.submit('orders.create', { encounterId: encounter.id, items: [{ kind: entry.kind, code: entry.code, priority }] }, `Order: ${entry.name} (${this.patientName()})`));
    return this.after(outcome, `Order: ${entry.name}`, (result) => this.set({ orders: [...result.items, ...this.state.orders] }));
  }

  // The prescription ----------------------------------------------------------------------

  async searchDrugs(query: string): Promise<HostResult<Drug[]>> {
    const result = await this.api.call('drugs.search', { query, limit: 12 });
    return result.ok ? { ok: true, value: result.value.items } : result;
  }

  addDrug(drug: Drug): string {
    const key = `line-${this.nextLine++}`;
    this.setRx({ items: [...this.state.rx.items, draftItemFor(drug, key)], error: undefined });
    this.scheduleCheck();
    return key;
  }

  editLine(key: string, patch: Partial<Omit<RxDraftItem, 'key' | 'drug'>>): void {
    const { [key]: _edited, ...fieldErrors } = this.state.rx.fieldErrors;
    this.setRx({ items: this.state.rx.items.map((item) => (item.key === key ? { ...item, ...patch } : item)), fieldErrors });
    this.scheduleCheck();
  }

  removeLine(key: string): void {
    this.setRx({ items: this.state.rx.items.filter((item) => item.key !== key) });
    this.scheduleCheck();
  }

  override(alertKey: string, reason: string): void {
    this.setRx({ overrides: { ...this.state.rx.overrides, [alertKey]: reason } });
  }

  /** Blocking alerts without an override reason: while any is left, "Prescribe" stays off (core decides). */
  unresolved(): SafetyAlert[] {
    const { alerts, overrides } = this.state.rx;
    return unresolvedBlockingAlerts(alerts, Object.entries(overrides).map(([alertKey, reason]) => ({ alertKey, reason })));
  }

  async prescribe(): Promise<boolean> {
    const encounter = this.state.encounter;
    const { items } = this.state.rx;
    if (encounter === undefined || items.length === 0) return false;
    const built = items.map((item) => ({ key: item.key, built: prescriptionItemOf(item) }));
    const wrong = Object.fromEntries(built.flatMap(({ key, built: line }) => (line.ok ? [] : [[key, line.errors]])));
    if (Object.keys(wrong).length > 0) {
      const words = Object.values(wrong).flatMap((errors) => Object.entries(errors).map(([field, message]) => `${field}: ${message}`));
      this.setRx({ fieldErrors: wrong, error: { code: 'VALIDATION', message: `Some lines are not complete (${words.join('; ')}).` } });
      return false;
    }
    if (this.unresolved().length > 0) return false;
    const alertKeys = new Set(this.state.rx.alerts.map((alert) => alert.alertKey));
    const overrides = Object.entries(this.state.rx.overrides)
      .filter(([alertKey, reason]) => alertKeys.has(alertKey) && reason.trim() !== '')
      .map(([alertKey, reason]) => ({ alertKey, reason: reason.trim() }));
    this.setRx({ busy: true, error: undefined });
    const names = items.map((item) => item.drug.genericName).join(', ');
    const outcome = submitted(await this.api.submit('prescriptions.create', {
      encounterId: encounter.id,
      items: built.flatMap(({ built: line }) => (line.ok ? [line.item] : [])),
      overrides,
    }, `Prescription: ${names} (${this.patientName()})`));
    switch (outcome.status) {
      case 'applied':
        this.set({ prescriptions: [outcome.result.prescription, ...this.state.prescriptions], rx: EMPTY_RX });
        return true;
      case 'queued':
        this.set({ rx: EMPTY_RX, queued: [...this.state.queued, `Prescription: ${names}`] });
        return true;
      case 'failed': {
        // The server checked again and found what blocks it (an allergy recorded meanwhile): show its alerts.
        const alerts = outcome.error.details?.alerts;
        this.setRx({ busy: false, error: outcome.error, ...(Array.isArray(alerts) ? { alerts: alerts as Alert[] } : {}) });
        return false;
      }
    }
  }

  private scheduleCheck(): void {
    window.clearTimeout(this.checkTimer);
    this.checkTimer = window.setTimeout(() => void this.check(), CHECK_DELAY_MS);
  }

  private async check(): Promise<void> {
    const visit = this.state.visit;
    const lines = this.state.rx.items.flatMap((item, index) => {
      const checked = checkItemOf(item);
      return checked === undefined ? [] : [{ index, checked }];
    });
    const serial = ++this.checkSerial;
    if (visit === undefined || lines.length === 0) {
      this.setRx({ alerts: [], checking: false, checkError: undefined });
      return;
    }
    this.setRx({ checking: true });
    const result = await this.api.call('prescriptions.check', { patientId: visit.patientId, items: lines.map((line) => line.checked) });
    if (serial !== this.checkSerial || this.disposed) return;
    if (!result.ok) {
      this.setRx({ checking: false, checkError: result.error });
      return;
    }
    // The check numbered the lines it was sent; the builder numbers all of its lines.
    const alerts = result.value.alerts.map((alert) => ({ ...alert, itemIndexes: alert.itemIndexes.map((index) => lines[index]?.index ?? index) }));
    this.setRx({ alerts, checking: false, checkError: undefined });
  }

  // Sign and complete ---------------------------------------------------------------------

  async sign(): Promise<boolean> {
    const encounter = this.state.encounter;
    if (encounter === undefined) return false;
    this.set({ signing: true });
    await this.flushNote();
    const outcome = submitted(await this.api.submit('encounters.sign', { encounterId: encounter.id }, `Sign consultation (${this.patientName()})`));
    this.set({ signing: false });
    return this.after(outcome, 'Signing', (result) => this.set({ encounter: result.encounter }), () => {
      const current = this.state.encounter;
      if (current !== undefined) this.set({ encounter: { ...current, status: 'signed' } });
    });
  }

  async complete(): Promise<boolean> {
    await this.flushNote();
    const outcome = submitted(await this.api.submit('visits.complete', { id: this.visitId }, `Complete visit (${this.patientName()})`));
    const done = this.after(outcome, 'Completing the visit', (result) => this.set({ visit: result.visit }));
    if (done) this.set({ completed: true });
    return done;
  }

  // ---------------------------------------------------------------------------------------

  private after<R>(outcome: Submitted<R>, what: string, applied: (result: R) => void, queued?: () => void): boolean {
    switch (outcome.status) {
      case 'applied':
        this.set({ actionError: undefined });
        applied(outcome.result);
        return true;
      case 'queued':
        this.set({ actionError: undefined, queued: [...this.state.queued, what] });
        queued?.();
        return true;
      case 'failed':
        this.set({ actionError: { what, error: outcome.error } });
        return false;
    }
  }

  private async readOrdersAndPrescriptions(encounter: Encounter): Promise<void> {
    const [orders, prescriptions] = await Promise.all([
      this.api.call('orders.forPatient', { patientId: encounter.patientId, limit: 100 }),
      this.api.call('prescriptions.forPatient', { patientId: encounter.patientId, limit: 100 }),
    ]);
    this.set({
      ...(orders.ok ? { orders: orders.value.items.filter((item) => item.encounterId === encounter.id) } : {}),
      ...(prescriptions.ok ? { prescriptions: prescriptions.value.items.filter((item) => item.encounterId === encounter.id) } : {}),
    });
  }

  private patientName(): string {
    return this.state.visit?.patient.name ?? 'patient';
  }

  private setRx(patch: Partial<RxState>): void {
    this.set({ rx: { ...this.state.rx, ...patch } });
  }

  private set(patch: Partial<ConsultationState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
