import type { Knex } from 'knex';

/**
 * Issue 15: cashier shifts, payments and refunds, deposits applied to invoices, credit notes
 * (credit notes, discounts, write-offs), voids, and the conflicts inbox of offline replays.
 *
 * - `billing_shifts`: one open shift per cashier (partial unique index). A shift is closed
 *   once: the trigger lets only the closing columns go from empty to set, nothing else.
 * - `billing_payments`: money in (`payment`; a deposit has no invoice) and out (`refund`,
 *   naming the payment). Each in a shift, with its document number: the server's gapless
 *   series, or a desk's own offline series (`offline_desk_code`), unique either way. A
 *   refund carries its payment's invoice, so an invoice's paid sum is one filter.
 * - `billing_deposit_applications`: a deposit put towards an invoice.
 * - `billing_invoice_adjustments` (+ `billing_credit_note_lines`: a charge credited once),
 *   `billing_invoice_voids` (an invoice voided once).
 * - `billing_payment_conflicts`: an offline payment kept as money received but flagged; set
 *   resolved once by a supervisor.
 * Everything else is append-only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table billing_shifts (
      id uuid primary key default gen_random_uuid(),
      cashier_id uuid not null references users(id),
      float_minor bigint not null check (float_minor >= 0),
      opened_at timestamptz not null,
      closed_at timestamptz,
      counts jsonb,
      expected_cash_minor bigint,
      counted_cash_minor bigint,
      variance_minor bigint,
      variance_note text,
      totals jsonb,
      check ((closed_at is null) = (counts is null) and (closed_at is null) = (counted_cash_minor is null)
        and (closed_at is null) = (expected_cash_minor is null) and (closed_at is null) = (totals is null)),
      check (variance_minor is not distinct from counted_cash_minor - expected_cash_minor),
      check (coalesce(variance_minor, 0) = 0 or coalesce(length(trim(variance_note)), 0) > 0)
    );
    create unique index billing_shifts_one_open on billing_shifts (cashier_id) where closed_at is null;
    create index billing_shifts_opened on billing_shifts (opened_at desc);

    create function hms_billing_shift_close_once() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' or old.closed_at is not null or new.closed_at is null
        or new.id <> old.id or new.cashier_id <> old.cashier_id or new.float_minor <> old.float_minor or new.opened_at <> old.opened_at then
        raise exception 'a shift is only ever closed, once' using errcode = '55000';
      end if;
      return new;
    end $$;
    create trigger billing_shifts_close_once before update or delete on billing_shifts
      for each row execute function hms_billing_shift_close_once();

    create table billing_payments (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('payment', 'refund')),
      receipt_number text not null unique,
      series_key text not null,
      sequence integer not null check (sequence > 0),
      patient_id uuid not null references patients(id),
      invoice_id uuid references billing_invoices(id),
      shift_id uuid not null references billing_shifts(id),
      method text not null check (method in ('cash', 'card', 'mobile_money', 'bank_transfer')),
      amount_minor bigint not null check (amount_minor > 0),
      tendered_minor bigint,
      change_minor bigint not null default 0 check (change_minor >= 0),
      reference text,
      refund_of uuid references billing_payments(id),
      reason text,
      approved_by uuid references users(id),
      offline_desk_code text,
      taken_at timestamptz not null,
      recorded_at timestamptz not null,
      taken_by uuid not null references users(id),
      unique (series_key, sequence),
      check ((kind = 'refund') = (refund_of is not null)),
      check (kind = 'payment' or (coalesce(length(trim(reason)), 0) > 0 and offline_desk_code is null)),
      check ((tendered_minor is null and change_minor = 0) or (method = 'cash' and tendered_minor = amount_minor + change_minor)),
      check (kind = 'refund' or method not in ('card', 'mobile_money') or coalesce(length(trim(reference)), 0) > 0)
    );
    create index billing_payments_patient on billing_payments (patient_id, taken_at desc);
    create index billing_payments_invoice on billing_payments (invoice_id) where invoice_id is not null;
    create index billing_payments_shift on billing_payments (shift_id);
    create index billing_payments_refund_of on billing_payments (refund_of) where refund_of is not null;

    create table billing_deposit_applications (
      id uuid primary key default gen_random_uuid(),
      deposit_id uuid not null references billing_payments(id),
      invoice_id uuid not null references billing_invoices(id),
      amount_minor bigint not null check (amount_minor > 0),
      applied_at timestamptz not null,
      applied_by uuid not null references users(id)
    );
    create index billing_deposit_applications_deposit on billing_deposit_applications (deposit_id);
    create index billing_deposit_applications_invoice on billing_deposit_applications (invoice_id);

    create table billing_invoice_adjustments (
      id uuid primary key default gen_random_uuid(),
      invoice_id uuid not null references billing_invoices(id),
      kind text not null check (kind in ('credit_note', 'discount', 'write_off')),
      number text not null unique,
      series_key text not null references billing_number_series(series_key),
      sequence integer not null check (sequence > 0),
      amount_minor bigint not null check (amount_minor > 0),
      reason text not null check (length(trim(reason)) > 0),
      at timestamptz not null,
      by_user uuid not null references users(id),
      approved_by uuid references users(id),
      shift_id uuid references billing_shifts(id),
      unique (series_key, sequence)
    );
    create index billing_invoice_adjustments_invoice on billing_invoice_adjustments (invoice_id);

    create table billing_credit_note_lines (
      adjustment_id uuid not null references billing_invoice_adjustments(id),
      charge_id uuid not null unique references billing_charges(id),
      amount_minor bigint not null check (amount_minor > 0),
      primary key (adjustment_id, charge_id)
    );

    create table billing_invoice_voids (
      invoice_id uuid primary key references billing_invoices(id),
      reason text not null check (length(trim(reason)) > 0),
      voided_at timestamptz not null,
      voided_by uuid not null references users(id),
      approved_by uuid references users(id),
      shift_id uuid references billing_shifts(id)
    );
    create index billing_invoice_voids_shift on billing_invoice_voids (shift_id) where shift_id is not null;

    create table billing_payment_conflicts (
      id uuid primary key default gen_random_uuid(),
      payment_id uuid not null references billing_payments(id),
      reason text not null check (reason in ('overpayment', 'invoice_void')),
      excess_minor bigint not null check (excess_minor > 0),
      detected_at timestamptz not null,
      resolved_at timestamptz,
      resolved_by uuid references users(id),
      resolution text,
      unique (payment_id, reason),
      check ((resolved_at is null) = (resolved_by is null) and (resolved_at is null) = (resolution is null))
    );
    create index billing_payment_conflicts_open on billing_payment_conflicts (detected_at) where resolved_at is null;

    create function hms_billing_conflict_resolve_once() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' or old.resolved_at is not null or new.resolved_at is null
        or new.id <> old.id or new.payment_id <> old.payment_id or new.reason <> old.reason
        or new.excess_minor <> old.excess_minor or new.detected_at <> old.detected_at then
        raise exception 'a payment conflict is only ever resolved, once' using errcode = '55000';
      end if;
      return new;
    end $$;
    create trigger billing_payment_conflicts_resolve_once before update or delete on billing_payment_conflicts
      for each row execute function hms_billing_conflict_resolve_once();
  `);
  for (const table of ['billing_payments', 'billing_deposit_applications', 'billing_invoice_adjustments', 'billing_credit_note_lines', 'billing_invoice_voids']) {
    await knex.raw(`
      create trigger ${table}_append_only before update or delete on ${table} for each row execute function hms_reject_change();
      create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function hms_reject_change();
    `);
  }
  for (const table of ['billing_shifts', 'billing_payment_conflicts']) {
    await knex.raw(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function hms_reject_change();`);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
