import type { Knex } from 'knex';
import { loadShippedOrderCatalogue } from '../../orders/index.js';

/**
 * Lab and imaging orders. The catalogue (HMS's own codes, shipped in packages/core/src/orders/data
 * with its SOURCES.md) is loaded here; an ordered item keeps the name it was ordered under. An
 * item is ordered once per encounter until cancelled (a partial unique index decides races).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table order_catalogue (
      code text primary key,
      kind text not null check (kind in ('lab', 'radiology')),
      name text not null,
      data jsonb not null,
      active boolean not null default true,
      shipped_revision integer,
      updated_at timestamptz not null
    );

    create table orders (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      encounter_id uuid not null references encounters(id),
      ordered_by uuid not null references users(id),
      ordered_at timestamptz not null
    );

    create table order_items (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders(id),
      patient_id uuid not null references patients(id),
      encounter_id uuid not null references encounters(id),
      kind text not null check (kind in ('lab', 'radiology')),
      code text not null references order_catalogue(code),
      name text not null,
      priority text not null check (priority in ('routine', 'urgent', 'stat')),
      note text,
      status text not null default 'ordered' check (status in ('ordered', 'cancelled')),
      ordered_at timestamptz not null,
      ordered_by uuid not null references users(id),
      cancelled_at timestamptz,
      cancelled_by uuid references users(id),
      cancel_reason text,
      check ((status = 'cancelled') = (cancelled_at is not null and cancel_reason is not null))
    );
    create unique index order_items_once_per_encounter on order_items (encounter_id, code) where status <> 'cancelled';
    create index order_items_patient on order_items (patient_id, ordered_at desc);
  `);
  await loadShippedOrderCatalogue(knex, 1, new Date());
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
