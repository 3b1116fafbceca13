import type { Knex } from 'knex';

/**
 * Lab instrument bridges (issue 14): the configured interfaces (an analyzer or feed, its
 * protocol and transport), their analyzer-code mappings, and the log of every raw message in
 * and out. A message row is written, with its bytes, before any acknowledgement leaves; the
 * dedup row (sender, MSH-10) points at the stored message and the ACK it was given, so a
 * repeat is answered with the same ACK and stored nothing twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table interfaces (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      protocol text not null check (protocol in ('hl7', 'astm')),
      transport jsonb not null,
      options jsonb not null default '{}',
      enabled boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null,
      created_by uuid not null references users(id),
      updated_at timestamptz not null,
      updated_by uuid not null references users(id)
    );

    create table interface_mappings (
      interface_id uuid not null references interfaces(id),
      analyzer_code text not null,
      test_code text not null references order_catalogue(code),
      analyte text,
      unit text,
      updated_at timestamptz not null,
      updated_by uuid not null references users(id),
      primary key (interface_id, analyzer_code)
    );

    create table interface_messages (
      id uuid primary key default gen_random_uuid(),
      interface_id uuid not null references interfaces(id),
      direction text not null check (direction in ('in', 'out')),
      at timestamptz not null,
      kind text not null,
      control_id text,
      sender text,
      status text not null check (status in ('received', 'parsed', 'mapped', 'applied', 'rejected', 'error', 'sent')),
      reason text,
      accession text,
      unmapped_codes text[] not null default '{}',
      raw bytea not null,
      reply_to uuid references interface_messages(id),
      status_at timestamptz not null,
      replays integer not null default 0
    );
    create index interface_messages_time on interface_messages (at desc, id desc);
    create index interface_messages_interface on interface_messages (interface_id, at desc, id desc);
    create index interface_messages_accession on interface_messages (accession, at desc) where accession is not null;
    create index interface_messages_attention on interface_messages (interface_id, at desc) where status in ('parsed', 'mapped', 'rejected', 'error') and direction = 'in';

    create table interface_dedup (
      interface_id uuid not null references interfaces(id),
      sender text not null,
      control_id text not null,
      message_id uuid not null references interface_messages(id),
      ack_id uuid not null references interface_messages(id),
      duplicates integer not null default 0,
      last_duplicate_at timestamptz,
      primary key (interface_id, sender, control_id)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
