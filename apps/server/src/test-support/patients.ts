import { DEFAULT_MRN_FORMAT, nameSearchText, nameSortKey, parseMrnFormat, renderMrn } from '@hms/core';
import type { Sex } from '@hms/core';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { indexPatientName } from '../patients/patients-repo.js';
import type { PatientRow } from '../patients/patients-repo.js';

export interface TestPatientInput {
  givenName?: string;
  middleName?: string | null;
  familyName?: string;
  sex?: Sex;
  birthDate?: string | null;
  phone?: string | null;
  alternatePhone?: string | null;
  nationalId?: string | null;
  mrn?: string;
}

const format = parseMrnFormat(DEFAULT_MRN_FORMAT);
let next = Math.floor(Math.random() * 900_000);

/** Inserts a patient directly (with its name index rows), without audit: test setup. */
export async function insertTestPatient(db: Knex, input: TestPatientInput = {}): Promise<PatientRow> {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
  const name = { givenName: input.givenName ?? `Test${suffix}`, middleName: input.middleName ?? null, familyName: input.familyName ?? `Patient${suffix}` };
  return db.transaction(async (trx) => {
    const [row] = await trx('patients')
      .insert({
        // Scope 1999: never allocated by a test's registrations, so no collision with them.
        mrn: input.mrn ?? renderMrn(format, '1999', (next = (next % 999_998) + 1)),
        given_name: name.givenName,
        middle_name: name.middleName,
        family_name: name.familyName,
        sex: input.sex ?? 'F',
        birth_date: input.birthDate ?? null,
        phone: input.phone ?? null,
        phone_digits: input.phone === undefined || input.phone === null ? null : input.phone.replace(/\D/g, ''),
        alternate_phone: input.alternatePhone ?? null,
        national_id: input.nationalId ?? null,
        search_name: nameSearchText(name),
        sort_name: nameSortKey(name),
      })
      .returning('*');
    await indexPatientName(trx, row as PatientRow);
    return row as PatientRow;
  });
}
