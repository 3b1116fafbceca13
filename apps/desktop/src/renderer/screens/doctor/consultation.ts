import { unresolvedBlockingAlerts } from '@hms/core';
import type { CatalogueEntry, Drug, Icd10Code, NoteSection, NoteSections, OrderItem, Prescription, SafetyAlert } from '@hms/core';
import type { ConsultationOutcome, ConsultationView, PrescriptionCheckView } from '../../../shared/doctor/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import type { DeskContext } from '../../app/desk-module.js';
import { checkItemOf, draftItemFor, prescriptionItemOf } from './rx-draft.js';
import type { RxDraftItem } from './rx-draft.js';

export type Alert = SafetyAlert;

/** Where the note's last words are: typed (not yet handed over), on their way, on the server, kept on this workstation to send, or refused. */
export type NoteSaveState = 'saved' | 'typing' | 'saving' | 'kept' | 'failed';

export interface RxState {
  items: RxDraftItem[];
  /** The check's alerts for the lines complete enough to check; `itemIndexes` are lines of `items`. */
  alerts: Alert[];
  /** Where the last check ran: the server, or this workstation's copy of the rules (offline). */
  check: Pick<PrescriptionCheckView, 'source' | 'ruleSetVersion' | 'knowledgeAsOf' | 'chartAsOf' | 'reason' | 'unsentPrescriptions'> | undefined;
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
  /** The host's record of this consultation; null before it started, undefined while read. */
  view: ConsultationView | null | undefined;
  /** Why the consultation could not be opened or started. */
  openError: HostError | undefined;
  draft: NoteSections;
  note: { state: NoteSaveState; typedAt: string | null; error: HostError | undefined };
  /** The patient's orders and prescriptions as the server lists them (online), for those made before this desk's record. */
  serverOrders: OrderItem[];
  serverPrescriptions: Prescription[];
  rx: RxState;
  /**
   * The words of what was picked here, by `drug:<id>`, `code:<ICD-10 code>` and `order:<code>`:
   * a write still waiting to be sent names its items by them.
   */
  names: Readonly<Record<string, string>>;
  /** The last write refused at once (diagnosis, order, sign, complete). */
  actionError: { what: string; error: HostError } | undefined;
  signing: boolean;
}

const EMPTY_RX: RxState = { items: [], alerts: [], check: undefined, checking: false, checkError: undefined, overrides: {}, fieldErrors: {}, busy: false, error: undefined };

/** The note is handed to the host this long after the doctor stops typing: within a second, as the issue asks. */
export const NOTE_SAVE_DELAY_MS = 800;
/** The safety check runs this long after the last keystroke in the builder. */
const CHECK_DELAY_MS = 250;

export interface ConsultationDeps extends Pick<DeskContext, 'api'> {
  /** The visit's patient as My patients lists it (so a consultation starts offline too). */
  patientOf(visitId: string): string | undefined;
  /** The catalogue of orderable tests, searched (the server's, or the copy read at sign-in). */
  searchCatalogue(query: string): Promise<HostResult<CatalogueEntry[]>>;
}

/**
 * One consultation on this desk: the host keeps its record (encounter, draft, every write and
 * what became of it, offline too); this holds what the doctor is typing, the prescription being
 * built and its alerts, and turns actions into the doctor desk's host requests.
 */
export class Consultation {
  private readonly api: HostApi;
  private readonly deps: ConsultationDeps;
  private state: ConsultationState = {
    view: undefined,
    openError: undefined,
    draft: {},
    note: { state: 'saved', typedAt: null, error: undefined },
    serverOrders: [],
    serverPrescriptions: [],
    rx: EMPTY_RX,
    names: {},
    actionError: undefined,
    signing: false,
  };
  private readonly listeners = new Set<() => void>();
  private opened: Promise<void> | undefined;
  private noteTimer: number | undefined;
  private typedAt: string | undefined;
  private saving: Promise<void> | undefined;
  private checkTimer: number | undefined;
  /** The check running now, if any: prescribing waits for it. */
  private checkRun: Promise<void> | undefined;
  private checkSerial = 0;
  private nextLine = 1;
  private disposed = false;
  readonly visitId: string;

  constructor(deps: ConsultationDeps, visitId: string) {
    this.api = deps.api;
    this.deps = deps;
    this.visitId = visitId;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConsultationState => this.state;

  /** Opens the consultation once: the one this desk keeps, else it is started (encounters.start, queued offline). */
  open(): Promise<void> {
    this.opened ??= this.start();
    return this.opened;
  }

  private async start(): Promise<void> {
    const kept = await this.api.request('doctor.consultation', { visitId: this.visitId });
    if (!kept.ok) {
      this.set({ openError: kept.error });
      return;
    }
    if (kept.value !== null) {
      this.show(kept.value, true);
      await this.readServerLists();
      return;
    }
    const patientId = this.deps.patientOf(this.visitId) ?? (await this.patientFromServer());
    if (patientId === undefined) return;
    const started = await this.api.request('doctor.startConsultation', { visitId: this.visitId, patientId });
    if (!started.ok) {
      this.set({ openError: started.error });
      return;
    }
    this.show(started.value, true);
    await this.readServerLists();
  }

  private async patientFromServer(): Promise<string | undefined> {
    const visit = await this.api.call('visits.get', { id: this.visitId });
    if (!visit.ok) {
      this.set({ openError: visit.error });
      return undefined;
    }
    return visit.value.visit.patientId;
  }

  /** The host says the consultation changed (a write applied or refused on replay): read its record again. */
  async refresh(): Promise<void> {
    if (this.state.view === undefined || this.state.view === null) {
      this.opened = this.start();
      return this.opened;
    }
    const kept = await this.api.request('doctor.consultation', { visitId: this.visitId });
    if (kept.ok && kept.value !== null) this.show(kept.value, false);
    await this.readServerLists();
  }

  dispose(): void {
    this.disposed = true;
    window.clearTimeout(this.noteTimer);
    window.clearTimeout(this.checkTimer);
  }

  /** The host's record; the draft is taken from it unless the doctor is typing. */
  private show(view: ConsultationView, first: boolean): void {
    const typing = this.noteTimer !== undefined || this.saving !== undefined;
    this.set({
      view,
      openError: undefined,
      ...(typing && !first ? {} : {
        draft: view.note.sections,
        note: {
          state: view.note.refused !== null ? 'failed' : view.note.unsent ? 'kept' : 'saved',
          typedAt: view.note.savedTypedAt ?? view.note.typedAt,
          error: view.note.refused === null ? undefined : { code: view.note.refused.code, message: view.note.refused.message },
        },
      }),
    });
  }

  private async readServerLists(): Promise<void> {
    const view = this.state.view;
    if (view === undefined || view === null) return;
    const [orders, prescriptions] = await Promise.all([
      this.api.call('orders.forPatient', { patientId: view.patientId, limit: 100 }),
      this.api.call('prescriptions.forPatient', { patientId: view.patientId, limit: 100 }),
    ]);
    // Offline these fail: the desk's own record of its writes still shows what it made.
    this.set({
      ...(orders.ok ? { serverOrders: orders.value.items } : {}),
      ...(prescriptions.ok ? { serverPrescriptions: prescriptions.value.items } : {}),
    });
  }

  private get encounterId(): string | undefined {
    const view = this.state.view;
    return view === undefined || view === null ? undefined : view.encounterId;
  }

  /** Whether the doctor may still write in it (not signed, completed or refused). */
  get writable(): boolean {
    const view = this.state.view;
    return view !== undefined && view !== null && (view.state === 'open' || view.state === 'starting');
  }

  // The note -----------------------------------------------------------------------------

  /**
   * The doctor typed in a section: kept at once, handed to the host (which keeps it on disk and
   * sends it) at most NOTE_SAVE_DELAY_MS after the first keystroke not yet saved, whatever was
   * typed by then. Not on a pause: a doctor typing on for minutes would otherwise have nothing
   * saved, and a crash or a lost LAN would lose it all, where the issue allows under a second.
   */
  edit(section: NoteSection, text: string): void {
    this.typedAt = new Date().toISOString();
    this.set({ draft: { ...this.state.draft, [section]: text }, note: { ...this.state.note, state: 'typing' } });
    if (this.noteTimer !== undefined) return;
    this.noteTimer = window.setTimeout(() => {
      this.noteTimer = undefined;
      void this.saveNote();
    }, NOTE_SAVE_DELAY_MS);
  }

  /** Saves what was typed now (before signing, or when the doctor leaves a box). */
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
    const encounterId = this.encounterId;
    const typedAt = this.typedAt;
    if (encounterId === undefined || typedAt === undefined || !this.writable) return;
    const sections = this.state.draft;
    this.set({ note: { ...this.state.note, state: 'saving' } });
    const run = (async () => {
      const result = await this.api.request('doctor.saveNote', { encounterId, sections, typedAt });
      if (this.typedAt !== typedAt) return;
      if (!result.ok) {
        this.set({ note: { state: 'failed', typedAt: this.state.note.typedAt, error: result.error } });
        return;
      }
      this.set({ note: { state: result.value.status === 'server' ? 'saved' : 'kept', typedAt: result.value.typedAt, error: undefined } });
    })();
    this.saving = run;
    await run;
    if (this.saving === run) this.saving = undefined;
  }

  // Diagnoses and orders ------------------------------------------------------------------

  async searchDiagnoses(query: string): Promise<HostResult<Icd10Code[]>> {
    const result = await this.api.request('doctor.searchDiagnoses', { query, limit: 12 });
    return result.ok ? { ok: true, value: result.value.items } : result;
  }

  addDiagnosis(code: Icd10Code, certainty: 'provisional' | 'confirmed'): Promise<boolean> {
    const encounterId = this.encounterId;
    if (encounterId === undefined) return Promise.resolve(false);
    this.remember(`code:${code.code}`, code.description);
    return this.write(`Diagnosis ${code.code}`, this.api.request('doctor.addDiagnosis', { encounterId, code: code.code, description: code.description, certainty }));
  }

  searchCatalogue(query: string): Promise<HostResult<CatalogueEntry[]>> {
    return this.deps.searchCatalogue(query);
  }

  order(entry: CatalogueEntry, priority: 'routine' | 'urgent' | 'stat'): Promise<boolean> {
    const encounterId = this.encounterId;
    if (encounterId === undefined) return Promise.resolve(false);
    this.remember(`order:${entry.code}`, entry.name);
    return this.write(`Order: ${entry.name}`, this.api.request('doctor.order', { encounterId, items: [{ kind: entry.kind, code: entry.code, name: entry.name, priority }] }));
  }

  // The prescription ----------------------------------------------------------------------

  async searchDrugs(query: string): Promise<HostResult<Drug[]>> {
    const result = await this.api.request('doctor.searchDrugs', { query, limit: 12 });
    return result.ok ? { ok: true, value: result.value.items } : result;
  }

  addDrug(drug: Drug): string {
    const key = `line-${this.nextLine++}`;
    this.remember(`drug:${drug.id}`, drug.name);
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
    this.setRx({ items: this.state.rx.items.filter((item) => item.key !== key), error: undefined });
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

  /** Prescribes the lines: the host checks once more (locally offline) and sends or queues it. Answers the prescription's id. */
  async prescribe(): Promise<string | undefined> {
    const encounterId = this.encounterId;
    const { items } = this.state.rx;
    if (encounterId === undefined || items.length === 0) return undefined;
    const built = items.map((item) => ({ key: item.key, built: prescriptionItemOf(item) }));
    const wrong = Object.fromEntries(built.flatMap(({ key, built: line }) => (line.ok ? [] : [[key, line.errors]])));
    if (Object.keys(wrong).length > 0) {
      this.setRx({ fieldErrors: wrong, error: { code: 'VALIDATION', message: 'Some lines are not complete: see the boxes marked.' } });
      return undefined;
    }
    if (this.state.rx.busy) return undefined;
    // What was typed last is checked before anything is sent: a click during a check waits for it.
    this.setRx({ busy: true, error: undefined });
    await this.settleCheck();
    if (this.unresolved().length > 0) {
      this.setRx({ busy: false });
      return undefined;
    }
    const alertKeys = new Set(this.state.rx.alerts.map((alert) => alert.alertKey));
    const overrides = Object.entries(this.state.rx.overrides)
      .filter(([alertKey, reason]) => alertKeys.has(alertKey) && reason.trim() !== '')
      .map(([alertKey, reason]) => ({ alertKey, reason: reason.trim() }));
    const result = await this.api.request('doctor.prescribe', { encounterId, items: built.flatMap(({ built: line }) => (line.ok ? [line.item] : [])), overrides });
    if (!result.ok) {
      // The host checked again and found what blocks it (an allergy recorded meanwhile): show those alerts.
      const alerts = result.error.details?.alerts;
      this.setRx({ busy: false, error: result.error, ...(Array.isArray(alerts) ? { alerts: alerts as Alert[] } : {}) });
      return undefined;
    }
    this.set({ view: result.value.consultation, rx: EMPTY_RX });
    return result.value.prescriptionId;
  }

  private scheduleCheck(): void {
    window.clearTimeout(this.checkTimer);
    this.checkTimer = window.setTimeout(() => {
      this.checkTimer = undefined;
      this.checkRun = this.check();
    }, CHECK_DELAY_MS);
  }

  /** The check of the lines as they are now, done (run at once if it was waiting for a pause). */
  private async settleCheck(): Promise<void> {
    if (this.checkTimer !== undefined) {
      window.clearTimeout(this.checkTimer);
      this.checkTimer = undefined;
      this.checkRun = this.check();
    }
    await this.checkRun;
  }

  private async check(): Promise<void> {
    const view = this.state.view;
    const lines = this.state.rx.items.flatMap((item, index) => {
      const checked = checkItemOf(item);
      return checked === undefined ? [] : [{ index, checked }];
    });
    const serial = ++this.checkSerial;
    if (view === undefined || view === null || lines.length === 0) {
      this.setRx({ alerts: [], checking: false, checkError: undefined, check: undefined });
      return;
    }
    this.setRx({ checking: true });
    const result = await this.api.request('doctor.checkPrescription', { patientId: view.patientId, items: lines.map((line) => line.checked) });
    if (serial !== this.checkSerial || this.disposed) return;
    if (!result.ok) {
      this.setRx({ checking: false, checkError: result.error, alerts: [] });
      return;
    }
    const { alerts, ...check } = result.value;
    // The check numbered the lines it was sent; the builder numbers all of its lines.
    const renumbered = alerts.map((alert) => ({ ...alert, itemIndexes: alert.itemIndexes.map((index) => lines[index]?.index ?? index) }));
    this.setRx({ alerts: renumbered, check, checking: false, checkError: undefined });
  }

  // Sign and complete ---------------------------------------------------------------------

  async sign(): Promise<boolean> {
    const encounterId = this.encounterId;
    if (encounterId === undefined) return false;
    this.set({ signing: true });
    await this.flushNote();
    const done = await this.write('Signing', this.api.request('doctor.sign', { encounterId }));
    this.set({ signing: false });
    return done;
  }

  async complete(): Promise<boolean> {
    await this.flushNote();
    return this.write('Completing the visit', this.api.request('doctor.complete', { visitId: this.visitId }));
  }

  // ---------------------------------------------------------------------------------------

  private async write(what: string, request: Promise<HostResult<ConsultationOutcome>>): Promise<boolean> {
    const result = await request;
    if (!result.ok) {
      this.set({ actionError: { what, error: result.error } });
      return false;
    }
    this.set({ actionError: undefined, view: result.value.consultation });
    return true;
  }

  private remember(key: string, words: string): void {
    this.set({ names: { ...this.state.names, [key]: words } });
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
