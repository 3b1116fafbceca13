import type { Knex } from 'knex';

/**
 * Retention of the instrument message log (issue 14): how many days a raw message body is kept
 * (one settings row), and when housekeeping removed a body. The row's metadata (interface,
 * direction, time, control ID, status, reason, accession) stays for good; only the bytes go.
 * The dedup index on ack_id lets housekeeping keep the ACKs a repeat is still answered with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table interface_settings (
      id smallint primary key check (id = 1),
      message_retention_days integer not null check (message_retention_days between 1 and 36500),
      updated_at timestamptz not null,
      updated_by uuid references users(id)
    );
    insert into interface_settings (id, message_retention_days, updated_at) values (1, 365, now());

    alter table interface_messages add column raw_removed_at timestamptz;
    create index interface_messages_prunable on interface_messages (at)
      where raw_removed_at is null and (direction = 'out' or status = 'applied');
    create index interface_dedup_ack on interface_dedup (ack_id);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
