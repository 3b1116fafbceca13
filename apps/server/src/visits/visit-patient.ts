import { HmsError } from '@hms/core';
import type { Knex } from 'knex';

export interface LockedPatient {
  id: string;
  mrn: string;
  /** 'Given Middle Family', as lists show it. */
  name: string;
}

interface PatientLockRow {
  id: string;
  merged_into: string | null;
  mrn: string;
  given_name: string;
  middle_name: string | null;
  family_name: string;
}

/**
 * The patient a desk's id stands for now (itself, or the survivor it was merged into), with
 * both rows share-locked until commit: a merge running at the same moment (which locks them
 * to update) waits for this transaction, or has committed and is seen here. So a visit or
 * appointment is never attached to a record that was merged away meanwhile.
 * (The patients area's resolvePatientId does the same lookup without the locks, for reads.)
 */
export async function lockResolvedPatient(trx: Knex.Transaction, id: string): Promise<LockedPatient> {
  let current = id;
  for (let hop = 0; hop < 3; hop += 1) {
    const row: PatientLockRow | undefined = await trx('patients')
      .select('id', 'merged_into', 'mrn', 'given_name', 'middle_name', 'family_name')
      .where({ id: current })
      .forShare()
      .first();
    if (row === undefined) throw HmsError.notFound('The patient');
    if (row.merged_into === null) {
      return { id: row.id, mrn: row.mrn, name: [row.given_name, row.middle_name ?? '', row.family_name].filter((part) => part !== '').join(' ') };
    }
    current = row.merged_into;
  }
  throw HmsError.conflict('The patient record is being merged. Try again.', { retry: true });
}
