import type { Knex } from 'knex';

/**
 * The doctor's council registration number, kept with the profile and copied onto each
 * prescription when it is written: the printed prescription names the registration its
 * prescriber held then, whatever the profile says later. Older prescriptions have none.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table doctor_profiles add column registration_number text;
    alter table prescriptions add column prescriber_registration text;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
