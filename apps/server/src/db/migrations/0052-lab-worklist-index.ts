import type { Knex } from 'knex';

/**
 * The lab worklist's doctors' orders waiting for collection: lab items not cancelled, by time.
 * Collected items keep the status 'ordered' (the orders area has no lab states), so the worklist
 * reads a recent window of them (lab.worklist sinceDays) through this index, not all history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index order_items_lab_ordered on order_items (ordered_at) where kind = 'lab' and status = 'ordered'`);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
