import type { Knex } from 'knex';

/**
 * Dispensing against prescriptions (issue 12). A dispensation takes units of prescription
 * items from batches at a location; each line is one batch (FEFO may split an item over
 * several) and says how the batch was chosen: by FEFO, by the pharmacist with a reason, or by
 * an offline desk (the pack it took). `prescription_dispensing` keeps each prescription's
 * progress so the worklist skips completed ones without summing their lines. Returns of
 * unopened packs are rows of their own; nothing here is updated in place except that progress.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table dispensations (
      id uuid primary key default gen_random_uuid(),
      prescription_id uuid not null references prescriptions(id),
      patient_id uuid not null references patients(id),
      location_id uuid not null references stock_locations(id),
      dispensed_by uuid not null references users(id),
      -- The desk's time for an offline dispense; the server's otherwise.
      dispensed_at timestamptz not null,
      recorded_at timestamptz not null,
      offline boolean not null
    );
    create index dispensations_prescription on dispensations (prescription_id);
    create index dispensations_patient on dispensations (patient_id, dispensed_at desc);

    create table dispensation_lines (
      id uuid primary key default gen_random_uuid(),
      dispensation_id uuid not null references dispensations(id),
      prescription_item_id uuid not null references prescription_items(id),
      item_id uuid not null references stock_items(id),
      batch_id uuid not null references stock_batches(id),
      quantity integer not null check (quantity > 0),
      chosen_by text not null check (chosen_by in ('fefo', 'pharmacist', 'offline_desk')),
      -- What FEFO would have taken when another batch was chosen.
      fefo_batch_id uuid references stock_batches(id),
      reason text,
      check (chosen_by <> 'pharmacist' or reason is not null)
    );
    create index dispensation_lines_dispensation on dispensation_lines (dispensation_id);
    create index dispensation_lines_item on dispensation_lines (prescription_item_id);
    create index dispensation_lines_batch on dispensation_lines (batch_id);

    create table dispensing_returns (
      id uuid primary key default gen_random_uuid(),
      dispensation_line_id uuid not null references dispensation_lines(id),
      location_id uuid not null references stock_locations(id),
      quantity integer not null check (quantity > 0),
      reason text not null check (length(trim(reason)) > 0),
      returned_at timestamptz not null,
      returned_by uuid not null references users(id)
    );
    create index dispensing_returns_line on dispensing_returns (dispensation_line_id);

    create table prescription_dispensing (
      prescription_id uuid primary key references prescriptions(id),
      status text not null check (status in ('partial', 'complete')),
      last_dispensed_at timestamptz not null
    );

    -- The worklist reads recent active prescriptions newest first.
    create index prescriptions_active_recent on prescriptions (created_at desc) where status = 'active';
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
