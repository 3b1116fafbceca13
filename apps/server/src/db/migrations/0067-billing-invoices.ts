import type { Knex } from 'knex';

/**
 * Issue 15: invoices with gapless numbers per series.
 *
 * `billing_number_series` holds each series' next number (`invoice/2026`, later receipts and
 * desks' series). An invoice takes its number by incrementing its series' row in its own
 * transaction: the row stays locked until the invoice commits, so a concurrent invoice waits,
 * and a rolled-back invoice rolls its increment back with it. No sequence (they leave gaps).
 * `billing_invoice_lines` puts each charge on at most one invoice (`charge_id` unique) with
 * its payer and patient shares. Invoices and lines are never changed; a void or credit note
 * will be a row of its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table billing_number_series (
      series_key text primary key,
      next_number integer not null check (next_number > 0)
    );

    create table billing_invoices (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      series_key text not null references billing_number_series(series_key),
      sequence integer not null check (sequence > 0),
      kind text not null check (kind in ('interim', 'final')),
      patient_id uuid not null references patients(id),
      visit_id uuid references visits(id),
      payer_id uuid not null references billing_payers(id),
      total_minor bigint not null,
      payer_minor bigint not null,
      patient_minor bigint not null,
      issued_at timestamptz not null,
      issued_by uuid not null references users(id),
      unique (series_key, sequence),
      check (total_minor = payer_minor + patient_minor)
    );
    create index billing_invoices_patient on billing_invoices (patient_id, issued_at desc);

    create table billing_invoice_lines (
      invoice_id uuid not null references billing_invoices(id),
      charge_id uuid not null unique references billing_charges(id),
      payer_minor bigint not null,
      patient_minor bigint not null,
      primary key (invoice_id, charge_id)
    );

    create trigger billing_invoices_append_only before update or delete on billing_invoices
      for each row execute function hms_reject_change();
    create trigger billing_invoices_no_truncate before truncate on billing_invoices
      for each statement execute function hms_reject_change();
    create trigger billing_invoice_lines_append_only before update or delete on billing_invoice_lines
      for each row execute function hms_reject_change();
    create trigger billing_invoice_lines_no_truncate before truncate on billing_invoice_lines
      for each statement execute function hms_reject_change();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
