import type { Knex } from 'knex';

/**
 * A prescription added to a consultation after it was signed (one written offline and refused on
 * replay because the sign got there first, then corrected): why, in the prescriber's words. Null
 * for every prescription written within its open consultation, which is all of them before this.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table prescriptions add column after_sign_reason text`);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
