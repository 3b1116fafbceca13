import { CHART_READER_ROLES, CHART_READ_AHEAD_MAX, FORMULARY_READ_ROLES, HmsError, OBSERVATION_WRITER_ROLES, QUEUE_BOARD_MAX_LIMIT, VISIT_READER_ROLES, mayCall, methods } from '@hms/core';
import type { Chart, ClientEvent, MethodName, Params, ParamsIn, Result } from '@hms/core';
import { allergyRefusal } from '../../shared/nurse/allergy-rules.js';
import type { NurseWrite } from '../../shared/nurse/host-requests.js';
import { suggestSubstances } from '../../shared/nurse/substances.js';
import type { NurseWriteOutcome, PendingChange, PendingWrite, TriageEntry, TriageListView, TriagePatientView } from '../../shared/nurse/triage.js';
import { triageList } from '../../shared/nurse/triage-list.js';
import type { OwnedHandlers } from '../../shared/protocol/channels.js';
import type { QueueBoardView } from '../../shared/protocol/reception.js';
import { QueueBoards } from '../../shared/queue/queue-boards.js';
import type { DeskContext, DeskHost } from '../desk-module.js';
import { BoardStore } from '../workstation/board-store.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import { ChartStore, latestTakenAt } from './chart-store.js';
import type { StoredChart } from './chart-store.js';
import { FormularyGenerics } from './formulary-store.js';
import { nurseOfflineWrites } from './offline-writes.js';
import { PendingStore } from './pending-store.js';
import { VisitStore } from './visit-store.js';

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/** Charts read ahead for the waiting patients (one call), at most this many per list. */
const PREFETCH_LIMIT = CHART_READ_AHEAD_MAX;
/** Chart events of one write arrive together: the form reads once after them. */
const CHART_SETTLE_MS = 200;

/**
 * The nurse desk's work in the host: the triage list (the waiting patients of the nurse's
 * departments, live from the queues' events, kept for offline), each patient's allergies and
 * latest vitals for the form (read ahead while online, kept), and the desk's writes (vitals,
 * allergies, "no known allergies", triage priority) through the one write path: sent now, or
 * queued in order while the LAN is down and shown as queued until they are applied. A doctor
 * uses the same desk (the workstation's observations and triage are this desk's writes).
 */
export class NurseDesk implements DeskHost<'nurse'> {
  readonly handlers: OwnedHandlers<'nurse'>;
  readonly writes: OfflineWrites<'nurse'>;
  readonly boards: QueueBoards;
  readonly charts: ChartStore;
  readonly pending: PendingStore;
  readonly visits: VisitStore;
  readonly formulary: FormularyGenerics;
  private readonly ctx: DeskContext<'nurse'>;
  /** The departments the list follows, as asked last. */
  private departments: string[] = [];
  private list: TriageListView = { departments: [], entries: [], live: false };
  private prefetching = false;
  /** Patients whose form is open: their chart is followed (the workstation's chart topics), with a pending re-read. */
  private readonly followed = new Map<string, { cancel: (() => void) | undefined }>();
  private readonly prefetched = new Set<string>();

  constructor(ctx: DeskContext<'nurse'>) {
    this.ctx = ctx;
    const serverUrl = () => ctx.settings().serverUrl;
    this.charts = new ChartStore(ctx.values, serverUrl);
    this.pending = new PendingStore(ctx.values);
    this.visits = new VisitStore(ctx.values);
    this.formulary = new FormularyGenerics(ctx.values, ctx.connection, serverUrl);
    const boardStore = new BoardStore(ctx.values, 'nurse');
    const { connection } = ctx;
    this.boards = new QueueBoards({
      owner: 'nurse',
      topics: ctx.queueTopics,
      // The whole queue: a triage nurse sees everyone waiting, not a hall display's window.
      limit: QUEUE_BOARD_MAX_LIMIT,
      call: (method, params) => connection.call(method, params),
      addSessionStep: (key, step, options) => connection.addSessionStep(key, step, options),
      isOnline: () => ctx.online(),
      showsNames: () => mayCall(VISIT_READER_ROLES, ctx.roles()),
      publish: () => this.listChanged(),
      store: {
        load: (department) => boardStore.board(serverUrl(), department),
        save: (board, asOf) => boardStore.saveBoard(serverUrl(), board, asOf),
      },
      now: () => ctx.now(),
      schedule: (callback, ms) => ctx.schedule(callback, ms),
    });
    this.writes = nurseOfflineWrites({ ctx, charts: this.charts, pending: this.pending, visits: this.visits, listChanged: () => this.listChanged() });
    this.handlers = this.createHandlers();
  }

  offline(): void {
    this.boards.offline();
  }

  async whenOnline(): Promise<void> {
    if (mayCall(FORMULARY_READ_ROLES, this.ctx.roles())) await this.formulary.refresh().catch(() => undefined);
    this.prefetch();
  }

  onResync(): void {
    void this.boards.reloadAll();
  }

  onSignOut(): void {
    // The next user follows their own departments; what this desk queued stays in the outbox and here.
    for (const department of this.boards.departments()) void this.boards.unwatch(department);
    this.departments = [];
    this.prefetched.clear();
    for (const patientId of [...this.followed.keys()]) this.unfollowChart(patientId);
    this.list = { departments: [], entries: [], live: false };
  }

  onServerEvent(event: ClientEvent): void {
    switch (event.event) {
      case 'queue.changed':
        this.boards.onChange(event.data);
        return;
      case 'reference.changed':
        if (event.data.kind === 'formulary' && this.ctx.online() && mayCall(FORMULARY_READ_ROLES, this.ctx.roles())) void this.formulary.refresh().catch(() => undefined);
        return;
      case 'patients.changed':
      case 'system.announcement':
        // The workstation's own (patient copy, announcements).
        return;
      case 'stock.changed':
      case 'dispensing.changed':
        // The pharmacy's.
        return;
      case 'vitals.recorded':
      case 'allergies.changed':
        // Recorded at another desk while the form is open: it reads the chart again.
        this.chartChanged(event.data.patientId);
        return;
      case 'encounters.changed':
      case 'diagnoses.added':
      case 'problems.changed':
      case 'prescriptions.changed':
      case 'orders.changed':
      case 'lab.changed':
      case 'lab.critical':
      case 'lab.criticalAcknowledged':
      case 'lab.resultReleased':
        // Not what triage shows.
        return;
    }
  }

  private createHandlers(): OwnedHandlers<'nurse'> {
    const { ctx } = this;
    return {
      'nurse.triageList': async ({ departments }) => {
        ctx.requireSession();
        this.requireDesk();
        return this.follow(departments);
      },
      'nurse.patient': async ({ visitId }) => {
        ctx.requireSession();
        return this.patient(visitId);
      },
      'nurse.leavePatient': async ({ patientId }) => {
        this.unfollowChart(patientId);
        return { ok: true };
      },
      'nurse.recordVitals': async (params) => {
        ctx.requireSession();
        const readings = Object.fromEntries(Object.entries(params).filter(([key, value]) => typeof value === 'number' && key !== 'takenAt'));
        return this.send('vitals.record', params, {
          patientId: params.patientId, visitId: params.visitId ?? null, what: 'Vitals', change: { kind: 'vitals', takenAt: params.takenAt, readings },
          alongside: () => {
            if (params.visitId !== undefined) this.visits.markVitals(params.visitId, params.takenAt);
          },
        });
      },
      'nurse.recordAllergy': async (params) => {
        ctx.requireSession();
        this.refuseAllergy(params.patientId, { method: 'allergies.record', params });
        const what = params.allergyId === undefined ? `Allergy to ${params.substance.text}` : `Allergy to ${params.substance.text} ${params.status === 'active' ? 'revised' : `marked ${params.status}`}`;
        return this.send('allergies.record', params, {
          patientId: params.patientId, visitId: null, what,
          change: {
            kind: 'allergy', allergyId: params.allergyId ?? null, substance: { kind: params.substance.kind, code: params.substance.code ?? null, text: params.substance.text },
            reaction: params.reaction ?? null, severity: params.severity, status: params.status,
          },
        });
      },
      'nurse.recordNoneKnown': async (params) => {
        ctx.requireSession();
        // Online the server knows the allergies as they stand now (one kept here may have been refuted since).
        if (!ctx.online()) this.refuseAllergy(params.patientId, { method: 'allergies.noneKnown' });
        const outcome = await this.send('allergies.noneKnown', params, { patientId: params.patientId, visitId: null, what: 'No known allergies', change: { kind: 'noneKnown' } });
        if (outcome.status === 'applied') {
          this.charts.setAllergies(params.patientId, outcome.result.allergies, ctx.now().toISOString());
          ctx.publish('nurse.changed', { what: 'patient', patientId: params.patientId });
          this.listChanged();
        }
        return outcome;
      },
      'nurse.setPriority': async (params) => {
        ctx.requireSession();
        const entry = this.entry(params.visitId);
        return this.send('queue.triage', params, {
          patientId: entry?.patient?.id ?? null, visitId: params.visitId, what: `Triage priority ${params.priority}`, change: { kind: 'priority', priority: params.priority },
        });
      },
      'nurse.substances': async ({ query, limit }) => {
        ctx.requireSession();
        this.requireAccess('drugs.list');
        return suggestSubstances(query, this.formulary.generics(), limit);
      },
      'nurse.pending': async () => {
        ctx.requireSession();
        this.requireDesk();
        return this.pending.all();
      },
    };
  }

  // --- the triage list --------------------------------------------------------------------

  /** Follows these departments' queues (none: every active department) and answers the list. */
  async follow(asked: readonly string[]): Promise<TriageListView> {
    const departments = asked.length > 0 ? [...new Set(asked)] : (await this.ctx.reference.view(false)).departments.filter((item) => item.active).map((item) => item.code);
    for (const department of this.boards.departments()) if (!departments.includes(department)) await this.boards.unwatch(department);
    this.departments = departments;
    for (const department of departments) await this.boards.watch(department);
    this.listChanged();
    return this.list;
  }

  private views(): QueueBoardView[] {
    return this.departments.map((department) => this.boards.view(department)).filter((view): view is QueueBoardView => view !== undefined);
  }

  /** Works the list out again from the boards and this desk's queued writes, keeps the visits seen, and pushes it. */
  private listChanged(): void {
    this.list = triageList(this.views(), this.pending.all(), ({ visitId, patientId, queuedAt }) => {
      const chart = patientId === null ? undefined : this.charts.get(patientId);
      // Readings the chart has from this visit (taken after the patient joined the queue), else what this desk took.
      const charted = chart === undefined ? null : latestTakenAt(chart.latestVitals);
      const here = this.visits.vitalsAt(visitId);
      const since = charted !== null && Date.parse(charted) >= Date.parse(queuedAt) ? charted : null;
      const vitalsAt = here === null || (since !== null && Date.parse(since) > Date.parse(here)) ? since : here;
      return { vitalsAt, allergies: chart?.allergies ?? null };
    });
    this.visits.seen(this.list.entries, this.ctx.now().toISOString());
    this.ctx.publish('nurse.triage', this.list);
    this.prefetch();
  }

  private entry(visitId: string): TriageEntry | undefined {
    return this.list.entries.find((entry) => entry.visitId === visitId) ?? this.visits.get(visitId)?.entry;
  }

  /**
   * Reads ahead, in one call, the charts of waiting patients this desk holds no copy of (or one
   * older than their place in the queue), so the form has their allergies when the LAN is down.
   * charts.readAhead audits the list once with its patient ids: no one has seen these charts yet.
   * Opening the form is the nurse's read, audited then (charts.get online, the offline read log
   * offline).
   */
  private prefetch(): void {
    if (this.prefetching || !this.ctx.online() || !mayCall(CHART_READER_ROLES, this.ctx.roles())) return;
    const patientIds = [...new Set(this.list.entries.slice(0, PREFETCH_LIMIT).flatMap((entry) => {
      const patientId = entry.patient?.id;
      if (patientId === undefined || this.prefetched.has(patientId)) return [];
      const kept = this.charts.get(patientId);
      return kept === undefined || kept.asOf < entry.queuedAt ? [patientId] : [];
    }))];
    if (patientIds.length === 0) return;
    this.prefetching = true;
    for (const patientId of patientIds) this.prefetched.add(patientId);
    void this.ctx.connection.call('charts.readAhead', { patientIds, purpose: 'triage' }).then(({ charts }) => {
      const asOf = this.ctx.now().toISOString();
      for (const { chart, requestedId } of charts) this.keep(chart, requestedId, asOf);
      return charts.length > 0;
    }, () => false).then((read) => {
      this.prefetching = false;
      // The list shows what was read (allergies, vitals of this visit); working it out again reads any newcomers.
      if (read) this.listChanged();
      else this.prefetch();
    });
  }

  private async readChart(patientId: string): Promise<StoredChart> {
    const { chart } = await this.ctx.connection.call('charts.get', { patientId });
    return this.keep(chart, patientId, this.ctx.now().toISOString());
  }

  /** A merged record answers its survivor: kept under the id asked for too, as the queue names it. */
  private keep(chart: Chart, requestedId: string, asOf: string): StoredChart {
    const kept = this.charts.keepChart(chart, asOf);
    return chart.patient.id === requestedId ? kept : this.charts.keepChart({ ...chart, patient: { ...chart.patient, id: requestedId } }, kept.asOf);
  }

  // --- the triage form ----------------------------------------------------------------------

  async patient(visitId: string): Promise<TriagePatientView> {
    const { ctx } = this;
    // The copy kept here is clinical data: refused, even offline, to whoever may not read charts.
    this.requireAccess('charts.get');
    const entry = this.entry(visitId) ?? null;
    let patient = entry?.patient ?? null;
    if (patient === null && ctx.online()) {
      // Not on this desk's list (another department, or called in meanwhile): the visit names the patient.
      const { visit } = await ctx.connection.call('visits.get', { id: visitId });
      patient = visit.patient;
    }
    if (patient === null) throw HmsError.notFound(ctx.online() ? 'The visit' : 'This visit is not on this workstation\'s triage list, and the server cannot be reached. The visit');
    let chart: StoredChart | undefined;
    let source: TriagePatientView['source'] = 'none';
    if (ctx.online()) {
      try {
        chart = await this.readChart(patient.id);
        source = 'server';
        this.followChart(patient.id);
        this.listChanged();
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    if (chart === undefined) {
      chart = this.charts.get(patient.id);
      if (chart !== undefined) {
        source = 'cache';
        // Shown from the copy because the server could not be asked: on record once it can (workstation/offline-reads.ts).
        ctx.offlineReads.record(patient.id);
      }
    }
    return {
      visitId,
      entry,
      patient: chart?.patient ?? { id: patient.id, mrn: patient.mrn, name: patient.name, sex: null, birthDate: null, birthDateEstimated: false },
      allergies: chart?.allergies ?? null,
      latestVitals: chart?.latestVitals ?? null,
      source,
      asOf: chart?.asOf ?? null,
      pending: this.pending.forPatient(patient.id, visitId),
    };
  }

  /**
   * Follows an open form's chart through the workstation's chart topics (watched now and after
   * each reconnect, unwatched when no desk of this workstation follows it any more).
   */
  private followChart(patientId: string): void {
    if (this.followed.has(patientId)) return;
    this.ctx.chartTopics.hold(patientId, 'nurse');
    this.followed.set(patientId, { cancel: undefined });
  }

  private unfollowChart(patientId: string): void {
    const entry = this.followed.get(patientId);
    if (entry === undefined) return;
    entry.cancel?.();
    this.followed.delete(patientId);
    this.ctx.chartTopics.release(patientId, 'nurse');
  }

  /** A followed chart changed: the open form is told once the burst settles (a write brings one event per record). */
  private chartChanged(patientId: string): void {
    const entry = this.followed.get(patientId);
    if (entry === undefined || entry.cancel !== undefined) return;
    entry.cancel = this.ctx.schedule(() => {
      entry.cancel = undefined;
      this.ctx.publish('nurse.changed', { what: 'patient', patientId });
    }, CHART_SETTLE_MS);
  }

  /** What the server would refuse on replay, refused now, with its code and reason. */
  private refuseAllergy(patientId: string, write: Parameters<typeof allergyRefusal>[2]): void {
    this.requireAccess(write.method);
    const refusal = allergyRefusal(this.charts.get(patientId)?.allergies ?? null, this.pending.forPatient(patientId), write);
    if (refusal !== undefined) {
      throw HmsError.conflict(refusal.message, { reason: refusal.reason, ...(refusal.allergyId === undefined ? {} : { allergyId: refusal.allergyId }) });
    }
  }

  /** The desk is for those who record observations (what it keeps says who had vitals taken, and what is queued). */
  private requireDesk(): void {
    if (!mayCall(OBSERVATION_WRITER_ROLES, this.ctx.roles())) throw new HmsError('FORBIDDEN', 'The triage desk is for nurses and doctors.');
  }

  private requireAccess(method: MethodName): void {
    if (!mayCall(methods[method].access, this.ctx.roles())) throw new HmsError('FORBIDDEN', 'Your account may not make this change.', { method });
  }

  /**
   * One write through the one write path, labelled for the outbox with whose it is; queued, the
   * desk keeps what it changes beside the outbox entry (one transaction) until it is applied.
   */
  private async send<M extends NurseWrite>(
    method: M,
    params: Params<M>,
    meta: { patientId: string | null; visitId: string | null; what: string; change: PendingChange; alongside?: () => void },
  ): Promise<NurseWriteOutcome<Result<M>>> {
    const { ctx } = this;
    const label = `${meta.what} · ${this.whose(meta.patientId, meta.visitId)}`;
    let pending: PendingWrite | undefined;
    const outcome = await ctx.writes.send(method, params as ParamsIn<M>, {
      label,
      whenQueued: () => ({
        params: params as ParamsIn<M>,
        alongside: (entry) => {
          pending = { key: entry.idempotencyKey, patientId: meta.patientId, visitId: meta.visitId, label, queuedAt: entry.queuedAt, state: 'queued', change: meta.change };
          this.pending.add(pending);
          meta.alongside?.();
        },
      }),
    });
    if (outcome.status === 'applied') return { status: 'applied', result: outcome.result };
    ctx.publish('nurse.changed', { what: 'pending' });
    if (meta.patientId !== null) ctx.publish('nurse.changed', { what: 'patient', patientId: meta.patientId });
    this.listChanged();
    return { status: 'queued', entry: outcome.entry, pending: pending! };
  }

  /** "Amina Yusuf (MRN-…), OPD-004": whom an outbox entry is about. */
  private whose(patientId: string | null, visitId: string | null): string {
    const entry = visitId === null ? undefined : this.entry(visitId);
    const patient = entry?.patient ?? (patientId === null ? undefined : this.charts.get(patientId)?.patient);
    const name = patient === undefined || patient === null ? 'a patient' : `${patient.name} (${patient.mrn})`;
    return entry === undefined ? name : `${name}, ${entry.token}`;
  }
}
