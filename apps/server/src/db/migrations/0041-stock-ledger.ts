import { ADJUSTMENT_REASONS, MOVEMENT_KINDS } from '@hms/core';
import type { Knex } from 'knex';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * Pharmacy stock (issue 12): locations, items (formulary drugs and consumables), batches, and
 * an immutable ledger of every movement. `stock_balances` (units of a batch at a location) is
 * kept by a trigger on the ledger alone, in the same statement as the movement, and may never
 * go below zero: a movement that would take it there fails. Services lock the balance rows
 * they read (FOR UPDATE) before deciding, so concurrent desks queue rather than both
 * spending the last units. A stock item of a formulary drug has the drug's id, so a
 * prescription item's drugId is the item to dispense.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table stock_locations (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[A-Z][A-Z0-9_-]{1,19}$'),
      name text not null check (length(trim(name)) > 0),
      kind text not null check (kind in ('store', 'dispensary', 'ward')),
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    insert into stock_locations (code, name, kind) values ('MAIN', 'Main store', 'store'), ('DISP', 'Dispensary', 'dispensary');

    create table stock_items (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('drug', 'consumable')),
      drug_id uuid unique references drugs(id),
      code text not null unique,
      name text not null check (length(trim(name)) > 0),
      unit text not null check (length(trim(unit)) > 0),
      active boolean not null default true,
      created_at timestamptz not null,
      created_by uuid references users(id),
      check ((kind = 'drug') = (drug_id is not null)),
      check (drug_id is null or drug_id = id)
    );

    -- Learnt at receipt: a scanned GTIN names its item from then on (receiving, scan-to-verify).
    create table stock_item_gtins (
      gtin text primary key check (gtin ~ '^[0-9]{14}$'),
      item_id uuid not null references stock_items(id),
      learned_at timestamptz not null
    );

    create sequence goods_received_note_seq;
    create table goods_received_notes (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      supplier text not null check (length(trim(supplier)) > 0),
      purchase_order text,
      location_id uuid not null references stock_locations(id),
      received_at timestamptz not null,
      received_by uuid not null references users(id),
      note text
    );

    create table stock_batches (
      id uuid primary key default gen_random_uuid(),
      item_id uuid not null references stock_items(id),
      batch_number text not null check (length(batch_number) between 1 and 20),
      expiry_date date not null,
      gtin text check (gtin ~ '^[0-9]{14}$'),
      supplier text not null,
      unit_cost_minor bigint not null check (unit_cost_minor >= 0),
      received_at timestamptz not null,
      grn_id uuid not null references goods_received_notes(id),
      recalled_at timestamptz,
      recalled_by uuid references users(id),
      recall_reason text,
      check ((recalled_at is null) = (recall_reason is null)),
      unique (item_id, batch_number)
    );
    create index stock_batches_item on stock_batches (item_id, expiry_date);

    create table stock_transfers (
      id uuid primary key default gen_random_uuid(),
      from_location_id uuid not null references stock_locations(id),
      to_location_id uuid not null references stock_locations(id),
      transferred_at timestamptz not null,
      transferred_by uuid not null references users(id),
      note text,
      check (from_location_id <> to_location_id)
    );

    create table stock_adjustments (
      id uuid primary key default gen_random_uuid(),
      location_id uuid not null references stock_locations(id),
      reason text not null check (reason in (${list(ADJUSTMENT_REASONS)})),
      note text not null check (length(trim(note)) > 0),
      adjusted_at timestamptz not null,
      adjusted_by uuid not null references users(id),
      discrepancy_id uuid
    );

    create table stock_ledger (
      id bigint generated always as identity primary key,
      -- When it happened (an offline desk's time), and when the server recorded it.
      at timestamptz not null,
      recorded_at timestamptz not null,
      kind text not null check (kind in (${list(MOVEMENT_KINDS)})),
      item_id uuid not null references stock_items(id),
      batch_id uuid not null references stock_batches(id),
      location_id uuid not null references stock_locations(id),
      quantity integer not null check (quantity <> 0),
      reason text check (reason in (${list(ADJUSTMENT_REASONS)})),
      document_type text not null check (document_type in ('grn', 'dispensation', 'dispensing_return', 'transfer', 'adjustment')),
      document_id uuid not null,
      actor_id uuid not null references users(id),
      unit_cost_minor bigint check (unit_cost_minor >= 0),
      offline boolean not null default false,
      note text,
      check ((kind = 'adjustment') = (reason is not null)),
      check (case kind when 'dispense' then quantity < 0 when 'transfer_out' then quantity < 0 when 'adjustment' then true else quantity > 0 end),
      check ((kind = 'receipt') = (unit_cost_minor is not null))
    );
    create index stock_ledger_batch on stock_ledger (batch_id, id);
    create index stock_ledger_location on stock_ledger (location_id, id);
    create index stock_ledger_item on stock_ledger (item_id, id);
    create index stock_ledger_document on stock_ledger (document_type, document_id);
    create trigger stock_ledger_append_only before update or delete on stock_ledger
      for each row execute function hms_reject_change();
    create trigger stock_ledger_no_truncate before truncate on stock_ledger
      for each statement execute function hms_reject_change();

    create table stock_balances (
      location_id uuid not null references stock_locations(id),
      item_id uuid not null references stock_items(id),
      batch_id uuid not null references stock_batches(id),
      quantity integer not null check (quantity >= 0),
      primary key (location_id, item_id, batch_id)
    );
    create index stock_balances_batch on stock_balances (batch_id);

    create function hms_stock_post() returns trigger language plpgsql as $$
    begin
      -- An insert's row is checked before ON CONFLICT looks: a removal only updates (and a
      -- removal from nothing inserts its negative row, which the check refuses).
      if new.quantity > 0 then
        insert into stock_balances (location_id, item_id, batch_id, quantity) values (new.location_id, new.item_id, new.batch_id, new.quantity)
          on conflict (location_id, item_id, batch_id) do update set quantity = stock_balances.quantity + excluded.quantity;
      else
        update stock_balances set quantity = quantity + new.quantity
         where location_id = new.location_id and item_id = new.item_id and batch_id = new.batch_id;
        if not found then
          insert into stock_balances (location_id, item_id, batch_id, quantity) values (new.location_id, new.item_id, new.batch_id, new.quantity);
        end if;
      end if;
      return null;
    end $$;
    create trigger stock_ledger_posts after insert on stock_ledger
      for each row execute function hms_stock_post();

    -- Balances move only with a ledger row (the trigger above runs at depth 2).
    create function hms_stock_balances_guard() returns trigger language plpgsql as $$
    begin
      if pg_trigger_depth() < 2 then
        raise exception 'stock_balances follows stock_ledger: post a movement instead' using errcode = 'insufficient_privilege';
      end if;
      return coalesce(new, old);
    end $$;
    create trigger stock_balances_by_ledger before insert or update or delete on stock_balances
      for each row execute function hms_stock_balances_guard();

    -- Stock the books lacked when an offline dispense replayed: the pack had left the shelf.
    create table stock_discrepancies (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('offline_shortfall')),
      location_id uuid not null references stock_locations(id),
      item_id uuid not null references stock_items(id),
      batch_id uuid not null references stock_batches(id),
      quantity integer not null check (quantity > 0),
      document_type text not null check (document_type in ('dispensation')),
      document_id uuid not null,
      detected_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'resolved')),
      resolved_at timestamptz,
      resolved_by uuid references users(id),
      resolution text,
      check ((status = 'resolved') = (resolved_at is not null and resolution is not null))
    );
    create index stock_discrepancies_open on stock_discrepancies (location_id, detected_at) where status = 'open';
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
