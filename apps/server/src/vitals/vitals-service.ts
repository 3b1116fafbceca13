import { HmsError, VITAL_MEASUREMENTS, bodyMassIndex, chartTopic } from '@hms/core';
import type { Params, Result, Vitals } from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';
import { requirePatientId } from '../patients/index.js';
import { InstantIdCursorSchema, decodeCursor, encodeCursor } from '../shared/cursor.js';
import { VITAL_COLUMNS, advanceLatest, rederiveLatest, toVitals, vitalsViews } from './vitals-repo.js';
import type { VitalsRow, VitalsView } from './vitals-repo.js';

/** A desk's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Vitals writes of one patient take turns (the derived latest values stay consistent with the records). */
const VITALS_LOCK = 7_400_110;

async function requireSamePatient(trx: Knex.Transaction, table: 'encounters' | 'visits', id: string, patientId: string, field: string): Promise<void> {
  const row = (await trx(table).where({ id }).first('patient_id')) as { patient_id: string } | undefined;
  if (row === undefined || row.patient_id !== patientId) throw HmsError.validation({ [field]: `is not ${table === 'encounters' ? 'an encounter' : 'a visit'} of this patient` });
}

export async function recordVitals(scope: WriteScope, actor: { userId: string }, params: Params<'vitals.record'>, now: Date): Promise<Vitals> {
  const { trx } = scope;
  const patientId = await requirePatientId(trx, params.patientId);
  const takenAt = new Date(params.takenAt);
  if (takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw HmsError.validation({ takenAt: 'is in the future' });
  await trx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [VITALS_LOCK, patientId]);
  if (params.encounterId !== undefined) await requireSamePatient(trx, 'encounters', params.encounterId, patientId, 'encounterId');
  if (params.visitId !== undefined) await requireSamePatient(trx, 'visits', params.visitId, patientId, 'visitId');
  if (params.supersedes !== undefined) {
    const replaced = (await trx('vitals').where({ id: params.supersedes }).first('patient_id')) as { patient_id: string } | undefined;
    if (replaced === undefined || replaced.patient_id !== patientId) throw HmsError.validation({ supersedes: 'is not a vitals record of this patient' });
    const corrected = (await trx('vitals').where({ supersedes: params.supersedes }).first('id')) as { id: string } | undefined;
    if (corrected !== undefined) throw HmsError.conflict('That record was corrected already: correct the correction.', { reason: 'already_corrected', by: corrected.id });
  }
  const measurements = Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [VITAL_COLUMNS[name], params[name] ?? null]));
  const { weightKg, heightCm } = params;
  const [inserted] = await trx('vitals')
    .insert({
      patient_id: patientId, encounter_id: params.encounterId ?? null, visit_id: params.visitId ?? null, taken_at: takenAt, recorded_at: now, recorded_by: actor.userId,
      ...measurements,
      bmi: weightKg !== undefined && heightCm !== undefined ? bodyMassIndex(weightKg, heightCm) : null,
      supersedes: params.supersedes ?? null, correction_reason: params.correctionReason ?? null,
    })
    .returning('*');
  const row = inserted as VitalsRow;
  if (params.supersedes === undefined) await advanceLatest(trx, row);
  else await rederiveLatest(trx, patientId);
  const view = (await vitalsViews(trx).where('v.id', row.id).first()) as VitalsView;
  const vitals = toVitals(view);
  scope.audit({
    action: 'vitals.record', entityType: 'patient', entityId: patientId,
    after: { vitalsId: vitals.id, takenAt: vitals.takenAt, ...Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [name, vitals[name]])), bmi: vitals.bmi, supersedes: vitals.supersedes, correctionReason: vitals.correctionReason },
  });
  scope.emit('vitals.recorded', chartTopic(patientId), { patientId, vitalsId: vitals.id, supersedes: vitals.supersedes, takenAt: vitals.takenAt, at: now.toISOString() });
  return vitals;
}

export async function vitalsHistory(db: Knex, patientId: string, params: Params<'vitals.history'>): Promise<Result<'vitals.history'>> {
  const query = vitalsViews(db).where('v.patient_id', patientId).orderBy([{ column: 'v.taken_at', order: 'desc' }, { column: 'v.id', order: 'desc' }]).limit(params.limit + 1);
  if (!params.includeSuperseded) query.whereNull('c.id');
  if (params.cursor !== undefined) {
    const [takenAt, id] = decodeCursor(params.cursor, InstantIdCursorSchema);
    query.whereRaw('(v.taken_at, v.id) < (?, ?)', [new Date(takenAt), id]);
  }
  const rows = (await query) as VitalsView[];
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const items = page.map(toVitals);
  return rows.length > params.limit && last !== undefined ? { items, nextCursor: encodeCursor([last.taken_at.toISOString(), last.id]) } : { items };
}
