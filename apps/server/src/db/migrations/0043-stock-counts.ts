import type { Knex } from 'knex';

/**
 * Stock counts (issue 12: count sheet, variance posting with approval). A count keeps what the
 * books said when each batch was counted beside what was counted; nothing moves until another
 * person approves it, and then the variances are posted as one count-correction adjustment.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table stock_counts (
      id uuid primary key default gen_random_uuid(),
      location_id uuid not null references stock_locations(id),
      counted_at timestamptz not null,
      counted_by uuid not null references users(id),
      note text,
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
      decided_at timestamptz,
      decided_by uuid references users(id),
      decision_note text,
      adjustment_id uuid references stock_adjustments(id),
      check ((status = 'pending') = (decided_at is null)),
      check (status <> 'approved' or decided_by <> counted_by)
    );
    create index stock_counts_pending on stock_counts (location_id, counted_at) where status = 'pending';

    create table stock_count_lines (
      count_id uuid not null references stock_counts(id),
      batch_id uuid not null references stock_batches(id),
      item_id uuid not null references stock_items(id),
      book integer not null check (book >= 0),
      counted integer not null check (counted >= 0),
      primary key (count_id, batch_id)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
