import { HmsError, chartTopic } from '@hms/core';
import type { Allergy, AllergySummary, Params, Substance } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { WriteScope } from '../gateway/write-scope.js';
import { requirePatientId } from '../patients/index.js';
import { allergySummary } from './allergies-repo.js';
import type { AllergyEntryRow } from './allergies-repo.js';

/** Allergy writes of one patient take turns: two desks recording the same substance at once make one allergy, not two. */
const ALLERGIES_LOCK = 7_400_111;

function sameSubstance(a: Allergy['substance'], b: Substance): boolean {
  if (a.kind !== b.kind) return false;
  if (a.code !== null && b.code !== undefined) return a.code === b.code;
  return a.text.toLocaleLowerCase() === b.text.toLocaleLowerCase();
}

function entryAuditView(row: AllergyEntryRow): Record<string, unknown> {
  return {
    allergyId: row.allergy_id, revision: row.revision, substance: { kind: row.substance_kind, code: row.substance_code, text: row.substance_text },
    reaction: row.reaction, severity: row.severity, status: row.status, note: row.note,
  };
}

async function lockPatientAllergies(scope: WriteScope, patientId: string): Promise<void> {
  await scope.trx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [ALLERGIES_LOCK, patientId]);
}

export async function recordAllergy(scope: WriteScope, actor: { userId: string }, params: Params<'allergies.record'>, now: Date): Promise<{ allergy: Allergy; allergies: AllergySummary }> {
  const { trx } = scope;
  const patientId = await requirePatientId(trx, params.patientId);
  await lockPatientAllergies(scope, patientId);
  let previous: AllergyEntryRow | undefined;
  if (params.allergyId !== undefined) {
    previous = await trx<AllergyEntryRow>('allergy_entries').where({ allergy_id: params.allergyId }).orderBy('revision', 'desc').first();
    if (previous === undefined || previous.patient_id !== patientId) throw HmsError.notFound('The allergy');
  } else {
    const existing = (await allergySummary(trx, patientId)).items.find((allergy) => sameSubstance(allergy.substance, params.substance));
    if (existing !== undefined) {
      throw HmsError.conflict(`An allergy to ${existing.substance.text} is recorded already (${existing.status}): revise that one.`, { reason: 'already_recorded', allergyId: existing.id });
    }
  }
  const [inserted] = await trx<AllergyEntryRow>('allergy_entries')
    .insert({
      allergy_id: previous?.allergy_id ?? randomUUID(), revision: (previous?.revision ?? 0) + 1, patient_id: patientId,
      substance_kind: params.substance.kind, substance_code: params.substance.code ?? null, substance_text: params.substance.text,
      reaction: params.reaction ?? null, severity: params.severity, status: params.status, note: params.note ?? null, recorded_at: now, recorded_by: actor.userId,
    })
    .returning('*');
  const row = inserted!;
  const allergies = await allergySummary(trx, patientId);
  scope.audit({
    action: 'allergies.record', entityType: 'patient', entityId: patientId,
    ...(previous === undefined ? {} : { before: entryAuditView(previous) }), after: entryAuditView(row),
  });
  scope.emit('allergies.changed', chartTopic(patientId), { patientId, allergyId: row.allergy_id, status: allergies.status, at: now.toISOString() });
  return { allergy: allergies.items.find((allergy) => allergy.id === row.allergy_id)!, allergies };
}

export async function recordNoneKnown(scope: WriteScope, actor: { userId: string }, patientIdGiven: string, now: Date): Promise<AllergySummary> {
  const { trx } = scope;
  const patientId = await requirePatientId(trx, patientIdGiven);
  await lockPatientAllergies(scope, patientId);
  const before = await allergySummary(trx, patientId);
  if (before.status === 'allergies') {
    throw HmsError.conflict('The patient has active allergies: mark them inactive or refuted first.', { reason: 'active_allergies', allergyIds: before.items.filter((a) => a.status === 'active').map((a) => a.id) });
  }
  await trx('allergy_statements').insert({ patient_id: patientId, kind: 'none_known', recorded_at: now, recorded_by: actor.userId });
  const allergies = await allergySummary(trx, patientId);
  scope.audit({ action: 'allergies.noneKnown', entityType: 'patient', entityId: patientId, before: { status: before.status }, after: { status: allergies.status } });
  scope.emit('allergies.changed', chartTopic(patientId), { patientId, allergyId: null, status: allergies.status, at: now.toISOString() });
  return allergies;
}
