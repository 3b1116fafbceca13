import { ROLES } from '@hms/core';
import type { Knex } from 'knex';

/**
 * The billing supervisor role (issue 15: price lists, claims, and the second person who
 * approves a cashier's refund, credit or reversal). As in 0050, the users' role check is
 * rebuilt from the roles known now.
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
