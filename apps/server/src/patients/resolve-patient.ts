import { HmsError } from '@hms/core';
import type { Knex } from 'knex';

/**
 * The id of the patient that `id` stands for now: itself, or the survivor it was merged into
 * (`merged_into` always points at the final survivor). Undefined when there is no such patient.
 * Other areas call this before attaching anything to a patient id a desk sent.
 */
export async function resolvePatientId(db: Knex | Knex.Transaction, id: string): Promise<string | undefined> {
  const row: { resolved: string } | undefined = await db('patients').select(db.raw('coalesce(merged_into, id) as resolved')).where({ id }).first();
  return row?.resolved;
}

/** The same, NOT_FOUND when there is no such patient: for reads and writes that need one. */
export async function requirePatientId(db: Knex | Knex.Transaction, id: string): Promise<string> {
  const resolved = await resolvePatientId(db, id);
  if (resolved === undefined) throw HmsError.notFound('The patient');
  return resolved;
}
