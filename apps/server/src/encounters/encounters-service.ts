import { HmsError, chartTopic } from '@hms/core';
import type { Encounter, EncounterNote, NoteSections } from '@hms/core';
import type { WriteScope } from '../gateway/write-scope.js';
import { PG, isPgCode } from '../db/pg-errors.js';
import { callChosenVisit } from '../queue/index.js';
import { lockVisit } from '../visits/index.js';
import type { Caller } from '../visits/index.js';
import { loadEncounter, lockEncounter, requireOpenEncounter, requireOwnEncounter, toNote } from './encounters-repo.js';
import type { EncounterRow, NoteRow } from './encounters-repo.js';

/** A desk's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface Clinician {
  userId: string;
}

function changed(scope: WriteScope, row: EncounterRow, change: 'started' | 'signed' | 'addendum', at: Date): void {
  scope.emit('encounters.changed', chartTopic(row.patient_id), {
    patientId: row.patient_id, encounterId: row.id, visitId: row.visit_id, change, status: row.status, at: at.toISOString(),
  });
}

export interface StartInput {
  visitId: string;
  /** Chosen by the desk (once per visit), so an offline desk can name the encounter in the writes it queues. */
  encounterId?: string | undefined;
}

/**
 * The doctor's consultation for a visit. The visit must be in consultation with this doctor,
 * i.e. they called the patient in (queue.callNext or a transfer to them then a call): a doctor
 * cannot open the record of a patient still waiting, or one another doctor is seeing.
 * Starting again returns the encounter they have for it, open or signed (with another id:
 * CONFLICT encounter_exists). A start naming its encounter for a patient still waiting is a
 * desk that called them while its LAN was down: they are called in here, in this transaction.
 */
export async function startEncounter(scope: WriteScope, actor: Caller, input: StartInput, now: Date): Promise<Encounter> {
  const { trx } = scope;
  const { visitId, encounterId } = input;
  const visit = await lockVisit(trx, visitId);
  const existing = await trx<EncounterRow>('encounters').where({ visit_id: visitId, doctor_id: actor.userId }).first();
  if (existing !== undefined) {
    if (encounterId !== undefined && encounterId !== existing.id) {
      throw HmsError.conflict('You have started this consultation already, as another encounter.', { reason: 'encounter_exists', visitId, encounterId: existing.id });
    }
    scope.audit({ action: 'encounters.start', entityType: 'encounter', entityId: existing.id, details: { visitId, existing: true, patientId: existing.patient_id } });
    return loadEncounter(trx, existing.id);
  }
  let calledHere = false;
  switch (visit.status) {
    case 'in_consultation':
      if (visit.served_by !== actor.userId) {
        throw HmsError.conflict('Another clinician called this patient in: only the one seeing them starts the consultation.', { reason: 'called_by_other', visitId });
      }
      break;
    case 'checked_in':
      if (encounterId === undefined) throw HmsError.conflict('The patient is still waiting: call them in first.', { reason: 'not_called', visitId });
      await callChosenVisit(scope, actor, visit, { via: 'encounters.start', encounterId }, now);
      calledHere = true;
      break;
    case 'completed':
    case 'cancelled':
    case 'left_without_being_seen':
      throw HmsError.conflict('The visit has ended.', { reason: 'visit_ended', visitId, status: visit.status });
  }
  let row: EncounterRow | undefined;
  try {
    [row] = await trx<EncounterRow>('encounters')
      .insert({ ...(encounterId === undefined ? {} : { id: encounterId }), visit_id: visitId, patient_id: visit.patient_id, doctor_id: actor.userId, status: 'open', started_at: now })
      .returning('*');
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'encounters_pkey')) throw HmsError.conflict('That encounter id is another encounter\'s.', { reason: 'id_taken', encounterId });
    throw error;
  }
  const encounter = row!;
  scope.audit({
    action: 'encounters.start', entityType: 'encounter', entityId: encounter.id,
    after: { visitId, patientId: visit.patient_id, doctorId: actor.userId, status: 'open' }, ...(calledHere ? { details: { calledIn: true } } : {}),
  });
  changed(scope, encounter, 'started', now);
  return loadEncounter(trx, encounter.id);
}

/**
 * The draft note, replaced whole by each save. A save whose typedAt is not after the stored one
 * is not applied (a desk's outbox replaying an older draft after a newer one reached the
 * server): the stored note is answered instead, with applied false.
 */
export async function saveNote(
  scope: WriteScope, actor: Clinician, input: { encounterId: string; sections: NoteSections; typedAt: string }, now: Date,
): Promise<{ note: EncounterNote; applied: boolean }> {
  const { trx } = scope;
  const typedAt = new Date(input.typedAt);
  if (typedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw HmsError.validation({ typedAt: 'is in the future' });
  const encounter = await requireOpenEncounter(trx, input.encounterId, actor);
  const saved = (await trx.raw(
    `insert into encounter_notes (encounter_id, sections, typed_at, version, saved_at, saved_by) values (?, ?::jsonb, ?, 1, ?, ?)
     on conflict (encounter_id) do update set sections = excluded.sections, typed_at = excluded.typed_at,
       version = encounter_notes.version + 1, saved_at = excluded.saved_at, saved_by = excluded.saved_by
     where encounter_notes.typed_at < excluded.typed_at
     returning *`,
    [encounter.id, JSON.stringify(input.sections), typedAt, now, actor.userId],
  )).rows[0] as NoteRow | undefined;
  const note = saved ?? (await trx<NoteRow>('encounter_notes').where({ encounter_id: encounter.id }).first());
  const applied = saved !== undefined;
  // Drafts are saved every second or so: the audit keeps which save it was, not every draft's text (the signed note is audited whole).
  scope.audit({
    action: 'notes.save', entityType: 'encounter', entityId: encounter.id,
    details: { patientId: encounter.patient_id, applied, version: note?.version ?? 0, typedAt: input.typedAt, lengths: Object.fromEntries(Object.entries(input.sections).map(([name, value]) => [name, value?.length ?? 0])) },
  });
  return { note: toNote(note), applied };
}

export async function signEncounter(scope: WriteScope, actor: Clinician, encounterId: string, now: Date): Promise<Encounter> {
  const { trx } = scope;
  const before = await lockEncounter(trx, encounterId, 'update');
  requireOwnEncounter(before, actor);
  if (before.status === 'signed') throw HmsError.conflict('The encounter is signed already.', { reason: 'encounter_signed', encounterId });
  const [row] = await trx<EncounterRow>('encounters')
    .where({ id: encounterId })
    .update({ status: 'signed', signed_at: now, version: trx.raw('version + 1') as unknown as number })
    .returning('*');
  const encounter = await loadEncounter(trx, encounterId);
  // What was signed, whole: the legal record of the consultation.
  scope.audit({
    action: 'encounters.sign', entityType: 'encounter', entityId: encounterId,
    before: { status: before.status }, after: { status: 'signed', signedAt: now.toISOString(), note: encounter.note.sections, diagnoses: encounter.diagnoses.map((d) => ({ code: d.code, certainty: d.certainty, rank: d.rank })) },
    details: { patientId: before.patient_id },
  });
  changed(scope, row!, 'signed', now);
  return encounter;
}

export async function addAddendum(scope: WriteScope, actor: Clinician, input: { encounterId: string; text: string }, now: Date): Promise<Encounter> {
  const { trx } = scope;
  const encounter = await lockEncounter(trx, input.encounterId, 'share');
  if (encounter.status === 'open') throw HmsError.conflict('The encounter is not signed yet: change its note instead.', { reason: 'encounter_open', encounterId: encounter.id });
  const [row] = await trx('encounter_addenda').insert({ encounter_id: encounter.id, text: input.text, author_id: actor.userId, created_at: now }).returning('id');
  scope.audit({ action: 'encounters.addendum', entityType: 'encounter', entityId: encounter.id, after: { addendumId: (row as { id: string }).id, text: input.text }, details: { patientId: encounter.patient_id } });
  changed(scope, encounter, 'addendum', now);
  return loadEncounter(trx, encounter.id);
}
