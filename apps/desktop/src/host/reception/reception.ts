import { HmsError, VISIT_READER_ROLES, mayCall, methods, validatePatientInput } from '@hms/core';
import type { ClientEvent, Params, ParamsIn, Patient, PatientBrief } from '@hms/core';
import type { HostRequestParsed, OwnedHandlers } from '../../shared/protocol/channels.js';
import type {
  CheckInOutcome, DeskCheckIn, MrnCorrection, PatientRecordView, PatientSearchOutcome, ReceptionOverview, RegisterOutcome,
} from '../../shared/protocol/reception.js';
import { listItemOf, patientFromBrief, patientName, provisionalPatient } from '../../shared/reception/patients.js';
import { QueueBoards } from '../../shared/queue/queue-boards.js';
import { HostFailure } from '../../shared/result.js';
import type { DeskContext, DeskHost } from '../desk-module.js';
import { BoardStore } from '../workstation/board-store.js';
import { indexEntry } from '../workstation/patient-copy.js';
import type { PatientCopy } from '../workstation/patient-copy.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import { DeskCheckIns, MemoryCheckIns } from './desk-check-ins.js';
import type { CheckInLog } from './desk-check-ins.js';
import { MrnCorrections } from './mrn-corrections.js';
import { receptionWrites } from './offline-writes.js';

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/**
 * The reception desk's work in the host: patient search and records with the cache as the
 * fallback, registration and check-in that go on while the server is away (an MRN block, the
 * outbox, the arrival time), today's desk check-ins and live queue boards. Where this runtime
 * has no cache or outbox (the browser), the same requests go to the server only.
 */
export class ReceptionDesk implements DeskHost<'reception'> {
  readonly checkIns: CheckInLog;
  readonly boards: QueueBoards;
  /** Wristbands printed here with another MRN: only a workstation that registers offline has them. */
  readonly corrections: MrnCorrections | undefined;
  readonly copy: PatientCopy;
  readonly handlers: OwnedHandlers<'reception'>;
  readonly writes: OfflineWrites<'reception'>;
  private readonly ctx: DeskContext<'reception'>;

  constructor(ctx: DeskContext<'reception'>) {
    this.ctx = ctx;
    this.checkIns = ctx.cache === undefined ? new MemoryCheckIns() : new DeskCheckIns(ctx.cache);
    this.corrections = ctx.cache === undefined ? undefined : new MrnCorrections(ctx.cache);
    this.copy = ctx.patientCopy;
    this.copy.onChange((ids) => ctx.publish('reception.changed', { what: 'patients', ids }));
    const boardStore = new BoardStore(ctx.values, 'reception');
    const { connection } = ctx;
    this.boards = new QueueBoards({
      owner: 'reception',
      topics: ctx.queueTopics,
      call: (method, params) => connection.call(method, params),
      addSessionStep: (key, step, options) => connection.addSessionStep(key, step, options),
      isOnline: () => ctx.online(),
      showsNames: () => mayCall(VISIT_READER_ROLES, ctx.roles()),
      publish: (view) => ctx.publish('reception.queue', view),
      store: {
        load: (department) => boardStore.board(this.serverUrl(), department),
        save: (board, asOf) => boardStore.saveBoard(this.serverUrl(), board, asOf),
      },
      now: () => ctx.now(),
      schedule: (callback, ms) => ctx.schedule(callback, ms),
    });
    const overviewChanged = () => ctx.publish('reception.changed', { what: 'overview' });
    ctx.reference.onChange(overviewChanged);
    ctx.offlineMrns?.onChange(overviewChanged);
    this.writes = receptionWrites({ ctx, checkIns: this.checkIns, corrections: this.corrections });
    this.handlers = this.createHandlers();
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
      case 'reference.changed':
      case 'system.announcement':
        // The workstation keeps its patient copy, reference data and announcements for every desk (and tells this one, above).
        return;
      case 'vitals.recorded':
      case 'allergies.changed':
      case 'encounters.changed':
      case 'diagnoses.added':
      case 'problems.changed':
      case 'prescriptions.changed':
      case 'orders.changed':
      case 'stock.changed':
      case 'dispensing.changed':
      case 'lab.changed':
      case 'lab.critical':
      case 'lab.criticalAcknowledged':
      case 'lab.resultReleased':
        // A chart's events, the pharmacy's and the lab's: reception reads no clinical data.
        return;
    }
  }

  onResync(): void {
    void this.boards.reloadAll();
  }

  private createHandlers(): OwnedHandlers<'reception'> {
    const { ctx } = this;
    return {
      'reception.overview': async ({ refresh }) => this.overview(refresh),
      'reception.search': async ({ query, limit }) => {
        ctx.requireSession();
        return this.search(query, limit);
      },
      'reception.patient': async (request) => {
        ctx.requireSession();
        return this.patient(request);
      },
      'reception.register': async (request) => {
        ctx.requireSession();
        return this.register(request);
      },
      'reception.checkIn': async (request) => {
        ctx.requireSession();
        return this.checkIn(request);
      },
      'reception.checkIns': async () => {
        ctx.requireSession();
        return this.checkIns.onDay(ctx.reference.today());
      },
      'reception.watchQueue': async ({ department }) => {
        ctx.requireSession();
        return this.boards.watch(department);
      },
      'reception.unwatchQueue': async ({ department }) => {
        await this.boards.unwatch(department);
        return { ok: true };
      },
      'reception.mrnCorrections': async () => {
        ctx.requireSession();
        return this.mrnCorrections();
      },
      'reception.acknowledgeMrnCorrection': async ({ patientId, printedMrn }) => {
        ctx.requireSession();
        if (this.corrections?.acknowledge(patientId, printedMrn, ctx.username()) !== true) {
          throw HmsError.notFound('An open wristband correction', { patientId, printedMrn });
        }
        ctx.publish('reception.changed', { what: 'mrnCorrections' });
        return { ok: true };
      },
    };
  }

  // --- reference data and MRNs ----------------------------------------------------------

  async overview(refresh: boolean): Promise<ReceptionOverview> {
    const { ctx } = this;
    const reference = await ctx.reference.view(refresh);
    const mrns = ctx.offlineMrns;
    return { ...reference, mrnBlock: mrns !== undefined && mrns.mayRegister() ? mrns.status(ctx.now()) : null };
  }

  // --- patients ---------------------------------------------------------------------------

  async search(query: string, limit: number): Promise<PatientSearchOutcome> {
    const { ctx } = this;
    const index = ctx.patients;
    if (ctx.online() || index === undefined) {
      try {
        const result = await ctx.connection.call('patients.search', { query, limit });
        const seenAt = ctx.now().toISOString();
        index?.upsert(result.items.map((item) => indexEntry(patientFromBrief(item, seenAt), 'brief')));
        // Registrations made here offline that the outbox has not delivered yet are found too.
        const unsent = index === undefined || query.trim() === '' ? [] : index.search(query, limit).filter((cached) => cached.detail === 'provisional');
        const items = [
          ...unsent.map((cached) => listItemOf(cached.data as Patient, true)),
          ...result.items.filter((item) => !unsent.some((cached) => cached.id === item.id)).map((item) => listItemOf(item, false)),
        ];
        return { source: 'server', items, interpretedAs: result.interpretedAs };
      } catch (error) {
        // No copy to search here: the server's answer, whatever it is, is the answer.
        if (!isUnavailable(error) || index === undefined) throw error;
      }
    }
    const items = index.search(query, limit).map((cached) => listItemOf(cached.data as PatientBrief, cached.detail === 'provisional'));
    return { source: 'cache', items, offlineReason: ctx.connection.status.lastError ?? 'The server cannot be reached.' };
  }

  async patient(asked: HostRequestParsed<'reception.patient'>): Promise<PatientRecordView> {
    const { ctx } = this;
    const index = ctx.patients;
    // A wristband printed here with a number the patient did not get still finds the patient.
    const printedFor = 'mrn' in asked ? this.corrections?.patientPrintedAs(asked.mrn) : undefined;
    const request = printedFor === undefined ? asked : { id: printedFor };
    const cached = index === undefined ? undefined : 'id' in request ? index.get(request.id) : index.byMrn(request.mrn);
    if ((ctx.online() || index === undefined) && cached?.detail !== 'provisional') {
      try {
        const result = await ctx.connection.call('patients.get', request);
        this.copy.keep(result.patient, 'full');
        return { patient: result.patient, source: 'server', detail: 'full', reachedThroughAlias: result.reachedThroughAlias };
      } catch (error) {
        if (!isUnavailable(error) || index === undefined) throw error;
      }
    }
    if (cached === undefined || index === undefined) {
      throw HmsError.notFound(ctx.online() ? 'The patient' : 'This patient is not in this workstation\'s copy, and the server cannot be reached. The patient');
    }
    // A merged record opens its survivor, as the server's patients.get does.
    const record = index.survivorOf(cached);
    const patient = record.detail === 'brief' ? patientFromBrief(record.data as PatientBrief, record.updatedAt) : (record.data as Patient);
    return { patient, source: 'cache', detail: record.detail, reachedThroughAlias: record.id !== cached.id };
  }

  async register(request: HostRequestParsed<'reception.register'>): Promise<RegisterOutcome> {
    const { ctx } = this;
    this.requireAccess('patients.register', 'register patients');
    const now = ctx.now();
    const { confirmedNotDuplicate, ...demographics } = request;
    // The same rules as the server's, with the same messages, online or not.
    const valid = validatePatientInput(demographics, { today: ctx.reference.today(now) });
    const params = { ...demographics, sex: valid.sex, id: ctx.randomUUID() };
    const online = { ...params, ...(confirmedNotDuplicate === true ? { confirmedNotDuplicate: true } : {}) };
    let provisional: Patient | undefined;
    // Lost on the way, or offline: registered with the same id and a block MRN (printed at once).
    // Had it arrived, the replay answers the patient as registered, never a second record, and
    // names the block MRN unused: the desk is then told to replace the wristband.
    const outcome = await ctx.writes.send('patients.register', online, {
      label: `Register ${patientName(valid)}`,
      whenQueued: () => {
        const mrn = ctx.offlineMrns?.take(params.id, now);
        if (mrn === undefined) {
          throw new HostFailure(
            'NO_OFFLINE_MRN',
            'This workstation has no MRNs left for registering offline. Register the patient when the server is back (the workstation reserves new MRNs then).',
          );
        }
        const registeredAt = now.toISOString();
        const patient = provisionalPatient(valid, params.id, mrn, registeredAt);
        provisional = patient;
        return {
          params: { ...params, mrn, registeredOffline: true, registeredAt } satisfies ParamsIn<'patients.register'>,
          label: `Register ${patientName(patient)} (${mrn})`,
          freshKey: true,
          alongside: () => this.copy.keep(patient, 'provisional'),
        };
      },
    });
    if (outcome.status === 'applied') {
      void ctx.offlineMrns?.topUp(ctx.now()).catch(() => undefined);
      const { patient, duplicateReviewId } = outcome.result;
      return { status: 'applied', patient, ...(duplicateReviewId === undefined ? {} : { duplicateReviewId }) };
    }
    ctx.publish('reception.changed', { what: 'patients', ids: [params.id] });
    ctx.publish('reception.changed', { what: 'overview' });
    return { status: 'queued', patient: provisional!, entry: outcome.entry };
  }

  /**
   * Wristbands printed here with an MRN the patient does not have, not yet replaced; each with
   * the freshest full record this copy holds to print again from.
   */
  mrnCorrections(): MrnCorrection[] {
    return (this.corrections?.open() ?? []).map((correction) => {
      const cached = this.ctx.patients?.get(correction.patientId);
      const patient = cached?.detail === 'full' && cached.version >= correction.patient.version ? (cached.data as Patient) : correction.patient;
      return { ...correction, patient, mrn: patient.mrn, patientName: patientName(patient) };
    });
  }

  // --- check-in ---------------------------------------------------------------------------

  async checkIn(request: HostRequestParsed<'reception.checkIn'>): Promise<CheckInOutcome> {
    const { ctx } = this;
    this.requireAccess('visits.checkIn', 'check patients in');
    const now = ctx.now();
    const { patient, ...rest } = request;
    const params: Params<'visits.checkIn'> = { ...rest, patientId: patient.id };
    const checkIn: DeskCheckIn = {
      key: '',
      state: 'queued',
      serviceDate: ctx.reference.today(now),
      patient,
      department: request.department,
      doctorId: request.doctorId ?? null,
      visitType: request.visitType,
      priority: request.priority ?? null,
      complaint: request.complaint ?? null,
      arrivedAt: now.toISOString(),
      visit: null,
    };
    // It may have reached the server before the link dropped: queued with the same key, the replay is answered once.
    const outcome = await ctx.writes.send('visits.checkIn', params, {
      label: `Check in ${patient.name} (${patient.mrn}) to ${request.department}`,
      whenQueued: () => ({
        params: { ...params, arrivedAt: checkIn.arrivedAt },
        alongside: (entry) => this.checkIns.record({ ...checkIn, key: entry.idempotencyKey }, ctx.username()),
      }),
    });
    if (outcome.status === 'applied') {
      const { visit } = outcome.result;
      // The desk's list has it already (its offline write, on applied).
      return { status: 'applied', checkIn: { ...checkIn, key: outcome.idempotencyKey, state: 'applied', serviceDate: visit.serviceDate, visit }, visit };
    }
    ctx.publish('reception.changed', { what: 'checkIns' });
    return { status: 'queued', checkIn: { ...checkIn, key: outcome.entry.idempotencyKey }, entry: outcome.entry };
  }

  // --- internals --------------------------------------------------------------------------

  /** Refused here, even offline, what the server would refuse on replay (the contract's access list). */
  private requireAccess(method: 'patients.register' | 'visits.checkIn', what: string): void {
    if (!mayCall(methods[method].access, this.ctx.roles())) throw new HmsError('FORBIDDEN', `Your account may not ${what}.`);
  }

  private serverUrl(): string {
    return this.ctx.settings().serverUrl;
  }
}
