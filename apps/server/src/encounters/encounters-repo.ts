import { HmsError, formatIcd10Code } from '@hms/core';
import type { Addendum, Diagnosis, DiagnosisCertainty, DiagnosisRank, Encounter, EncounterNote, EncounterStatus, NoteSections } from '@hms/core';
import type { Knex } from 'knex';

export interface EncounterRow {
  id: string;
  visit_id: string;
  patient_id: string;
  doctor_id: string;
  status: EncounterStatus;
  started_at: Date;
  signed_at: Date | null;
  version: number;
}

export interface NoteRow {
  encounter_id: string;
  sections: NoteSections;
  typed_at: Date;
  version: number;
  saved_at: Date;
  saved_by: string;
}

export interface DiagnosisRow {
  id: string;
  encounter_id: string;
  patient_id: string;
  code: string;
  description: string;
  release_id: string;
  certainty: DiagnosisCertainty;
  rank: DiagnosisRank;
  problem_id: string | null;
  added_at: Date;
  added_by: string;
}

interface EncounterViewRow extends EncounterRow {
  doctor_name: string;
  department_code: string;
  service_date: string;
}

/** Locks an encounter: `update` to change the encounter itself (sign), `share` to add to it (a note, a diagnosis), so signing waits for those. */
export async function lockEncounter(trx: Knex.Transaction, id: string, mode: 'update' | 'share'): Promise<EncounterRow> {
  const query = trx<EncounterRow>('encounters').where({ id });
  const row = await (mode === 'update' ? query.forUpdate() : query.forShare()).first();
  if (row === undefined) throw HmsError.notFound('The encounter');
  return row;
}

/**
 * The encounter a write adds to, locked: it must be open and the caller's own (its doctor).
 * Other areas (orders, prescriptions) call this before attaching rows to an encounter.
 */
export async function requireOpenEncounter(trx: Knex.Transaction, id: string, actor: { userId: string }): Promise<EncounterRow> {
  const row = await lockEncounter(trx, id, 'share');
  requireOwnEncounter(row, actor);
  if (row.status === 'signed') {
    throw HmsError.conflict('The encounter is signed: it cannot be changed; add an addendum instead.', { reason: 'encounter_signed', encounterId: id });
  }
  return row;
}

/**
 * The signed encounter a prescription is added to afterwards (prescriptions.create afterSign),
 * locked: the caller's own; an open one is CONFLICT encounter_open (prescribe within it).
 */
export async function requireSignedEncounter(trx: Knex.Transaction, id: string, actor: { userId: string }): Promise<EncounterRow> {
  const row = await lockEncounter(trx, id, 'share');
  requireOwnEncounter(row, actor);
  if (row.status !== 'signed') {
    throw HmsError.conflict('The encounter is not signed: prescribe within it, not after it.', { reason: 'encounter_open', encounterId: id });
  }
  return row;
}

export function requireOwnEncounter(row: EncounterRow, actor: { userId: string }): void {
  if (row.doctor_id !== actor.userId) {
    throw new HmsError('FORBIDDEN', 'Only the doctor of this encounter may change it.', { reason: 'not_your_encounter', encounterId: row.id });
  }
}

export function toNote(row: NoteRow | undefined): EncounterNote {
  if (row === undefined) return { sections: {}, version: 0, typedAt: null, savedAt: null };
  return { sections: row.sections, version: row.version, typedAt: row.typed_at.toISOString(), savedAt: row.saved_at.toISOString() };
}

export function toDiagnosis(row: DiagnosisRow): Diagnosis {
  return {
    id: row.id, encounterId: row.encounter_id, code: formatIcd10Code(row.code), description: row.description, certainty: row.certainty, rank: row.rank,
    problemId: row.problem_id, addedAt: row.added_at.toISOString(), addedBy: row.added_by,
  };
}

/** An encounter as the wire carries it: four reads (the encounter with names, its note, diagnoses and addenda). */
export async function loadEncounter(db: Knex, id: string): Promise<Encounter> {
  const view = (await db('encounters as e')
    .join('visits as v', 'v.id', 'e.visit_id')
    .join('departments as d', 'd.id', 'v.department_id')
    .join('users as u', 'u.id', 'e.doctor_id')
    .where('e.id', id)
    .first('e.*', 'u.display_name as doctor_name', 'd.code as department_code', 'v.service_date')) as EncounterViewRow | undefined;
  if (view === undefined) throw HmsError.notFound('The encounter');
  const [note, diagnoses, addenda] = await Promise.all([
    db<NoteRow>('encounter_notes').where({ encounter_id: id }).first(),
    db<DiagnosisRow>('encounter_diagnoses').where({ encounter_id: id }).orderByRaw(`rank = 'primary' desc, added_at, id`),
    db('encounter_addenda as a').join('users as u', 'u.id', 'a.author_id').where('a.encounter_id', id).orderBy(['a.created_at', 'a.id'])
      .select('a.id', 'a.text', 'a.author_id', 'u.display_name as author_name', 'a.created_at') as Promise<Array<{ id: string; text: string; author_id: string; author_name: string; created_at: Date }>>,
  ]);
  return {
    id: view.id,
    visitId: view.visit_id,
    patientId: view.patient_id,
    doctorId: view.doctor_id,
    doctorName: view.doctor_name,
    department: view.department_code,
    serviceDate: view.service_date,
    status: view.status,
    startedAt: view.started_at.toISOString(),
    signedAt: view.signed_at?.toISOString() ?? null,
    note: toNote(note as NoteRow | undefined),
    diagnoses: (diagnoses as DiagnosisRow[]).map(toDiagnosis),
    addenda: addenda.map((row): Addendum => ({ id: row.id, text: row.text, authorId: row.author_id, authorName: row.author_name, createdAt: row.created_at.toISOString() })),
    version: view.version,
  };
}
