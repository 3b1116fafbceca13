import type { Knex } from 'knex';

/**
 * Reorder levels (issue 12): per item and location, the usable units below which the item is
 * on the low-stock list. Set by a pharmacist or storekeeper; every change is an audit row
 * with the level before and after.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table stock_reorder_levels (
      location_id uuid not null references stock_locations(id),
      item_id uuid not null references stock_items(id),
      level integer not null check (level >= 0),
      set_at timestamptz not null,
      set_by uuid not null references users(id),
      primary key (location_id, item_id)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
