import { HmsError, chartTopic, formatIcd10Code, icd10CodeKey } from '@hms/core';
import type { Diagnosis, DiagnosisCertainty, DiagnosisRank, Problem } from '@hms/core';
import { requireOpenEncounter, toDiagnosis } from '../encounters/index.js';
import type { DiagnosisRow, EncounterRow } from '../encounters/index.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { loadProblem, problemAuditView } from './problems-repo.js';
import type { ProblemRow } from './problems-repo.js';

/** Problem-list writes of one patient take turns. */
const PROBLEMS_LOCK = 7_400_112;

interface CodeRow {
  release_id: string;
  label: string;
  code: string;
  billable: boolean;
  long_description: string;
}

/** The code in the active release, billable: what may be coded. The database decides, not the server's search index. */
async function billableCode(scope: WriteScope, typed: string): Promise<CodeRow> {
  const key = icd10CodeKey(typed);
  if (key === undefined) throw HmsError.validation({ code: 'is not an ICD-10-CM code (a letter, then digits, like J18.9)' });
  const row = (await scope.trx('icd10_releases as r')
    .leftJoin('icd10_codes as c', (join) => join.on('c.release_id', 'r.id').andOnVal('c.code', key))
    .where('r.active', true)
    .first('r.id as release_id', 'r.label', 'c.code', 'c.billable', 'c.long_description')) as (Omit<CodeRow, 'code'> & { code: string | null }) | undefined;
  if (row === undefined) throw new HmsError('UNAVAILABLE', 'No ICD-10-CM list is loaded: IT loads one with `hms reference import icd10 FILE`.');
  if (row.code === null) throw HmsError.validation({ code: `${formatIcd10Code(key)} is not in ${row.label}` });
  if (!row.billable) throw HmsError.validation({ code: `${formatIcd10Code(key)} is a category heading: choose one of the codes under it` });
  return row as CodeRow;
}

/**
 * A confirmed diagnosis on the problem list: the active entry with the code is refreshed (last
 * diagnosed now, confirmed), else a new entry opens (also when an earlier one was resolved: the
 * condition came back).
 */
async function feedProblemList(scope: WriteScope, encounter: EncounterRow, code: CodeRow, actorId: string, now: Date): Promise<ProblemRow> {
  const { trx } = scope;
  // One active entry per code: diagnoses of one patient take turns here (a merge may still bring two, the older first).
  await trx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [PROBLEMS_LOCK, encounter.patient_id]);
  const before = await trx<ProblemRow>('problems').where({ patient_id: encounter.patient_id, code: code.code, status: 'active' }).orderBy('recorded_at').forUpdate().first();
  if (before !== undefined) {
    const [after] = await trx<ProblemRow>('problems')
      .where({ id: before.id })
      .update({ last_diagnosed_at: now, certainty: 'confirmed', version: trx.raw('version + 1') as unknown as number })
      .returning('*');
    scope.audit({ action: 'problems.rediagnose', entityType: 'problem', entityId: before.id, before: problemAuditView(before), after: problemAuditView(after!), details: { encounterId: encounter.id } });
    return after!;
  }
  const [row] = await trx<ProblemRow>('problems')
    .insert({
      patient_id: encounter.patient_id, code: code.code, description: code.long_description, release_id: code.release_id, status: 'active', certainty: 'confirmed',
      first_encounter_id: encounter.id, recorded_at: now, recorded_by: actorId, last_diagnosed_at: now,
    })
    .returning('*');
  scope.audit({ action: 'problems.add', entityType: 'problem', entityId: row!.id, after: problemAuditView(row!), details: { encounterId: encounter.id } });
  return row!;
}

export async function addDiagnosis(
  scope: WriteScope, actor: { userId: string }, input: { encounterId: string; code: string; certainty: DiagnosisCertainty; rank?: DiagnosisRank | undefined }, now: Date,
): Promise<{ diagnosis: Diagnosis; problem: Problem | null }> {
  const { trx } = scope;
  const encounter = await requireOpenEncounter(trx, input.encounterId, actor);
  const code = await billableCode(scope, input.code);
  const taken = await trx<DiagnosisRow>('encounter_diagnoses').where({ encounter_id: encounter.id }).select('code', 'rank');
  if (taken.some((row) => row.code === code.code)) {
    throw HmsError.conflict(`${formatIcd10Code(code.code)} is coded in this encounter already.`, { reason: 'already_coded', code: formatIcd10Code(code.code) });
  }
  const hasPrimary = taken.some((row) => row.rank === 'primary');
  const rank = input.rank ?? (hasPrimary ? 'secondary' : 'primary');
  if (rank === 'primary' && hasPrimary) throw HmsError.conflict('The encounter has a primary diagnosis already: add this one as secondary.', { reason: 'primary_exists' });
  const problem = input.certainty === 'confirmed' ? await feedProblemList(scope, encounter, code, actor.userId, now) : undefined;
  const [row] = await trx<DiagnosisRow>('encounter_diagnoses')
    .insert({
      encounter_id: encounter.id, patient_id: encounter.patient_id, code: code.code, description: code.long_description, release_id: code.release_id,
      certainty: input.certainty, rank, problem_id: problem?.id ?? null, added_at: now, added_by: actor.userId,
    })
    .returning('*');
  const diagnosis = row!;
  scope.audit({
    action: 'diagnoses.add', entityType: 'encounter', entityId: encounter.id,
    after: { diagnosisId: diagnosis.id, code: diagnosis.code, certainty: diagnosis.certainty, rank: diagnosis.rank, problemId: diagnosis.problem_id, releaseId: diagnosis.release_id },
    details: { patientId: encounter.patient_id },
  });
  const topic = chartTopic(encounter.patient_id);
  scope.emit('diagnoses.added', topic, { patientId: encounter.patient_id, encounterId: encounter.id, diagnosisId: diagnosis.id, at: now.toISOString() });
  if (problem !== undefined) scope.emit('problems.changed', topic, { patientId: encounter.patient_id, problemId: problem.id, status: problem.status, at: now.toISOString() });
  return { diagnosis: toDiagnosis(diagnosis), problem: problem === undefined ? null : await loadProblem(trx, problem.id) };
}

export async function resolveProblem(scope: WriteScope, actor: { userId: string }, input: { problemId: string; note?: string | undefined }, now: Date): Promise<Problem> {
  const { trx } = scope;
  const before = await trx<ProblemRow>('problems').where({ id: input.problemId }).forUpdate().first();
  if (before === undefined) throw HmsError.notFound('The problem');
  if (before.status === 'resolved') throw HmsError.conflict('The problem is resolved already.', { reason: 'already_resolved' });
  const [after] = await trx<ProblemRow>('problems')
    .where({ id: before.id })
    .update({ status: 'resolved', resolved_at: now, resolved_by: actor.userId, resolution_note: input.note ?? null, version: trx.raw('version + 1') as unknown as number })
    .returning('*');
  scope.audit({ action: 'problems.resolve', entityType: 'problem', entityId: before.id, before: problemAuditView(before), after: problemAuditView(after!) });
  scope.emit('problems.changed', chartTopic(before.patient_id), { patientId: before.patient_id, problemId: before.id, status: 'resolved', at: now.toISOString() });
  return loadProblem(trx, before.id);
}
