import type { CacheMigration } from '../cache/migrations.js';

/** The cashier desk's cache tables. */
export const BILLING_TABLES = ['billing_receipt_series', 'billing_receipts'] as const;

export const BILLING_MIGRATIONS: readonly CacheMigration[] = [
  {
    version: 4,
    name: 'billing: the desk\'s own receipt series and the receipts it issued',
    sql: `
      -- The next number of each of this desk's receipt series ("receipt/2026/CSH1"), taken in the
      -- transaction that queues the payment: a number is never handed out twice, restarts included.
      create table billing_receipt_series (
        series_key text primary key,
        next_number integer not null check (next_number >= 1)
      );

      -- Every receipt this desk issued, online (the server's number) or offline (the desk's series),
      -- kept after it reached the server: the shift's cash, reprints, and refunds name them. A refund
      -- is a row of its own (kind 'refund', the server's number).
      create table billing_receipts (
        receipt_number text primary key,
        kind text not null default 'payment' check (kind in ('payment', 'refund')),
        series_key text,
        sequence integer,
        server_url text not null,
        patient_id text not null,
        invoice_id text,
        method text not null check (method in ('cash', 'card', 'mobile_money', 'bank_transfer')),
        amount_minor integer not null check (amount_minor > 0),
        change_minor integer not null check (change_minor >= 0),
        tendered_minor integer,
        reference text,
        taken_at text not null,
        taken_by text,
        shift_id text,
        idempotency_key text,
        state text not null check (state in ('queued', 'applied', 'refused')),
        payment_id text,
        refunded_minor integer not null default 0 check (refunded_minor >= 0),
        unique (series_key, sequence),
        check ((series_key is null) = (sequence is null))
      );
      create index billing_receipts_patient on billing_receipts (patient_id, taken_at);
      create index billing_receipts_shift on billing_receipts (shift_id);
      create unique index billing_receipts_key on billing_receipts (idempotency_key) where idempotency_key is not null;
    `,
  },
];
