import { ROLES } from '@hms/core';
import type { Knex } from 'knex';

/**
 * The lab supervisor role (issue 13: medical release of results, amendments after release).
 * 0001 builds the users' role check from the roles known when it runs, so a database made
 * before this role existed needs the check rebuilt; on a newer one this rebuilds the same check.
 */
export async function up(knex: Knex): Promise<void> {
  const roleList = ROLES.map((role) => `'${role}'`).join(', ');
  await knex.raw(`
    alter table users drop constraint users_roles_check;
    alter table users add constraint users_roles_check check (cardinality(roles) > 0 and roles <@ array[${roleList}]::text[]);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
