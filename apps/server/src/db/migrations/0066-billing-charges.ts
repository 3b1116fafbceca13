import type { Knex } from 'knex';

/**
 * Issue 15: charges. One row per thing charged, knowing its source; `unique (source,
 * source_id)` is what makes a source charged at most once, whichever consumer (the outbox
 * poller, a retry, a replay, two servers at once) gets there: the loser's insert does nothing.
 * Credits are rows too: a dispensing return (its own source) and a reversal (source
 * `reversal`, its source the reversed charge, so a charge is reversed at most once). Nothing
 * is updated or deleted: the invoice a charge goes on is recorded in the invoice's own table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table billing_charges (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      visit_id uuid references visits(id),
      -- A catalogue service's code, or a dispensed stock item's code.
      service_code text not null,
      item_id uuid references stock_items(id),
      description text not null check (length(trim(description)) > 0),
      category text not null check (category in ('registration', 'consultation', 'lab', 'imaging', 'procedure', 'drug', 'bed_day', 'other')),
      quantity integer not null check (quantity <> 0),
      unit_price_minor bigint not null check (unit_price_minor >= 0),
      amount_minor bigint not null,
      source text not null check (source in ('check_in', 'lab_order_item', 'dispensation_line', 'dispensing_return', 'manual', 'reversal')),
      source_id text not null,
      reverses uuid references billing_charges(id),
      at timestamptz not null,
      recorded_at timestamptz not null,
      recorded_by uuid references users(id),
      note text,
      unique (source, source_id),
      check (amount_minor = quantity * unit_price_minor),
      check ((source = 'reversal') = (reverses is not null)),
      check (source <> 'reversal' or source_id = reverses::text),
      check ((quantity < 0) = (source in ('dispensing_return', 'reversal')))
    );
    create index billing_charges_patient on billing_charges (patient_id, at, id);
    create index billing_charges_visit on billing_charges (visit_id) where visit_id is not null;
    create trigger billing_charges_append_only before update or delete on billing_charges
      for each row execute function hms_reject_change();
    create trigger billing_charges_no_truncate before truncate on billing_charges
      for each statement execute function hms_reject_change();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
