import type { Knex } from 'knex';

/**
 * The lab worklist finds open requests through their open tests (lab_request_tests_open) and must
 * drop a test whose ordered item the doctor cancelled; cancelled items are few, so this index lets
 * that check read them alone instead of every order item ever made.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index order_items_cancelled on order_items (id) where status = 'cancelled'`);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
