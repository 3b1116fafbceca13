import { CHART_READER_ROLES, CLINICAL_WRITER_ROLES, HmsError, mayCall } from '@hms/core';
import type { ClientEvent, Drug, MethodName, ParamsIn, Result } from '@hms/core';
import type { OwnedHandlers } from '../../shared/protocol/channels.js';
import type { DiagnosisSearchView, DoctorOverview, DrugSearchView, DrugsView, MyPatientsView } from '../../shared/doctor/views.js';
import type { DeskContext, DeskHost } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import { requireChartReader, requireDoctor, serverFirst } from './access.js';
import { ChartKeeper } from './chart-keeper.js';
import { CodeMemory } from './code-memory.js';
import { ConsultationStore } from './consultation-store.js';
import type { StoredConsultation } from './consultation-store.js';
import { ConsultationWriter } from './consultation-writer.js';
import { Consultations } from './consultations.js';
import { DrugKnowledge } from './drug-knowledge.js';
import { LabAlerts } from './lab-alerts.js';
import { MyPatients } from './my-patients.js';
import { doctorWrites } from './offline-writes.js';
import { Prescribing } from './prescribing.js';

/** Announcements of a formulary or rules change come in bursts (an import): one read after them. */
const KNOWLEDGE_REREAD_MS = 500;

/**
 * The doctor desk's work in the host: My patients (live, kept for offline), the charts of the
 * patients open or queued (kept, followed live), the consultation's writes through the one write
 * path, and the drug-safety check that runs here when the server cannot be reached.
 */
export class DoctorDesk implements DeskHost<'doctor'> {
  readonly handlers: OwnedHandlers<'doctor'>;
  readonly writes: OfflineWrites<'doctor'>;
  readonly store: ConsultationStore;
  readonly charts: ChartKeeper;
  readonly knowledge: DrugKnowledge;
  readonly codes: CodeMemory;
  readonly myPatients: MyPatients;
  readonly consultations: Consultations;
  readonly prescribing: Prescribing;
  readonly labAlerts: LabAlerts;
  private readonly ctx: DeskContext<'doctor'>;
  private cancelKnowledgeReread: (() => void) | undefined;

  constructor(ctx: DeskContext<'doctor'>) {
    this.ctx = ctx;
    const serverUrl = () => ctx.settings().serverUrl;
    const now = () => ctx.now();
    this.store = new ConsultationStore(ctx.values, serverUrl, now);
    this.charts = new ChartKeeper(ctx);
    this.labAlerts = new LabAlerts(ctx);
    this.codes = new CodeMemory(ctx.values, serverUrl, now);
    this.knowledge = new DrugKnowledge({
      values: ctx.values,
      call: (method, params) => ctx.connection.call(method, params),
      serverUrl,
      now,
      changed: () => ctx.publish('doctor.changed', { what: 'knowledge' }),
    });
    const states = new Map<string, StoredConsultation['state']>();
    const changed = (consultation: StoredConsultation) => {
      ctx.publish('doctor.changed', { what: 'consultation', visitId: consultation.visitId, encounterId: consultation.encounterId });
      // My patients moves only when a consultation starts or ends, not with every note save.
      if (states.get(consultation.visitId) === consultation.state) return;
      states.set(consultation.visitId, consultation.state);
      this.myPatients.publish();
    };
    const writer = new ConsultationWriter(ctx, this.store);
    this.consultations = new Consultations({
      ctx, store: this.store, writer, codes: this.codes, changed,
      patientOf: (patientId, visitId) => this.patientOf(patientId, visitId),
      inConsultation: () => this.myPatients.view().inConsultation,
      departmentOf: (visitId) => this.myPatients.view().waiting.find((entry) => entry.visitId === visitId)?.department,
    });
    this.prescribing = new Prescribing({ ctx, store: this.store, writer, consultations: this.consultations, knowledge: this.knowledge, charts: this.charts });
    this.myPatients = new MyPatients({
      ctx,
      local: () => this.localConsultations(),
      changed: (view) => this.followQueued(view),
    });
    this.writes = doctorWrites({ store: this.store, writer, consultations: this.consultations, changed });
    this.handlers = this.createHandlers();
    // The doctor's departments come with the reference data, read again on each reconnect beside this desk's catch-up.
    ctx.reference.onChange(() => {
      if (this.myPatients.doctorId() !== null) void this.myPatients.sync().catch(() => undefined);
    });
  }

  /** Signed in and online (after the outbox drained): the lists, charts and drug knowledge catch up. */
  async whenOnline(): Promise<void> {
    if (!mayCall(CHART_READER_ROLES, this.ctx.roles())) return;
    const doctorId = this.myPatients.doctorId();
    await Promise.all([
      this.myPatients.sync().catch(() => undefined),
      this.knowledge.refresh().catch(() => undefined),
      this.charts.refreshAll(),
      doctorId === null ? undefined : this.consultations.flushAllNotes(doctorId),
      this.labAlerts.whenOnline().catch(() => undefined),
    ]);
  }

  offline(): void {
    this.myPatients.offline();
    this.charts.offline();
    this.labAlerts.offline();
  }

  onResync(): void {
    void this.myPatients.reload();
    void this.charts.refreshAll();
    this.labAlerts.onResync();
  }

  onSignOut(): void {
    void this.myPatients.reset().catch(() => undefined);
    this.charts.reset();
    this.labAlerts.reset();
  }

  onServerEvent(event: ClientEvent): void {
    switch (event.event) {
      case 'queue.changed':
        this.myPatients.onQueueChanged(event.data);
        return;
      case 'vitals.recorded':
      case 'allergies.changed':
      case 'diagnoses.added':
      case 'problems.changed':
      case 'prescriptions.changed':
      case 'orders.changed':
      case 'lab.resultReleased':
        this.charts.onChartEvent(event.data.patientId);
        return;
      case 'lab.critical':
        this.labAlerts.onCritical();
        return;
      case 'lab.criticalAcknowledged':
        this.labAlerts.onAcknowledged(event.data.alertId);
        return;
      case 'lab.changed':
        // The lab topic's (the lab desk's): the doctor hears of released results through lab.resultReleased.
        return;
      case 'encounters.changed':
        this.charts.onChartEvent(event.data.patientId);
        if (this.store.byEncounter(event.data.encounterId) !== undefined) void this.consultations.refreshEncounter(event.data.encounterId);
        return;
      case 'reference.changed':
        if (event.data.kind === 'formulary' || event.data.kind === 'drug_rules') this.rereadKnowledge();
        // The workstation reads the doctors again, and the list follows (reference.onChange, above).
        return;
      case 'patients.changed':
      case 'system.announcement':
        // The workstation's (its patient copy, its announcements).
        return;
      case 'dispensing.changed':
      case 'stock.changed':
        // The pharmacy's: the chart shows no dispensing or stock.
        return;
    }
  }

  private rereadKnowledge(): void {
    if (this.cancelKnowledgeReread !== undefined) return;
    this.cancelKnowledgeReread = this.ctx.schedule(() => {
      this.cancelKnowledgeReread = undefined;
      void this.knowledge.refresh().catch(() => undefined);
    }, KNOWLEDGE_REREAD_MS);
  }

  private createHandlers(): OwnedHandlers<'doctor'> {
    const { ctx } = this;
    const reader = () => {
      ctx.requireSession();
      requireChartReader(ctx.roles());
    };
    const doctor = () => {
      reader();
      requireDoctor(ctx.roles());
    };
    return {
      'doctor.overview': async ({ refresh }) => {
        reader();
        if (refresh && ctx.online()) await this.knowledge.refresh(true).catch(() => undefined);
        return this.overview();
      },
      'doctor.myPatients': async () => {
        reader();
        return this.myPatients.view();
      },
      'doctor.callNext': async ({ department, room }) => {
        doctor();
        const chosen = department ?? this.myPatients.departments()[0];
        if (chosen === undefined) throw HmsError.validation({ department: 'this doctor has no department: choose one' });
        return this.online('queue.callNext', { department: chosen, ...(room === undefined ? {} : { room }) });
      },
      'doctor.recall': async ({ visitId }) => {
        doctor();
        return this.online('queue.recall', { visitId });
      },
      'doctor.transfer': async (request) => {
        doctor();
        return this.online('queue.transfer', request);
      },
      'doctor.chart': async ({ patientId, refresh }) => {
        reader();
        return this.charts.open(patientId, refresh);
      },
      'doctor.closeChart': async ({ patientId }) => {
        reader();
        this.charts.close(patientId);
        return { ok: true };
      },
      'doctor.consultation': async ({ visitId }) => {
        reader();
        return this.consultations.view(visitId);
      },
      'doctor.startConsultation': async ({ visitId, patientId }) => {
        doctor();
        const view = await this.consultations.start(visitId, patientId);
        // Its chart is needed offline from now on (the local drug check reads it).
        void this.charts.open(patientId, false, 'queued').catch(() => undefined);
        this.myPatients.publish();
        return view;
      },
      'doctor.saveNote': async ({ encounterId, sections, typedAt }) => {
        doctor();
        return this.consultations.saveNote(encounterId, sections, typedAt ?? ctx.now().toISOString());
      },
      'doctor.addDiagnosis': async (request) => {
        doctor();
        return this.consultations.addDiagnosis(request);
      },
      'doctor.order': async (request) => {
        doctor();
        return this.consultations.order(request);
      },
      'doctor.checkPrescription': async ({ patientId, items }) => {
        doctor();
        return this.prescribing.check(patientId, items);
      },
      'doctor.prescribe': async (request) => {
        doctor();
        return this.prescribing.prescribe(request);
      },
      'doctor.sign': async ({ encounterId }) => {
        doctor();
        return this.consultations.sign(encounterId);
      },
      'doctor.complete': async ({ visitId, note }) => {
        doctor();
        const outcome = await this.consultations.complete(visitId, note);
        this.myPatients.publish();
        return outcome;
      },
      'doctor.searchDrugs': async ({ query, limit }) => {
        reader();
        return serverFirst<DrugSearchView>(ctx.online(), async () => {
          const { items } = await ctx.connection.call('drugs.search', { query, limit });
          return { source: 'server', items, formularyRevision: null, asOf: null };
        }, () => {
          const found = this.knowledge.search(query, limit);
          return { source: 'cache', items: found.items, formularyRevision: found.revision, asOf: found.asOf };
        });
      },
      'doctor.drugs': async ({ ids }) => {
        reader();
        return this.drugs(ids);
      },
      'doctor.criticalAlerts': async () => {
        reader();
        return this.labAlerts.view();
      },
      'doctor.acknowledgeCritical': async (request) => {
        doctor();
        return this.labAlerts.acknowledge(request);
      },
      'doctor.searchDiagnoses': async ({ query, limit }) => {
        reader();
        return serverFirst<DiagnosisSearchView>(ctx.online(), async () => {
          const { items } = await ctx.connection.call('diagnoses.search', { query, limit });
          this.codes.remember(items);
          return { source: 'server', items, note: null };
        }, () => ({
          source: 'cache',
          items: this.codes.search(query, limit),
          note: 'The server cannot be reached: only the codes this workstation has searched or used are searched.',
        }));
      },
    };
  }

  /** The kept formulary first (every product, withdrawn ones too); what it lacks from the server when it can be reached. */
  private async drugs(ids: readonly string[]): Promise<DrugsView> {
    const found = new Map<string, Drug>();
    for (const id of ids) {
      const kept = this.knowledge.drug(id);
      if (kept !== undefined) found.set(id, kept);
    }
    const asked = [...new Set(ids.filter((id) => !found.has(id)))];
    if (this.ctx.online()) {
      await Promise.all(asked.map(async (id) => {
        try {
          found.set(id, (await this.ctx.connection.call('drugs.get', { id })).drug);
        } catch (error) {
          if (!(error instanceof HmsError) || (error.code !== 'NOT_FOUND' && error.code !== 'UNAVAILABLE')) throw error;
        }
      }));
    }
    return { items: ids.flatMap((id) => found.get(id) ?? []), missing: ids.filter((id) => !found.has(id)) };
  }

  private overview(): DoctorOverview {
    const { ctx } = this;
    const doctorId = this.myPatients.doctorId();
    return {
      doctor: doctorId === null ? null : ctx.reference.current()?.doctors.find((doctor) => doctor.id === doctorId) ?? null,
      knowledge: this.knowledge.status(),
      mayReadCharts: mayCall(CHART_READER_ROLES, ctx.roles()),
      mayPrescribe: mayCall(CLINICAL_WRITER_ROLES, ctx.roles()),
    };
  }

  /** A queue call: online only (offline, a waiting patient's consultation is started instead); the list follows the server's events. */
  private async online<M extends 'queue.callNext' | 'queue.recall' | 'queue.transfer'>(method: M, params: ParamsIn<M>): Promise<{ visit: Result<M>['visit'] }> {
    const { ctx } = this;
    ctx.writes.check(method as MethodName, params);
    if (!ctx.online()) {
      throw new HmsError('UNAVAILABLE', 'The server cannot be reached: calling patients needs it. Start a waiting patient\'s consultation instead; it is sent when the server is back.');
    }
    const { visit } = (await ctx.connection.call(method, params)) as Result<M>;
    if (visit !== null) void this.charts.open(visit.patientId, false, 'queued').catch(() => undefined);
    return { visit };
  }

  private localConsultations() {
    const doctorId = this.myPatients.doctorId();
    const mine = doctorId === null ? [] : this.store.listed(doctorId);
    return {
      startedOffline: new Set(mine.filter((consultation) => consultation.state === 'starting').map((consultation) => consultation.visitId)),
      completed: new Set(mine.filter((consultation) => consultation.state === 'completed').map((consultation) => consultation.visitId)),
    };
  }

  /** The patients of My patients: their charts are kept and followed. */
  private followQueued(view: MyPatientsView): void {
    const ids = new Set([...view.waiting, ...view.inConsultation].flatMap((entry) => (entry.patient === null ? [] : [entry.patient.id])));
    this.charts.setQueued(ids);
  }

  private patientOf(patientId: string, visitId: string): { name: string; mrn: string } | undefined {
    const view = this.myPatients.view();
    const entry = [...view.waiting, ...view.inConsultation].find((item) => item.visitId === visitId)?.patient;
    if (entry != null) return { name: entry.name, mrn: entry.mrn };
    const chart = this.charts.kept(patientId)?.chart.patient;
    return chart === undefined ? undefined : { name: chart.name, mrn: chart.mrn };
  }
}
