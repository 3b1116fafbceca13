import type { Knex } from 'knex';

/**
 * Orders out (issue 14): the durable queue of lab tests to send to the analyzers and middleware
 * that take orders. One row per (interface, specimen, test, action): the key makes an order
 * queued, hence sent, once per interface, whatever restarts or repeats happen; a cancel is its
 * own row. The feed follows the events table from its cursor (seq order is commit order), so a
 * collection committed while the server was down is queued when it is back.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table interface_order_queue (
      id uuid primary key default gen_random_uuid(),
      interface_id uuid not null references interfaces(id),
      specimen_id uuid not null references lab_specimens(id),
      request_test_id uuid not null references lab_request_tests(id),
      action text not null check (action in ('new', 'cancel')),
      status text not null check (status in ('pending', 'sent', 'refused', 'withdrawn')),
      created_at timestamptz not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      control_id text,
      message_id uuid references interface_messages(id),
      status_at timestamptz not null,
      unique (interface_id, specimen_id, request_test_id, action)
    );
    create index interface_order_queue_due on interface_order_queue (interface_id, next_attempt_at) where status = 'pending';
    create index interface_order_queue_test on interface_order_queue (request_test_id);

    create table interface_order_cursor (
      id smallint primary key check (id = 1),
      last_seq bigint not null
    );
    insert into interface_order_cursor (id, last_seq) select 1, coalesce(max(seq), 0) from events;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
