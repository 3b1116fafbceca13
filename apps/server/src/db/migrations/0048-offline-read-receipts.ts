import type { Knex } from 'knex';

/**
 * Chart reads a desk answered from its kept copy while the LAN was down reach the audit log when
 * it is back (audit.recordOfflineReads). Each read carries the desk's id; this table remembers
 * which ids were put on record, so a replay (the answer lost on the way back) records none twice.
 * Append-only like the audit log it guards.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table offline_read_receipts (
      read_id uuid primary key,
      user_id uuid not null references users(id),
      recorded_at timestamptz not null default now()
    );
    create trigger offline_read_receipts_append_only before update or delete on offline_read_receipts
      for each row execute function hms_reject_change();
    create trigger offline_read_receipts_no_truncate before truncate on offline_read_receipts
      for each statement execute function hms_reject_change();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
