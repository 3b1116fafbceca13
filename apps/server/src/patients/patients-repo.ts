import { nameIndexKeys, nameSearchText, nameSortKey, nameTokens } from '@hms/core';
import type { Address, BloodGroup, EmergencyContact, Insurance, Patient, PatientBrief, Sex, ValidDemographics } from '@hms/core';
import type { Knex } from 'knex';

/** A row of `patients` as pg returns it (dates as 'YYYY-MM-DD', timestamps as Date). */
export interface PatientRow {
  id: string;
  mrn: string;
  given_name: string;
  middle_name: string | null;
  family_name: string;
  sex: Sex;
  birth_date: string | null;
  birth_date_estimated: boolean;
  phone: string | null;
  alternate_phone: string | null;
  national_id: string | null;
  address: Address | null;
  emergency_contact: EmergencyContact | null;
  insurance: Insurance | null;
  blood_group: BloodGroup | null;
  preferred_language: string | null;
  merged_into: string | null;
  registered_offline: boolean;
  registered_at: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  mrn_block_id: string | null;
  /** Digest of the demographics it was registered with (null before migration 0024). */
  registration_digest: string | null;
  search_name: string;
  sort_name: string;
  phone_digits: string | null;
}

/** Columns a list needs (the brief), for queries that read many rows. */
export const BRIEF_COLUMNS = [
  'id', 'mrn', 'given_name', 'middle_name', 'family_name', 'sex', 'birth_date', 'birth_date_estimated', 'phone', 'national_id', 'version',
] as const;
export type BriefRow = Pick<PatientRow, (typeof BRIEF_COLUMNS)[number]>;

export function briefColumns(alias: string): string {
  return BRIEF_COLUMNS.map((column) => `${alias}.${column}`).join(', ');
}

export function toPatient(row: PatientRow): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.given_name,
    middleName: row.middle_name,
    familyName: row.family_name,
    sex: row.sex,
    birthDate: row.birth_date,
    birthDateEstimated: row.birth_date_estimated,
    phone: row.phone,
    alternatePhone: row.alternate_phone,
    nationalId: row.national_id,
    address: row.address,
    emergencyContact: row.emergency_contact,
    insurance: row.insurance,
    bloodGroup: row.blood_group,
    preferredLanguage: row.preferred_language,
    registeredOffline: row.registered_offline,
    registeredAt: row.registered_at.toISOString(),
    mergedInto: row.merged_into,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toBrief(row: BriefRow): PatientBrief {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.given_name,
    middleName: row.middle_name,
    familyName: row.family_name,
    sex: row.sex,
    birthDate: row.birth_date,
    birthDateEstimated: row.birth_date_estimated,
    phone: row.phone,
    nationalId: row.national_id,
    version: row.version,
  };
}

/** Summaries by id in one query, a merged id answered by its survivor; unknown ids left out. */
export async function patientSummaries(db: Knex | Knex.Transaction, ids: readonly string[]): Promise<Array<{ requestedId: string; patient: PatientBrief }>> {
  const rows = (await db.raw(
    `select requested.id as requested_id, p.*
       from unnest(?::uuid[]) as requested(id)
       join patients asked on asked.id = requested.id
       join patients p on p.id = coalesce(asked.merged_into, asked.id)`,
    [[...new Set(ids)]],
  )).rows as Array<BriefRow & { requested_id: string }>;
  return rows.map((row) => ({ requestedId: row.requested_id, patient: toBrief(row) }));
}

/** The audit view of a record: its wire form (no derived search columns). */
export function auditView(row: PatientRow): Patient {
  return toPatient(row);
}

/** Demographic columns of a validated record, with the derived search columns. */
export function demographicColumns(valid: ValidDemographics): Partial<PatientRow> {
  return {
    given_name: valid.givenName,
    middle_name: valid.middleName,
    family_name: valid.familyName,
    sex: valid.sex,
    birth_date: valid.birthDate,
    birth_date_estimated: valid.birthDateEstimated,
    phone: valid.phone,
    alternate_phone: valid.alternatePhone,
    national_id: valid.nationalId,
    address: valid.address,
    emergency_contact: valid.emergencyContact,
    insurance: valid.insurance,
    blood_group: valid.bloodGroup,
    preferred_language: valid.preferredLanguage,
    search_name: nameSearchText(valid),
    sort_name: nameSortKey(valid),
    phone_digits: valid.phone === null ? null : valid.phone.slice(1),
  };
}

/** jsonb columns go to pg as JSON text. */
export function forWrite(columns: Partial<PatientRow>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...columns };
  for (const key of ['address', 'emergency_contact', 'insurance'] as const) {
    if (key in out) out[key] = out[key] === null ? null : JSON.stringify(out[key]);
  }
  return out;
}

export async function findPatient(db: Knex | Knex.Transaction, id: string, lock = false): Promise<PatientRow | undefined> {
  const query = db<PatientRow>('patients').select('*').where({ id }).first();
  if (lock) query.forUpdate();
  return (await query) as PatientRow | undefined;
}

export async function findPatientByMrn(db: Knex | Knex.Transaction, mrn: string): Promise<PatientRow | undefined> {
  return (await db<PatientRow>('patients').select('*').where({ mrn }).first()) as PatientRow | undefined;
}

/**
 * Rewrites the name index rows of a patient (after registration, a correction or an
 * unmerge) and adds new words to the vocabulary. Merged records have no rows.
 */
export async function indexPatientName(trx: Knex.Transaction, row: PatientRow): Promise<void> {
  await trx('patient_name_tokens').where({ patient_id: row.id }).delete();
  if (row.merged_into !== null) return;
  const name = { givenName: row.given_name, middleName: row.middle_name, familyName: row.family_name };
  const tokens = nameTokens(name);
  if (tokens.length === 0) return;
  const words = [...tokens].sort();
  await trx('patient_name_tokens').insert(
    nameIndexKeys(name).map((token) => ({ token, sort_name: row.sort_name, patient_id: row.id, birth_date: row.birth_date, phone_digits: row.phone_digits, name_tokens: words })),
  );
  // Sorted, so concurrent registrations lock vocabulary rows in one order (no deadlocks).
  await trx.raw(
    `insert into name_vocabulary (token, patients) select unnest(?::text[]), 1
     on conflict (token) do update set patients = name_vocabulary.patients + 1`,
    [words],
  );
}
