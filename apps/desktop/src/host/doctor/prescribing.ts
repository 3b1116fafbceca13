import { HmsError, checkPrescription, drugDisplayName, prescribableProblems, unresolvedBlockingAlerts } from '@hms/core';
import type { ParamsIn, ProposedItem, Result } from '@hms/core';
import type { HostRequestParsed } from '../../shared/protocol/channels.js';
import type { PrescribeOutcome, PrescriptionCheckView } from '../../shared/doctor/views.js';
import type { DeskContext } from '../desk-module.js';
import { serverFirst } from './access.js';
import type { ChartKeeper } from './chart-keeper.js';
import type { ConsultationStore } from './consultation-store.js';
import type { ConsultationWriter } from './consultation-writer.js';
import type { Consultations } from './consultations.js';
import type { DrugKnowledge } from './drug-knowledge.js';
import { patientFactsFromChart } from './patient-facts.js';

export interface PrescribingDeps {
  ctx: DeskContext<'doctor'>;
  store: ConsultationStore;
  writer: ConsultationWriter;
  consultations: Consultations;
  knowledge: DrugKnowledge;
  charts: ChartKeeper;
}

const OFFLINE_REASON = 'The server cannot be reached: checked on this workstation with its copy of the formulary, the rules and the chart.';

/**
 * Prescribing with the drug-safety check: the server's prescriptions.check when it answers, else
 * core's checkPrescription over the formulary, rules and chart kept here (the same pure check
 * the server runs), saying which. A prescription is checked before it is queued, as the server
 * will check it again on replay: a blocking alert without an override queues nothing.
 */
export class Prescribing {
  private readonly deps: PrescribingDeps;

  constructor(deps: PrescribingDeps) {
    this.deps = deps;
  }

  async check(patientId: string, items: readonly ProposedItem[]): Promise<PrescriptionCheckView> {
    const { ctx } = this.deps;
    return serverFirst<PrescriptionCheckView>(ctx.online(), async () => {
      const answer = await ctx.connection.call('prescriptions.check', { patientId, items: [...items] });
      return { source: 'server', alerts: answer.alerts, ruleSetVersion: answer.ruleSetVersion, formularyRevision: answer.formularyRevision, knowledgeAsOf: null, chartAsOf: null, unsentPrescriptions: 0, reason: null };
    }, () => this.checkHere(patientId, items));
  }

  /** The check on this workstation alone: synchronous, so it can run inside the queueing transaction. */
  checkHere(patientId: string, items: readonly ProposedItem[]): PrescriptionCheckView {
    const { ctx, knowledge, charts } = this.deps;
    const kept = knowledge.knowledge();
    // What the server refuses on replay as VALIDATION (unknown or withdrawn drug, a route the product lacks), refused here first.
    const problems = prescribableProblems(kept.knowledge, items);
    if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
    const chart = charts.kept(patientId);
    if (chart === undefined) {
      throw new HmsError('UNAVAILABLE', 'The server cannot be reached, and this workstation has no copy of this patient\'s chart to check the prescription against.', { reason: 'chart_not_kept' });
    }
    const now = ctx.now();
    const unsent = this.unsentDrugIds(patientId);
    const facts = patientFactsFromChart(chart.chart, ctx.reference.today(now), now, unsent.drugIds);
    return {
      source: 'local',
      alerts: checkPrescription(kept.knowledge, facts, items),
      ruleSetVersion: kept.knowledge.ruleSet.version,
      formularyRevision: kept.formularyRevision,
      knowledgeAsOf: kept.asOf,
      chartAsOf: chart.asOf,
      unsentPrescriptions: unsent.prescriptions,
      reason: OFFLINE_REASON,
    };
  }

  async prescribe(request: HostRequestParsed<'doctor.prescribe'>): Promise<PrescribeOutcome> {
    const { consultations, writer, knowledge } = this.deps;
    const consultation = consultations.requireEncounter(request.encounterId);
    consultations.requireOpen(consultation);
    // The desk's id (contract: prescriptions.create {id}): printed as the barcode at once, also offline.
    const prescriptionId = this.deps.ctx.randomUUID();
    const params: ParamsIn<'prescriptions.create'> = { id: prescriptionId, encounterId: consultation.encounterId, items: request.items, overrides: request.overrides };
    const names = request.items.map((item) => {
      const drug = knowledge.drug(item.drugId);
      return drug === undefined ? 'a drug' : drugDisplayName(drug);
    });
    let checked: PrescriptionCheckView | undefined;
    const outcome = await writer.send({
      visitId: consultation.visitId,
      method: 'prescriptions.create',
      params,
      label: `Prescription: ${names.join(', ')} (${consultations.patientLabel(consultation)})`,
      beforeQueue: () => {
        checked = this.checkHere(consultation.patientId, request.items);
        const blocking = unresolvedBlockingAlerts(checked.alerts, request.overrides);
        if (blocking.length > 0) throw HmsError.conflict('The prescription meets alerts that need an override with a reason.', { reason: 'blocking_alerts', alerts: blocking, source: 'local' });
      },
    });
    if (outcome.status === 'applied') {
      const result = outcome.write.result as Result<'prescriptions.create'>;
      const check: PrescriptionCheckView = {
        source: 'server', alerts: result.alerts, ruleSetVersion: result.prescription.ruleSetVersion, formularyRevision: null,
        knowledgeAsOf: null, chartAsOf: null, unsentPrescriptions: 0, reason: null,
      };
      return { ...outcome, prescriptionId: result.prescription.id, check };
    }
    return { ...outcome, prescriptionId, check: checked! };
  }

  /** Prescriptions made here for the patient that wait in the outbox, and their drugs. */
  private unsentDrugIds(patientId: string): { prescriptions: number; drugIds: string[] } {
    const waiting = this.deps.store
      .all()
      .filter((consultation) => consultation.patientId === patientId)
      .flatMap((consultation) => consultation.writes.filter((write) => write.method === 'prescriptions.create' && write.state === 'queued'));
    const drugIds = waiting.flatMap((write) => (write.params as HostRequestParsed<'doctor.prescribe'>).items.map((item) => item.drugId));
    return { prescriptions: waiting.length, drugIds };
  }
}
