import { HmsError, PATIENTS_TOPIC, localDateOf, parseMrn, validatePatientInput } from '@hms/core';
import type { DemographicsDraft, DuplicateCandidate, DuplicateReview, Params, Patient, PatientHistoryEntry, ValidDemographics } from '@hms/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { WriteScope } from '../gateway/write-scope.js';
import { PG, isPgCode } from '../db/pg-errors.js';
import { allocateMrn, blockForMrn, hospitalIdentity } from '../mrn/index.js';
import { digestOf } from '../shared/canonical-json.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { findDuplicateCandidates, likelyOnly } from './duplicates.js';
import type { DuplicateProbe } from './duplicates.js';
import { auditView, briefColumns, demographicColumns, findPatient, findPatientByMrn, forWrite, indexPatientName, toBrief, toPatient } from './patients-repo.js';
import type { BriefRow, PatientRow } from './patients-repo.js';

/** How far back a desk's clock may date an offline registration, and how far ahead. */
export const OFFLINE_REGISTRATION_MAX_AGE_DAYS = 90;
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

type RegisterParams = Params<'patients.register'>;
type UpdateParams = Params<'patients.update'>;

export interface RegisterOutcome {
  row: PatientRow;
  duplicateReviewId?: string;
}

export function probeOf(valid: Pick<ValidDemographics, 'givenName' | 'middleName' | 'familyName' | 'sex' | 'birthDate' | 'birthDateEstimated' | 'phone' | 'nationalId'>): DuplicateProbe {
  return {
    givenName: valid.givenName,
    middleName: valid.middleName,
    familyName: valid.familyName,
    sex: valid.sex,
    birthDate: valid.birthDate,
    birthDateEstimated: valid.birthDateEstimated,
    phone: valid.phone,
    nationalId: valid.nationalId,
  };
}

export async function todayAtHospital(db: Knex | Knex.Transaction, now: Date): Promise<string> {
  return localDateOf(now, (await hospitalIdentity(db)).timeZone);
}

/**
 * What a registration asked for: its demographics as the rules settle them, so that a desk's
 * replay matches however it spelled empties. An estimated date of birth moves with the day it
 * is computed on, so the age sent is what counts. The MRN, the offline flag and time, and the
 * duplicate confirmation are left out: the replay of a lost reply adds or drops them.
 */
export function registrationDigest(valid: ValidDemographics, estimatedAgeYears: number | undefined): string {
  const request: Record<string, unknown> = { ...valid };
  if (estimatedAgeYears !== undefined) {
    delete request.birthDate;
    delete request.birthDateEstimated;
    request.estimatedAgeYears = estimatedAgeYears;
  }
  return digestOf('patients.register', request);
}

/**
 * An existing patient answers a registration with its id only when it is the same user's
 * replay of the same registration; anyone else learns nothing of the record.
 */
function checkSameRegistration(existing: PatientRow, digest: string, userId: string): void {
  if (existing.created_by !== userId) {
    throw HmsError.conflict('A patient with this id already exists: a new registration needs a new id.', { fields: { id: 'already used' }, reason: 'id_taken' });
  }
  // Patients registered before digests were kept (migration 0024) are matched by user only.
  if (existing.registration_digest !== null && existing.registration_digest !== digest) {
    throw HmsError.conflict('This id was already registered with other details: a new registration needs a new id.', {
      fields: { id: 'already used' }, reason: 'different_details',
    });
  }
}

/** The audited read a replayed registration answers with. */
export function replayRead(row: PatientRow, unusedMrn: string | undefined) {
  return { action: 'patients.register.replay', entityType: 'patient', entityId: row.id, ...(unusedMrn === undefined ? {} : { details: { unusedMrn } }) };
}

/**
 * A replay of a registration already made (the desk's outbox resending it): the same client
 * id, from the user who registered it with the same demographics, answers the patient
 * registered then (an audited read). Client ids are random UUIDs, so the same id is the same
 * registration. It may come back with another MRN: the desk sent it online, lost the reply,
 * and queued it again with a number from its offline block. The patient keeps the MRN it has;
 * `unusedMrn` tells the desk its printed wristband is wrong (the block number stays unused and
 * is retired with its block). CONFLICT for anyone else, or for other demographics.
 */
export async function registrationReplay(
  db: Knex | Knex.Transaction,
  params: RegisterParams,
  context: { userId: string; now: Date },
): Promise<{ row: PatientRow; unusedMrn?: string } | undefined> {
  if (params.id === undefined) return undefined;
  const existing = await findPatient(db, params.id);
  if (existing === undefined) return undefined;
  const valid = validatePatientInput(params, { today: await todayAtHospital(db, context.now) });
  checkSameRegistration(existing, registrationDigest(valid, params.estimatedAgeYears), context.userId);
  if (params.mrn !== undefined && normalizedMrn(existing.mrn) !== normalizedMrn(params.mrn)) {
    return { row: existing, unusedMrn: params.mrn.trim().toUpperCase() };
  }
  return { row: existing };
}

const normalizedMrn = (mrn: string) => mrn.toUpperCase().replace(/[^A-Z0-9]/g, '');

function checkRegisteredAt(registeredAt: string | undefined, now: Date): Date {
  if (registeredAt === undefined) return now;
  const at = new Date(registeredAt);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_ALLOWANCE_MS) throw HmsError.validation({ registeredAt: 'is in the future: check the workstation clock' });
  if (at.getTime() < now.getTime() - OFFLINE_REGISTRATION_MAX_AGE_DAYS * 86_400_000) {
    throw HmsError.validation({ registeredAt: `is more than ${OFFLINE_REGISTRATION_MAX_AGE_DAYS} days ago` });
  }
  return at;
}

function candidateSummary(candidates: readonly DuplicateCandidate[]) {
  return candidates.map((candidate) => ({ patientId: candidate.patient.id, mrn: candidate.patient.mrn, score: candidate.score, reasons: candidate.reasons }));
}

export async function registerPatient(
  scope: WriteScope,
  params: RegisterParams,
  context: { userId: string; workstationId: string | null; now: Date },
): Promise<RegisterOutcome> {
  const { trx } = scope;
  const { now } = context;
  const identity = await hospitalIdentity(trx);
  const valid = validatePatientInput(params, { today: localDateOf(now, identity.timeZone) });
  const registeredAt = checkRegisteredAt(params.registeredAt, now);
  const offline = params.registeredOffline === true;
  const digest = registrationDigest(valid, params.estimatedAgeYears);

  let mrn: string | undefined;
  let blockId: string | null = null;
  if (params.mrn !== undefined) {
    const claimed = await blockForMrn(trx, params.mrn, context.workstationId);
    mrn = claimed.mrn;
    blockId = claimed.block.id;
    if ((await findPatientByMrn(trx, mrn)) !== undefined) throw HmsError.conflict('This MRN is already used by another patient.', { fields: { mrn: 'already used' } });
  }

  const likely = likelyOnly(await findDuplicateCandidates(trx, probeOf(valid)));
  if (likely.length > 0 && !offline && params.confirmedNotDuplicate !== true) {
    throw HmsError.conflict('This patient may already be registered. Check the candidates, or confirm they are different people.', { candidates: likely });
  }
  mrn ??= await allocateMrn(trx, identity, now);

  let row: PatientRow;
  try {
    // A savepoint, so that a racing replay of the same registration can be answered below.
    row = await trx.transaction(async (savepoint) => {
      const [inserted] = await savepoint('patients')
        .insert(forWrite({
          ...(params.id === undefined ? {} : { id: params.id }),
          mrn,
          ...demographicColumns(valid),
          registered_offline: offline,
          registered_at: registeredAt,
          registration_digest: digest,
          created_by: context.userId,
          mrn_block_id: blockId,
          created_at: now,
          updated_at: now,
        }))
        .returning('*');
      return inserted as PatientRow;
    });
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'patients_pkey') || isPgCode(error, PG.uniqueViolation, 'patients_mrn_key')) {
      // A racing replay of this registration (same id, user and details) committed first.
      const replay = params.id === undefined ? undefined : await findPatient(trx, params.id);
      if (replay !== undefined && replay.mrn === mrn) {
        checkSameRegistration(replay, digest, context.userId);
        scope.audit(replayRead(replay, undefined));
        return { row: replay };
      }
      throw HmsError.conflict(isPgCode(error, PG.uniqueViolation, 'patients_pkey') ? 'A patient with this id already exists.' : 'This MRN is already used by another patient.');
    }
    throw error;
  }
  await indexPatientName(trx, row);

  let duplicateReviewId: string | undefined;
  if (offline && likely.length > 0) {
    const [review] = await trx('patient_duplicate_reviews')
      .insert({ patient_id: row.id, candidates: JSON.stringify(likely), source: 'offline_registration', created_at: now })
      .returning('id');
    duplicateReviewId = (review as { id: string }).id;
  }
  scope.audit({
    action: 'patients.register',
    entityType: 'patient',
    entityId: row.id,
    after: auditView(row),
    details: {
      registeredOffline: offline,
      ...(blockId === null ? {} : { mrnBlockId: blockId }),
      ...(likely.length > 0 ? { likelyDuplicates: candidateSummary(likely), confirmedNotDuplicate: params.confirmedNotDuplicate === true } : {}),
      ...(duplicateReviewId === undefined ? {} : { duplicateReviewId }),
    },
  });
  scope.emit('patients.changed', PATIENTS_TOPIC, { change: 'registered', patients: [{ id: row.id, version: row.version, mergedInto: null }] });
  return { row, ...(duplicateReviewId === undefined ? {} : { duplicateReviewId }) };
}

const UPDATABLE = [
  'givenName', 'middleName', 'familyName', 'sex', 'birthDate', 'estimatedAgeYears', 'phone', 'alternatePhone', 'nationalId',
  'address', 'emergencyContact', 'insurance', 'bloodGroup', 'preferredLanguage',
] as const;

export function hasChanges(params: UpdateParams): boolean {
  return UPDATABLE.some((field) => params[field] !== undefined);
}

function draftFrom(row: PatientRow): DemographicsDraft {
  const patient = toPatient(row);
  return {
    givenName: patient.givenName,
    middleName: patient.middleName,
    familyName: patient.familyName,
    sex: patient.sex,
    birthDate: patient.birthDate,
    birthDateEstimated: patient.birthDateEstimated,
    phone: patient.phone,
    alternatePhone: patient.alternatePhone,
    nationalId: patient.nationalId,
    address: patient.address,
    emergencyContact: patient.emergencyContact,
    insurance: patient.insurance,
    bloodGroup: patient.bloodGroup,
    preferredLanguage: patient.preferredLanguage,
  };
}

/** Fields whose values differ between two wire records. */
export function changedFields(before: Partial<Patient> | null | undefined, after: Partial<Patient> | null | undefined): string[] {
  const ignore = new Set(['version', 'updatedAt', 'createdAt']);
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((key) => !ignore.has(key))
    .filter((key) => JSON.stringify((before as Record<string, unknown> | null)?.[key] ?? null) !== JSON.stringify((after as Record<string, unknown> | null)?.[key] ?? null))
    .sort();
}

export async function updatePatient(scope: WriteScope, params: UpdateParams, now: Date): Promise<PatientRow> {
  const { trx } = scope;
  const before = await findPatient(trx, params.id, true);
  if (before === undefined) throw HmsError.notFound('The patient');
  if (before.merged_into !== null) {
    throw HmsError.conflict('This record was merged into another patient: correct the surviving record.', { mergedInto: before.merged_into });
  }
  if (params.expectedVersion !== undefined && params.expectedVersion !== before.version) {
    throw HmsError.conflict('The record was changed by someone else since you opened it: reload and try again.', { currentVersion: before.version });
  }
  const draft: DemographicsDraft = draftFrom(before);
  for (const field of UPDATABLE) {
    if (params[field] !== undefined) (draft as Record<string, unknown>)[field] = params[field];
  }
  if (params.estimatedAgeYears !== undefined) draft.birthDate = null;
  if (params.birthDate !== undefined) draft.birthDateEstimated = false;
  const valid = validatePatientInput(draft, { today: await todayAtHospital(trx, now) });
  const [after] = await trx<PatientRow>('patients')
    .where({ id: before.id })
    .update({ ...forWrite(demographicColumns(valid)), version: before.version + 1, updated_at: now } as Partial<PatientRow>)
    .returning('*');
  const row = after as PatientRow;
  await indexPatientName(trx, row);
  const beforeView = auditView(before);
  const afterView = auditView(row);
  scope.audit({ action: 'patients.update', entityType: 'patient', entityId: row.id, before: beforeView, after: afterView, details: { changedFields: changedFields(beforeView, afterView) } });
  scope.emit('patients.changed', PATIENTS_TOPIC, { change: 'updated', patients: [{ id: row.id, version: row.version, mergedInto: null }] });
  return row;
}

/** A patient by id or MRN; an alias answers its survivor. */
export async function getPatient(db: Knex, by: { id?: string | undefined; mrn?: string | undefined }): Promise<{ row: PatientRow; requested: PatientRow }> {
  let requested: PatientRow | undefined;
  if (by.id !== undefined) requested = await findPatient(db, by.id);
  else if (by.mrn !== undefined) {
    const identity = await hospitalIdentity(db);
    const parsed = parseMrn(identity.mrnFormat, by.mrn);
    if (parsed !== undefined && !parsed.checkValid) throw HmsError.validation({ mrn: 'the check character does not match' });
    requested = await findPatientByMrn(db, parsed?.mrn ?? by.mrn.trim().toUpperCase());
  }
  if (requested === undefined) throw HmsError.notFound('The patient');
  if (requested.merged_into === null) return { row: requested, requested };
  const survivor = await findPatient(db, requested.merged_into);
  if (survivor === undefined) throw HmsError.notFound('The surviving patient');
  return { row: survivor, requested };
}

const HISTORY_ACTIONS = ['patients.register', 'patients.update', 'patients.merge', 'patients.unmerge'];
const HistoryCursorSchema = z.object({ seq: z.number().int() });

export async function patientHistory(db: Knex, id: string, limit: number, cursor: string | undefined): Promise<{ items: PatientHistoryEntry[]; nextCursor?: string }> {
  const exists = await db('patients').select('id').where({ id }).first();
  if (exists === undefined) throw HmsError.notFound('The patient');
  const query = db('audit_log')
    .select('seq', 'at', 'action', 'actor_username', 'workstation_id', 'before', 'after', 'details')
    .where({ entity_type: 'patient', entity_id: id })
    .whereIn('action', HISTORY_ACTIONS)
    .orderBy('seq', 'asc')
    .limit(limit + 1);
  if (cursor !== undefined) query.where('seq', '>', decodeCursor(cursor, HistoryCursorSchema).seq);
  const rows = (await query) as Array<{ seq: number; at: Date; action: string; actor_username: string | null; workstation_id: string | null; before: unknown; after: unknown; details: unknown }>;
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const items = shown.map((row) => {
    const snapshot = (value: unknown): Partial<Patient> | null => {
      if (value === null || typeof value !== 'object') return null;
      // Merge entries carry {survivor, merged} or the record itself.
      return value as Partial<Patient>;
    };
    const before = snapshot(row.before);
    const after = snapshot(row.after);
    const version = typeof after?.version === 'number' ? after.version : null;
    return {
      seq: Number(row.seq),
      at: row.at.toISOString(),
      action: row.action,
      actorUsername: row.actor_username,
      workstationId: row.workstation_id,
      version,
      changedFields: row.action === 'patients.register' ? [] : changedFields(before, after),
      before: row.before ?? null,
      after: row.after ?? null,
      details: row.details ?? null,
    };
  });
  const last = shown.at(-1);
  return { items, ...(more && last !== undefined ? { nextCursor: encodeCursor({ seq: Number(last.seq) }) } : {}) };
}

interface ReviewRow extends BriefRow {
  review_id: string;
  candidates: DuplicateCandidate[];
  source: 'offline_registration';
  status: DuplicateReview['status'];
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  note: string | null;
}

function toReview(row: ReviewRow): DuplicateReview {
  return {
    id: row.review_id,
    patient: toBrief(row),
    candidates: row.candidates,
    status: row.status,
    source: row.source,
    createdAt: row.created_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by,
    note: row.note,
  };
}

const ReviewCursorSchema = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() });

function reviewQuery(db: Knex | Knex.Transaction) {
  return db('patient_duplicate_reviews as r')
    .join('patients as p', 'p.id', 'r.patient_id')
    .select(db.raw(`${briefColumns('p')}, r.id as review_id, r.candidates, r.source, r.status, r.created_at, r.resolved_at, r.resolved_by, r.note`));
}

export async function listDuplicateReviews(db: Knex, params: Params<'patients.duplicateReviews'>): Promise<{ items: DuplicateReview[]; nextCursor?: string }> {
  const query = reviewQuery(db).where('r.status', params.status).orderBy([{ column: 'r.created_at' }, { column: 'r.id' }]).limit(params.limit + 1);
  if (params.cursor !== undefined) {
    const after = decodeCursor(params.cursor, ReviewCursorSchema);
    query.whereRaw('(r.created_at, r.id) > (?::timestamptz, ?::uuid)', [after.at, after.id]);
  }
  const rows = (await query) as ReviewRow[];
  const more = rows.length > params.limit;
  const shown = more ? rows.slice(0, params.limit) : rows;
  const last = shown.at(-1);
  return {
    items: shown.map(toReview),
    ...(more && last !== undefined ? { nextCursor: encodeCursor({ at: last.created_at.toISOString(), id: last.review_id }) } : {}),
  };
}

export async function resolveDuplicateReview(scope: WriteScope, params: Params<'patients.resolveDuplicateReview'>, userId: string, now: Date): Promise<DuplicateReview> {
  const { trx } = scope;
  const current = (await trx('patient_duplicate_reviews').select('*').where({ id: params.id }).forUpdate().first()) as { status: string; patient_id: string } | undefined;
  if (current === undefined) throw HmsError.notFound('The duplicate review');
  if (current.status !== 'open') throw HmsError.conflict('This review is already closed.', { status: current.status });
  await trx('patient_duplicate_reviews').where({ id: params.id }).update({ status: params.resolution, resolved_at: now, resolved_by: userId, note: params.note ?? null });
  scope.audit({ action: 'patients.resolveDuplicateReview', entityType: 'patient', entityId: current.patient_id, details: { reviewId: params.id, resolution: params.resolution, note: params.note ?? null } });
  const row = (await reviewQuery(trx).where('r.id', params.id).first()) as ReviewRow;
  return toReview(row);
}
