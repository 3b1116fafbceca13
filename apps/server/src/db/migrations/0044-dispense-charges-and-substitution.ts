import type { Knex } from 'knex';

/**
 * Issue 12 for billing (issue 15) and generic substitution.
 *
 * `charge_events` is an append-only outbox: every dispensation line and every return writes
 * one row in the same transaction as the stock movement, so billing can turn them into charges
 * later without ever missing or double-counting a dispense. Returns are negative quantities.
 * Billing records which rows it has charged in its own table (keyed by `charge_events.id`);
 * nothing here is ever updated.
 *
 * A dispensation line may dispense another product of the same generic than the one prescribed
 * (out of stock, another strength in stock): it keeps the prescribed item and the reason.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table dispensation_lines
      add column substituted_for uuid references drugs(id),
      add column substitution_reason text,
      add constraint dispensation_lines_substitution check ((substituted_for is null) = (substitution_reason is null));

    create table charge_events (
      id bigint generated always as identity primary key,
      source text not null check (source in ('dispensation_line', 'dispensing_return')),
      source_id uuid not null,
      dispensation_id uuid not null references dispensations(id),
      patient_id uuid not null references patients(id),
      visit_id uuid references visits(id),
      location_id uuid not null references stock_locations(id),
      item_id uuid not null references stock_items(id),
      batch_id uuid not null references stock_batches(id),
      quantity integer not null check (quantity <> 0),
      unit_cost_minor bigint not null check (unit_cost_minor >= 0),
      at timestamptz not null,
      recorded_at timestamptz not null,
      unique (source, source_id),
      check ((source = 'dispensation_line') = (quantity > 0))
    );
    create index charge_events_patient on charge_events (patient_id, id);
    create trigger charge_events_append_only before update or delete on charge_events
      for each row execute function hms_reject_change();
    create trigger charge_events_no_truncate before truncate on charge_events
      for each statement execute function hms_reject_change();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
