import { HmsError, PHARMACY_TOPIC, chartTopic, checkPrescription, drugDisplayName, prescribableProblems, unresolvedBlockingAlerts } from '@hms/core';
import type { AlertOverride, Prescription, PrescriptionItemInput, ProposedItem, SafetyAlert, SafetyKnowledge } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import { addAddendum, requireOpenEncounter, requireSignedEncounter } from '../encounters/index.js';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import type { SafetyKnowledgeCache } from '../pharmacology/index.js';
import { patientFacts } from './patient-facts.js';
import { loadPrescription } from './prescriptions-repo.js';

const DAY_MS = 86_400_000;

/** Items must name active formulary drugs by a route the product has (core's rule, which offline desks run too): VALIDATION per item otherwise. */
function requirePrescribable(knowledge: SafetyKnowledge, items: readonly ProposedItem[]): void {
  const problems = prescribableProblems(knowledge, items);
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
}

export async function checkForPatient(db: Knex, cache: SafetyKnowledgeCache, patientId: string, items: readonly ProposedItem[], now: Date) {
  const [{ knowledge, formularyRevision }, { facts, patientId: resolved }] = await Promise.all([cache.current(db), patientFacts(db, patientId, now)]);
  requirePrescribable(knowledge, items);
  return { patientId: resolved, knowledge, formularyRevision, alerts: checkPrescription(knowledge, facts, items) };
}

export interface CreateInput {
  /** The desk's id for it (printed offline before the RX- number exists). */
  id?: string | undefined;
  encounterId: string;
  items: Array<PrescriptionItemInput & { instructions?: string | undefined }>;
  overrides: AlertOverride[];
  /** Added to the consultation after it was signed, and why (the desk's refused offline prescription, corrected). */
  afterSign?: { reason: string } | undefined;
}

/**
 * Checks again on the server (an allergy may have been recorded at another desk since the
 * doctor's desk checked), refuses while a blocking alert lacks an override with a reason, and
 * stores the prescription with its overrides, in one transaction. With `afterSign` it goes on
 * the signed consultation instead, never an open one: the signed note stays as it was signed,
 * and an addendum names the prescription and the reason, so the record says what came later.
 */
export async function createPrescription(scope: WriteScope, cache: SafetyKnowledgeCache, actor: Actor, input: CreateInput, now: Date): Promise<{ prescription: Prescription; alerts: SafetyAlert[] }> {
  if (input.id !== undefined) {
    const stored = await storedUnderId(scope, input.id, input.encounterId, actor);
    if (stored !== undefined) return stored;
  }
  const afterSign = input.afterSign?.reason.trim();
  const encounter = afterSign === undefined
    ? await requireOpenEncounter(scope.trx, input.encounterId, actor)
    : await requireSignedEncounter(scope.trx, input.encounterId, actor);
  const { knowledge, formularyRevision, alerts } = await checkForPatient(scope.trx, cache, encounter.patient_id, input.items, now);
  const unresolved = unresolvedBlockingAlerts(alerts, input.overrides);
  if (unresolved.length > 0) {
    throw HmsError.conflict('The prescription meets alerts that need an override with a reason.', { reason: 'blocking_alerts', alerts: unresolved });
  }
  const byKey = new Map(alerts.map((alert) => [alert.alertKey, alert]));
  // Overrides of alerts that did not fire (any more) are not kept: they would claim a decision nobody made.
  const overrides = input.overrides.filter((override) => byKey.has(override.alertKey) && override.reason.trim() !== '');
  const sequence = String(((await scope.trx.raw(`select nextval('prescription_number_seq') as n`)).rows[0] as { n: number | string }).n);
  const number = `RX-${sequence.padStart(6, '0')}`;
  const profile: { registration_number: string | null } | undefined = await scope.trx('doctor_profiles').where({ user_id: actor.userId }).first('registration_number');
  let row: { id: string } | undefined;
  try {
    [row] = await scope.trx('prescriptions')
      .insert({
        ...(input.id === undefined ? {} : { id: input.id }),
        number, patient_id: encounter.patient_id, encounter_id: encounter.id, prescriber_id: actor.userId, prescriber_registration: profile?.registration_number ?? null,
        rule_set_version: knowledge.ruleSet.version, formulary_revision: formularyRevision, alerts: JSON.stringify(alerts), created_at: now,
        after_sign_reason: afterSign ?? null,
      })
      .returning('id');
  } catch (error) {
    // Two writes naming one id at the same moment: the one that lost finds it taken.
    if (isPgCode(error, PG.uniqueViolation, 'prescriptions_pkey')) throw idTaken(input.id);
    throw error;
  }
  const id = row!.id;
  await scope.trx('prescription_items').insert(input.items.map((item, position) => {
    const drug = knowledge.drugs.get(item.drugId)!;
    return {
      prescription_id: id, patient_id: encounter.patient_id, position, drug_id: drug.id, drug_version: drug.version, generic: drug.generic, name: drugDisplayName(drug),
      dose: item.dose, dose_unit: item.doseUnit, route: item.route, frequency: item.frequency, duration_days: item.durationDays, quantity: item.quantity,
      instructions: item.instructions ?? null, starts_at: now, ends_at: new Date(now.getTime() + item.durationDays * DAY_MS),
    };
  }));
  if (overrides.length > 0) {
    await scope.trx('prescription_overrides').insert(overrides.map((override) => {
      const alert = byKey.get(override.alertKey)!;
      return {
        prescription_id: id, alert_key: alert.alertKey, rule_code: alert.ruleCode, rule_version: alert.ruleVersion, severity: alert.severity, message: alert.message,
        reason: override.reason.trim(), overridden_by: actor.userId, overridden_at: now,
      };
    }));
  }
  if (afterSign !== undefined) {
    const drugs = input.items.map((item) => drugDisplayName(knowledge.drugs.get(item.drugId)!)).join(', ');
    await addAddendum(scope, actor, { encounterId: encounter.id, text: `Prescription ${number} (${drugs}) added after signing: ${afterSign}` }, now);
  }
  const prescription = (await loadPrescription(scope.trx, id))!;
  scope.audit({
    action: 'prescriptions.create', entityType: 'patient', entityId: encounter.patient_id,
    after: { prescriptionId: id, number, encounterId: encounter.id, items: prescription.items.map(({ id: itemId, drugId, drugVersion, dose, doseUnit, route, frequency, durationDays, quantity }) => ({ itemId, drugId, drugVersion, dose, doseUnit, route, frequency, durationDays, quantity })) },
    details: {
      ...(afterSign === undefined ? {} : { afterSign: { reason: afterSign } }),
      ruleSetVersion: knowledge.ruleSet.version,
      alerts: alerts.map((alert) => ({ alertKey: alert.alertKey, ruleCode: alert.ruleCode, ruleVersion: alert.ruleVersion, severity: alert.severity })),
      overrides: prescription.overrides.map((override) => ({ alertKey: override.alertKey, ruleCode: override.ruleCode, severity: override.severity, reason: override.reason })),
    },
  });
  announce(scope, prescription, now);
  return { prescription, alerts };
}

function idTaken(id: string | undefined): HmsError {
  return HmsError.conflict('That prescription id is another prescription\'s.', { reason: 'id_taken', id });
}

/**
 * The prescription a desk's id already names: the same encounter's and prescriber's is this
 * prescription sent again (answered as stored, with the alerts it was written with); any other
 * is CONFLICT id_taken.
 */
async function storedUnderId(scope: WriteScope, id: string, encounterId: string, actor: Actor): Promise<{ prescription: Prescription; alerts: SafetyAlert[] } | undefined> {
  const row: { encounter_id: string; prescriber_id: string; patient_id: string; alerts: SafetyAlert[] } | undefined = await scope.trx('prescriptions')
    .where({ id }).first('encounter_id', 'prescriber_id', 'patient_id', 'alerts');
  if (row === undefined) return undefined;
  if (row.encounter_id !== encounterId || row.prescriber_id !== actor.userId) throw idTaken(id);
  scope.audit({ action: 'prescriptions.create', entityType: 'patient', entityId: row.patient_id, details: { prescriptionId: id, existing: true } });
  return { prescription: (await loadPrescription(scope.trx, id))!, alerts: row.alerts };
}

/** To the pharmacy's worklist and the patient's chart: ids and status only. */
function announce(scope: WriteScope, prescription: Prescription, now: Date): void {
  const data = { prescriptionId: prescription.id, number: prescription.number, patientId: prescription.patientId, status: prescription.status, at: now.toISOString() };
  scope.emit('prescriptions.changed', PHARMACY_TOPIC, data);
  scope.emit('prescriptions.changed', chartTopic(prescription.patientId), data);
}

export async function cancelPrescription(scope: WriteScope, actor: Actor, input: { id: string; reason: string }, now: Date): Promise<Prescription> {
  const before = await scope.trx('prescriptions').where({ id: input.id }).forUpdate().first('id', 'status', 'patient_id');
  if (before === undefined) throw HmsError.notFound('The prescription');
  if (before.status === 'cancelled') throw HmsError.conflict('The prescription is already cancelled.', { reason: 'already_cancelled' });
  await scope.trx('prescriptions').where({ id: input.id }).update({ status: 'cancelled', cancelled_at: now, cancelled_by: actor.userId, cancel_reason: input.reason });
  const prescription = (await loadPrescription(scope.trx, input.id))!;
  announce(scope, prescription, now);
  scope.audit({ action: 'prescriptions.cancel', entityType: 'patient', entityId: before.patient_id, before: { prescriptionId: input.id, status: before.status }, after: { prescriptionId: input.id, status: 'cancelled', reason: input.reason } });
  return prescription;
}
