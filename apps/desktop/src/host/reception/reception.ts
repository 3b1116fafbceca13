import { HmsError, PATIENT_READ_ROLES, VISIT_READER_ROLES, localDateOf, mayCall, methods, validatePatientInput } from '@hms/core';
import type { ClientEvent, EventData, MethodName, Params, ParamsIn, Patient, PatientBrief, Result, Role } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { ServerConnection } from '../../shared/connection/server-connection.js';
import type { HostRequestParsed, OwnedHandlers } from '../../shared/protocol/channels.js';
import type { ConflictView, OutboxEntryView } from '../../shared/protocol/records.js';
import type {
  CheckInOutcome, DeskCheckIn, MrnCorrection, PatientDetail, PatientRecordView, PatientSearchOutcome, QueueBoardView, ReceptionChange, ReceptionOverview,
  RegisterOutcome,
} from '../../shared/protocol/reception.js';
import { listItemOf, patientFromBrief, patientName, provisionalPatient } from '../../shared/reception/patients.js';
import { QueueBoards } from '../../shared/reception/queue-boards.js';
import { HostFailure } from '../../shared/result.js';
import type { WorkstationSettings } from '../../shared/settings.js';
import type { CacheDb } from '../cache/cache-db.js';
import type { PatientIndex, PatientIndexEntry } from '../cache/patient-index.js';
import type { Outbox } from '../outbox/outbox.js';
import { DeskCheckIns } from './desk-check-ins.js';
import { MrnCorrections, mrnKey } from './mrn-corrections.js';
import { MrnPool } from './mrn-pool.js';
import type { MrnOwner } from './mrn-pool.js';
import { ReferenceStore } from './reference-store.js';

export interface ReceptionDeps {
  cache: CacheDb;
  patients: PatientIndex;
  outbox: Outbox;
  connection: ServerConnection;
  settings: () => WorkstationSettings;
  now: () => Date;
  schedule: (callback: () => void, ms: number) => () => void;
  newIdempotencyKey: () => string;
  /** Replays the outbox now (when online); resolves when it stopped. */
  drainOutbox: () => Promise<void>;
  /** Throws unless a user is signed in and the screen unlocked. */
  requireSession: () => void;
  /** The host's one check of a write (access, params against the contract) before it is sent or queued. */
  checkWrite: (method: MethodName, params: unknown) => void;
  publishQueue: (view: QueueBoardView) => void;
  publishChange: (change: ReceptionChange) => void;
  /** How many MRNs to keep in hand for offline registration, and how many to ask for at a time. */
  mrnLowWater?: number;
  mrnBlockSize?: number;
}

/** Reference data older than this is read again when a desk asks for it online. */
const REFERENCE_MAX_AGE_MS = 5 * 60_000;
/** Patients not seen for this long leave the workstation's copy. */
const PATIENT_KEEP_DAYS = 30;
/** Ids per patients.summaries call (the contract's most). */
const SUMMARIES_BATCH = 200;

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

function indexEntry(patient: Patient, detail: PatientDetail): PatientIndexEntry {
  return {
    id: patient.id,
    mrn: patient.mrn,
    names: patientName(patient),
    phone: patient.phone,
    nationalId: patient.nationalId,
    birthDate: patient.birthDate,
    version: patient.version,
    detail,
    updatedAt: patient.updatedAt,
    mergedInto: patient.mergedInto,
    data: patient,
  };
}

/**
 * The reception desk's work in the host: patient search and records with the cache as the
 * fallback, registration and check-in that go on while the server is away (an MRN block, the
 * outbox, the arrival time), today's desk check-ins, reference data and live queue boards.
 */
export class Reception {
  readonly mrnPool: MrnPool;
  readonly checkIns: DeskCheckIns;
  readonly reference: ReferenceStore;
  readonly boards: QueueBoards;
  readonly corrections: MrnCorrections;
  private readonly deps: ReceptionDeps;
  private refreshing: Promise<void> | undefined;
  private toppingUp: Promise<void> | undefined;
  /** Cached patients the server announced newer versions of, not read yet. */
  private readonly stalePatients = new Set<string>();
  private refreshingPatients: Promise<void> | undefined;

  constructor(deps: ReceptionDeps) {
    this.deps = deps;
    this.mrnPool = new MrnPool(deps.cache);
    this.checkIns = new DeskCheckIns(deps.cache);
    this.reference = new ReferenceStore(deps.cache);
    this.corrections = new MrnCorrections(deps.cache);
    const { connection } = deps;
    this.boards = new QueueBoards({
      call: (method, params) => connection.call(method, params),
      addSessionStep: (key, step, options) => connection.addSessionStep(key, step, options),
      isOnline: () => this.online(),
      showsNames: () => mayCall(VISIT_READER_ROLES, this.roles()),
      publish: deps.publishQueue,
      store: {
        load: (department) => this.reference.board(this.serverUrl(), department),
        save: (board, asOf) => this.reference.saveBoard(this.serverUrl(), board, asOf),
      },
      now: deps.now,
      schedule: deps.schedule,
    });
    // Patient events keep the cached copies fresh; the subscription is per socket, so it is redone on every session.
    connection.addSessionStep('patients', async (call) => {
      if (mayCall(PATIENT_READ_ROLES, this.roles())) await call('patients.watch', {});
    });
    deps.patients.prune(new Date(deps.now().getTime() - PATIENT_KEEP_DAYS * 86_400_000).toISOString());
  }

  /** Connected and signed in: reference data and the MRN block are topped up. */
  async whenOnline(): Promise<void> {
    if (!this.online()) return;
    await Promise.all([this.refreshReference().catch(() => undefined), this.topUpMrns().catch(() => undefined), this.refreshStalePatients()]);
  }

  /** The link dropped: boards are no longer live. */
  offline(): void {
    this.boards.offline();
  }

  onServerEvent(event: ClientEvent): void {
    switch (event.event) {
      case 'queue.changed':
        this.boards.onChange(event.data);
        return;
      case 'patients.changed':
        void this.onPatientsChanged(event.data);
        return;
      case 'reference.changed':
        void this.refreshReference().catch(() => undefined);
        return;
      case 'system.announcement':
        // The workstation keeps announcements for every desk.
        return;
    }
  }

  onResync(): void {
    void this.boards.reloadAll();
  }

  /** A write reached the server (at once or from the outbox): keep what it answered. */
  onApplied(method: MethodName, idempotencyKey: string, result: unknown): void {
    if (method === 'patients.register') {
      const parsed = methods[method].result.safeParse(result);
      if (!parsed.success) return;
      this.keepWritten(parsed.data.patient);
      this.checkPrintedMrn(parsed.data.patient, parsed.data.unusedMrn);
    } else if (method === 'patients.update') {
      const parsed = methods[method].result.safeParse(result);
      if (parsed.success) this.keepWritten(parsed.data.patient);
    } else if (method === 'visits.checkIn') {
      const parsed = methods['visits.checkIn'].result.safeParse(result);
      if (!parsed.success) return;
      const { visit } = parsed.data;
      // A check-in corrected in the conflicts inbox and sent again is new to this desk's list.
      if (this.checkIns.applied(idempotencyKey, visit) === undefined) {
        this.checkIns.record({
          key: idempotencyKey, state: 'applied', serviceDate: visit.serviceDate, patient: visit.patient, department: visit.department,
          doctorId: visit.doctorId, visitType: visit.visitType, priority: visit.priority, complaint: visit.complaint, arrivedAt: visit.arrivedAt, visit,
        }, this.username());
      }
      this.deps.publishChange({ what: 'checkIns' });
    }
  }

  /** The server refused a queued write: the desk's record of it says so (the conflicts inbox has the rest). */
  onRejected(conflict: ConflictView): void {
    if (conflict.method === 'visits.checkIn' && this.checkIns.rejected(conflict.idempotencyKey) !== undefined) {
      this.deps.publishChange({ what: 'checkIns' });
    }
  }

  /** A person discarded a refused write: a registration made offline never reached the server, so its copy goes. */
  onDiscarded(conflict: ConflictView): void {
    if (conflict.method !== 'patients.register') return;
    const { id } = conflict.params;
    if (typeof id === 'string' && this.deps.patients.dropProvisional(id)) this.deps.publishChange({ what: 'patients', ids: [id] });
  }

  /** Exactly the requests declared for reception (shared/reception/host-requests.ts): one missing is a compile error. */
  handlers(): OwnedHandlers<'reception'> {
    return {
      'reception.overview': async ({ refresh }) => this.overview(refresh),
      'reception.search': async ({ query, limit }) => {
        this.deps.requireSession();
        return this.search(query, limit);
      },
      'reception.patient': async (request) => {
        this.deps.requireSession();
        return this.patient(request);
      },
      'reception.register': async (request) => {
        this.deps.requireSession();
        return this.register(request);
      },
      'reception.checkIn': async (request) => {
        this.deps.requireSession();
        return this.checkIn(request);
      },
      'reception.checkIns': async () => {
        this.deps.requireSession();
        return this.checkIns.onDay(this.today(this.deps.now()));
      },
      'reception.watchQueue': async ({ department }) => {
        this.deps.requireSession();
        return this.boards.watch(department);
      },
      'reception.unwatchQueue': async ({ department }) => {
        await this.boards.unwatch(department);
        return { ok: true };
      },
      'reception.mrnCorrections': async () => {
        this.deps.requireSession();
        return this.mrnCorrections();
      },
      'reception.acknowledgeMrnCorrection': async ({ patientId, printedMrn }) => {
        this.deps.requireSession();
        if (!this.corrections.acknowledge(patientId, printedMrn, this.username())) throw HmsError.notFound('An open wristband correction', { patientId, printedMrn });
        this.deps.publishChange({ what: 'mrnCorrections' });
        return { ok: true };
      },
    };
  }

  // --- reference data and MRNs ----------------------------------------------------------

  async overview(refresh: boolean): Promise<ReceptionOverview> {
    const stored = this.reference.reference(this.serverUrl());
    const age = stored === undefined ? Number.POSITIVE_INFINITY : this.deps.now().getTime() - Date.parse(stored.fetchedAt);
    let source: ReceptionOverview['source'] = 'cache';
    if (this.online() && (refresh || age > REFERENCE_MAX_AGE_MS)) {
      try {
        await this.refreshReference();
        source = 'server';
      } catch {
        // Offline meanwhile: the kept copy answers.
      }
    } else if (this.online()) {
      source = 'server';
    }
    const data = this.reference.reference(this.serverUrl());
    return {
      hospital: data?.hospital ?? null,
      departments: data?.departments ?? [],
      doctors: data?.doctors ?? [],
      source,
      fetchedAt: data?.fetchedAt ?? null,
      mrnBlock: this.mayRegister() ? this.mrnPool.status(this.owner(), this.deps.now()) : null,
    };
  }

  /** Reads the hospital's settings, departments and doctors again (one at a time when asked at once). */
  refreshReference(): Promise<void> {
    this.refreshing ??= (async () => {
      const { connection } = this.deps;
      const [settings, departments, doctors] = await Promise.all([
        connection.call('settings.get', {}),
        connection.call('departments.list', {}),
        connection.call('doctors.list', {}),
      ]);
      this.reference.saveReference({
        serverUrl: this.serverUrl(),
        fetchedAt: this.deps.now().toISOString(),
        hospital: settings.settings,
        departments: departments.items,
        doctors: doctors.items,
      });
      this.deps.publishChange({ what: 'overview' });
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Keeps enough MRNs in hand to register offline: reserves a new block when few are left. */
  topUpMrns(): Promise<void> {
    this.toppingUp ??= (async () => {
      if (!this.mayRegister()) return;
      const owner = this.owner();
      if (this.mrnPool.status(owner, this.deps.now()).remaining >= (this.deps.mrnLowWater ?? 10)) return;
      const { block } = await this.deps.connection.call('mrn.reserveBlock', { size: this.deps.mrnBlockSize ?? 50 });
      // The block belongs to the workstation id the session was opened with.
      if (block.workstationId !== owner.workstationId) return;
      this.mrnPool.add(block, owner);
      this.deps.publishChange({ what: 'overview' });
    })().finally(() => {
      this.toppingUp = undefined;
    });
    return this.toppingUp;
  }

  // --- patients ---------------------------------------------------------------------------

  async search(query: string, limit: number): Promise<PatientSearchOutcome> {
    if (this.online()) {
      try {
        const result = await this.deps.connection.call('patients.search', { query, limit });
        const seenAt = this.deps.now().toISOString();
        this.deps.patients.upsert(result.items.map((item) => indexEntry(patientFromBrief(item, seenAt), 'brief')));
        // Registrations made here offline that the outbox has not delivered yet are found too.
        const unsent = query.trim() === '' ? [] : this.deps.patients.search(query, limit).filter((cached) => cached.detail === 'provisional');
        const items = [
          ...unsent.map((cached) => listItemOf(cached.data as Patient, true)),
          ...result.items.filter((item) => !unsent.some((cached) => cached.id === item.id)).map((item) => listItemOf(item, false)),
        ];
        return { source: 'server', items, interpretedAs: result.interpretedAs };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    const items = this.deps.patients.search(query, limit).map((cached) => listItemOf(cached.data as PatientBrief, cached.detail === 'provisional'));
    return { source: 'cache', items, offlineReason: this.deps.connection.status.lastError ?? 'The server cannot be reached.' };
  }

  async patient(asked: HostRequestParsed<'reception.patient'>): Promise<PatientRecordView> {
    // A wristband printed here with a number the patient did not get still finds the patient.
    const printedFor = 'mrn' in asked ? this.corrections.patientPrintedAs(asked.mrn) : undefined;
    const request = printedFor === undefined ? asked : { id: printedFor };
    const cached = 'id' in request ? this.deps.patients.get(request.id) : this.deps.patients.byMrn(request.mrn);
    if (this.online() && cached?.detail !== 'provisional') {
      try {
        const result = await this.deps.connection.call('patients.get', request);
        this.keepPatient(result.patient, 'full');
        return { patient: result.patient, source: 'server', detail: 'full', reachedThroughAlias: result.reachedThroughAlias };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    if (cached === undefined) {
      throw HmsError.notFound(this.online() ? 'The patient' : 'This patient is not in this workstation\'s copy, and the server cannot be reached. The patient');
    }
    // A merged record opens its survivor, as the server's patients.get does.
    const record = this.deps.patients.survivorOf(cached);
    const patient = record.detail === 'brief' ? patientFromBrief(record.data as PatientBrief, record.updatedAt) : (record.data as Patient);
    return { patient, source: 'cache', detail: record.detail, reachedThroughAlias: record.id !== cached.id };
  }

  async register(request: HostRequestParsed<'reception.register'>): Promise<RegisterOutcome> {
    this.requireAccess('patients.register', 'register patients');
    const now = this.deps.now();
    const { confirmedNotDuplicate, ...demographics } = request;
    // The same rules as the server's, with the same messages, online or not.
    const valid = validatePatientInput(demographics, { today: this.today(now) });
    const params = { ...demographics, sex: valid.sex, id: randomUUID() };
    if (await this.readyToSend()) {
      const online = { ...params, ...(confirmedNotDuplicate === true ? { confirmedNotDuplicate: true } : {}) };
      this.deps.checkWrite('patients.register', online);
      try {
        const result = await this.deps.connection.call('patients.register', online, { idempotencyKey: this.deps.newIdempotencyKey() });
        this.keepWritten(result.patient);
        void this.topUpMrns().catch(() => undefined);
        return { status: 'applied', patient: result.patient, ...(result.duplicateReviewId === undefined ? {} : { duplicateReviewId: result.duplicateReviewId }) };
      } catch (error) {
        // Lost on the way: registered offline with the same id and a block MRN (printed at once).
        // Had it arrived, the replay answers the patient as registered, never a second record,
        // and names the block MRN unused: the desk is then told to replace the wristband.
        if (!isUnavailable(error)) throw error;
      }
    }
    const registeredAt = now.toISOString();
    const owner = this.owner();
    const queued = this.deps.cache.transaction(() => {
      const mrn = this.mrnPool.take(owner, params.id, now);
      if (mrn === undefined) {
        throw new HostFailure(
          'NO_OFFLINE_MRN',
          'This workstation has no MRNs left for registering offline. Register the patient when the server is back (the workstation reserves new MRNs then).',
        );
      }
      const patient = provisionalPatient(valid, params.id, mrn, registeredAt);
      const queued = { ...params, mrn, registeredOffline: true, registeredAt } satisfies ParamsIn<'patients.register'>;
      // Refused here rolls the MRN back with the rest of the transaction.
      this.deps.checkWrite('patients.register', queued);
      const entry = this.deps.outbox.enqueue({
        method: 'patients.register',
        params: queued,
        label: `Register ${patientName(patient)} (${mrn})`,
        idempotencyKey: this.deps.newIdempotencyKey(),
        queuedBy: this.username(),
      });
      this.deps.patients.upsert([indexEntry(patient, 'provisional')]);
      return { patient, entry };
    });
    this.deps.publishChange({ what: 'patients', ids: [params.id] });
    this.deps.publishChange({ what: 'overview' });
    return { status: 'queued', ...queued };
  }

  /**
   * Wristbands printed here with an MRN the patient does not have, not yet replaced; each with
   * the freshest full record this copy holds to print again from.
   */
  mrnCorrections(): MrnCorrection[] {
    return this.corrections.open().map((correction) => {
      const cached = this.deps.patients.get(correction.patientId);
      const patient = cached?.detail === 'full' && cached.version >= correction.patient.version ? (cached.data as Patient) : correction.patient;
      return { ...correction, patient, mrn: patient.mrn, patientName: patientName(patient) };
    });
  }

  // --- check-in ---------------------------------------------------------------------------

  async checkIn(request: HostRequestParsed<'reception.checkIn'>): Promise<CheckInOutcome> {
    this.requireAccess('visits.checkIn', 'check patients in');
    const now = this.deps.now();
    const { patient, ...rest } = request;
    const params: Params<'visits.checkIn'> = { ...rest, patientId: patient.id };
    this.deps.checkWrite('visits.checkIn', params);
    const idempotencyKey = this.deps.newIdempotencyKey();
    const checkIn: DeskCheckIn = {
      key: idempotencyKey,
      state: 'queued',
      serviceDate: this.today(now),
      patient,
      department: request.department,
      doctorId: request.doctorId ?? null,
      visitType: request.visitType,
      priority: request.priority ?? null,
      complaint: request.complaint ?? null,
      arrivedAt: now.toISOString(),
      visit: null,
    };
    if (await this.readyToSend()) {
      try {
        const { visit } = await this.deps.connection.call('visits.checkIn', params, { idempotencyKey });
        const applied: DeskCheckIn = { ...checkIn, state: 'applied', serviceDate: visit.serviceDate, visit };
        this.checkIns.record(applied, this.username());
        this.deps.publishChange({ what: 'checkIns' });
        return { status: 'applied', checkIn: applied, visit };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        // It may have reached the server: queued with the same key, the replay is answered once.
      }
    }
    const entry = this.queue('visits.checkIn', { ...params, arrivedAt: checkIn.arrivedAt }, `Check in ${patient.name} (${patient.mrn}) to ${request.department}`, idempotencyKey, () =>
      this.checkIns.record(checkIn, this.username()));
    this.deps.publishChange({ what: 'checkIns' });
    return { status: 'queued', checkIn, entry };
  }

  // --- internals --------------------------------------------------------------------------

  /** A write for the outbox, checked against the contract first (the server would refuse it later). */
  private queue<M extends MethodName>(method: M, params: ParamsIn<M>, label: string, idempotencyKey: string, alongside: () => void): OutboxEntryView {
    this.deps.checkWrite(method, params);
    return this.deps.cache.transaction(() => {
      const entry = this.deps.outbox.enqueue({ method, params, label, idempotencyKey, queuedBy: this.username() });
      alongside();
      return entry;
    });
  }

  /** Online with nothing queued before it: a write can go now (and in order). */
  private async readyToSend(): Promise<boolean> {
    if (!this.online()) return false;
    if (this.deps.outbox.status().pending > 0) await this.deps.drainOutbox();
    return this.online() && this.deps.outbox.status().pending === 0;
  }

  private async onPatientsChanged(data: EventData<'patients.changed'>): Promise<void> {
    for (const changed of data.patients) this.deps.patients.setMergedInto(changed.id, changed.mergedInto);
    for (const id of this.deps.patients.staleAmong(data.patients)) this.stalePatients.add(id);
    await this.refreshStalePatients();
    this.deps.publishChange({ what: 'patients', ids: data.patients.map((changed) => changed.id) });
  }

  /**
   * Reads the current summaries of cached patients the server said changed: one
   * `patients.summaries` call per batch (not an audited read: no one here opened the records).
   * Changes announced meanwhile join the next batch.
   */
  private refreshStalePatients(): Promise<void> {
    this.refreshingPatients ??= (async () => {
      while (this.stalePatients.size > 0 && this.online()) {
        const ids = [...this.stalePatients].slice(0, SUMMARIES_BATCH);
        for (const id of ids) this.stalePatients.delete(id);
        try {
          const { items } = await this.deps.connection.call('patients.summaries', { ids });
          this.keepSummaries(items);
        } catch {
          // Offline again, or refused: the next change or search refreshes them.
        }
      }
    })().finally(() => {
      this.refreshingPatients = undefined;
    });
    return this.refreshingPatients;
  }

  /** Current summaries; a merged id answered by its survivor stays, findable, as an alias of it. */
  private keepSummaries(items: Result<'patients.summaries'>['items']): void {
    const seenAt = this.deps.now().toISOString();
    this.deps.patients.upsert(items.map((item) => indexEntry(patientFromBrief(item.patient, seenAt), 'brief')));
    for (const item of items) if (item.requestedId !== item.patient.id) this.deps.patients.setMergedInto(item.requestedId, item.patient.id);
  }

  /**
   * A registration made here offline printed its block MRN on the wristband at once. When the
   * patient has another (the server had the registration already, naming the block number
   * unused, or refused the number and gave its own), the desk is told until the wristband is replaced.
   */
  private checkPrintedMrn(patient: Patient, unusedMrn: string | undefined): void {
    const printed = unusedMrn ?? this.mrnPool.takenFor(patient.id);
    if (printed === undefined || mrnKey(printed) === mrnKey(patient.mrn)) return;
    if (this.corrections.record(printed, patient, unusedMrn === undefined ? 'refusedMrn' : 'lostReply')) this.deps.publishChange({ what: 'mrnCorrections' });
  }

  /** The server's answer to a write of a patient: kept, and open screens told. */
  private keepWritten(patient: Patient): void {
    this.keepPatient(patient, 'full');
    this.deps.publishChange({ what: 'patients', ids: [patient.id] });
  }

  private keepPatient(patient: Patient, detail: PatientDetail): void {
    this.deps.patients.upsert([indexEntry(patient, detail)]);
  }

  private online(): boolean {
    return this.deps.connection.status.state === 'connected' && this.deps.connection.currentSession !== undefined;
  }

  private roles(): readonly Role[] {
    return this.deps.connection.currentSession?.user.roles ?? [];
  }

  /** Refused here, even offline, what the server would refuse on replay (the contract's access list). */
  private requireAccess(method: 'patients.register' | 'visits.checkIn', what: string): void {
    if (!mayCall(methods[method].access, this.roles())) throw new HmsError('FORBIDDEN', `Your account may not ${what}.`);
  }

  private mayRegister(): boolean {
    return mayCall(methods['patients.register'].access, this.roles());
  }

  private username(): string | null {
    return this.deps.connection.currentSession?.user.username ?? null;
  }

  private serverUrl(): string {
    return this.deps.settings().serverUrl;
  }

  private owner(): MrnOwner {
    const settings = this.deps.settings();
    return { serverUrl: settings.serverUrl, workstationId: settings.workstationId };
  }

  /** The hospital's calendar day (its time zone, once known; this computer's until then). */
  private today(now: Date): string {
    const zone = this.reference.hospital(this.serverUrl())?.timeZone;
    if (zone !== undefined) return localDateOf(now, zone);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }
}

