import type { Knex } from 'knex';

/**
 * patients.register with an existing id answers that patient only to the user who registered
 * it, replaying the same registration: the digest of the demographics it was registered with
 * tells a replay from another request. Null for patients registered before this.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table patients add column registration_digest text');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
