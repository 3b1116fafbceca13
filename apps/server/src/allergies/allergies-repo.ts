import { allergyStatusOf } from '@hms/core';
import type { Allergy, AllergyEntryStatus, AllergySeverity, AllergySubstanceKind, AllergySummary } from '@hms/core';
import type { Knex } from 'knex';
import { readPart } from '../db/rows-part.js';
import type { RowsPart } from '../db/rows-part.js';

export interface AllergyEntryRow {
  id: string;
  allergy_id: string;
  revision: number;
  patient_id: string;
  substance_kind: AllergySubstanceKind;
  substance_code: string | null;
  substance_text: string;
  reaction: string | null;
  severity: AllergySeverity;
  status: AllergyEntryStatus;
  note: string | null;
  recorded_at: Date;
  recorded_by: string;
}

interface AllergyEntryView extends AllergyEntryRow {
  recorded_by_name: string;
}

export function toAllergy(row: AllergyEntryView): Allergy {
  return {
    id: row.allergy_id,
    revision: row.revision,
    patientId: row.patient_id,
    substance: { kind: row.substance_kind, code: row.substance_code, text: row.substance_text },
    reaction: row.reaction,
    severity: row.severity,
    status: row.status,
    note: row.note,
    recordedAt: row.recorded_at.toISOString(),
    recordedByName: row.recorded_by_name,
  };
}

const STATUS_ORDER: Readonly<Record<AllergyEntryStatus, number>> = { active: 0, inactive: 1, refuted: 2 };

function byStatusThenNewest(a: Allergy, b: Allergy): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.recordedAt.localeCompare(a.recordedAt) || a.id.localeCompare(b.id);
}

/** The current revision of each of the patient's allergies, active first, newest first within. */
export function currentAllergiesPart(db: Knex, patientId: string): RowsPart<Allergy[]> {
  return {
    query: db('allergy_entries as a')
      .join('users as u', 'u.id', 'a.recorded_by')
      .where('a.patient_id', patientId)
      .distinctOn('a.allergy_id')
      .orderBy([{ column: 'a.allergy_id' }, { column: 'a.revision', order: 'desc' }])
      .select('a.*', 'u.display_name as recorded_by_name'),
    toResult: (rows: AllergyEntryView[]) => rows.map(toAllergy).sort(byStatusThenNewest),
  };
}

/** The latest "no known allergies" statement, if the patient was ever asked. */
export function noneKnownPart(db: Knex, patientId: string): RowsPart<AllergySummary['noneKnown']> {
  return {
    query: db('allergy_statements as s').join('users as u', 'u.id', 's.recorded_by').where('s.patient_id', patientId).orderBy('s.recorded_at', 'desc')
      .limit(1).select('s.recorded_at', 'u.display_name as recorded_by_name'),
    toResult: (rows: Array<{ recorded_at: Date; recorded_by_name: string }>) => {
      const statement = rows[0];
      return statement === undefined ? null : { recordedAt: statement.recorded_at.toISOString(), recordedByName: statement.recorded_by_name };
    },
  };
}

/** The banner's allergy status (core allergyStatusOf) from the two parts above. */
export function toAllergySummary(items: Allergy[], noneKnown: AllergySummary['noneKnown']): AllergySummary {
  return { status: allergyStatusOf(items, noneKnown?.recordedAt ?? null), items, noneKnown };
}

/**
 * The current revision of each of the patient's allergies, active first, newest first within.
 * Prescription checks read this (status 'active' only count).
 */
export async function currentAllergies(db: Knex, patientId: string): Promise<Allergy[]> {
  return readPart(currentAllergiesPart(db, patientId));
}

/** Every revision of every allergy, newest first. */
export async function allergyHistory(db: Knex, patientId: string): Promise<Allergy[]> {
  const rows = (await db('allergy_entries as a').join('users as u', 'u.id', 'a.recorded_by').where('a.patient_id', patientId)
    .orderBy([{ column: 'a.recorded_at', order: 'desc' }, { column: 'a.revision', order: 'desc' }, { column: 'a.id' }])
    .select('a.*', 'u.display_name as recorded_by_name')) as AllergyEntryView[];
  return rows.map(toAllergy);
}

export async function allergySummary(db: Knex, patientId: string): Promise<AllergySummary> {
  const [items, noneKnown] = await Promise.all([currentAllergies(db, patientId), readPart(noneKnownPart(db, patientId))]);
  return toAllergySummary(items, noneKnown);
}
