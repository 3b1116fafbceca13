import { PAYMENT_METHODS } from '@hms/core';
import type { PaymentMethod } from '@hms/core';
import type { Knex } from 'knex';

export interface ShiftRow {
  id: string; cashier_id: string; cashier_name: string; float_minor: string; opened_at: Date; closed_at: Date | null;
  counts: Array<{ valueMinor: number; count: number }> | null; expected_cash_minor: string | null; counted_cash_minor: string | null;
  variance_minor: string | null; variance_note: string | null; totals: ShiftTotals | null;
}

export type ShiftTotals = Awaited<ReturnType<typeof shiftTotals>>;

export function shiftRows(db: Knex) {
  return db('billing_shifts as s').join('users as u', 'u.id', 's.cashier_id')
    .select('s.id', 's.cashier_id', 'u.display_name as cashier_name', 's.float_minor', 's.opened_at', 's.closed_at', 's.counts', 's.expected_cash_minor',
      's.counted_cash_minor', 's.variance_minor', 's.variance_note', 's.totals')
    .orderBy('s.opened_at', 'desc');
}

/** A shift's takings from its payments and refunds by method, and the invoices voided in it. */
export async function shiftTotals(db: Knex, shiftId: string, floatMinor: number) {
  const sums = (await db('billing_payments').where({ shift_id: shiftId }).groupBy('kind', 'method')
    .select('kind', 'method', db.raw('count(*) as n'), db.raw('sum(amount_minor) as total'))) as Array<{ kind: 'payment' | 'refund'; method: PaymentMethod; n: string; total: string }>;
  const voids = Number(((await db('billing_invoice_voids').where({ shift_id: shiftId }).count('* as n')) as Array<{ n: string }>)[0]!.n);
  const of = (kind: 'payment' | 'refund', method: PaymentMethod) => sums.find((row) => row.kind === kind && row.method === method);
  const byMethod = PAYMENT_METHODS.map((method) => ({
    method, payments: Number(of('payment', method)?.n ?? 0), paymentsMinor: Number(of('payment', method)?.total ?? 0),
    refunds: Number(of('refund', method)?.n ?? 0), refundsMinor: Number(of('refund', method)?.total ?? 0),
  }));
  const add = (pick: (row: (typeof byMethod)[number]) => number) => byMethod.reduce((sum, row) => sum + pick(row), 0);
  const cash = byMethod.find((row) => row.method === 'cash')!;
  return {
    byMethod, payments: add((row) => row.payments), paymentsMinor: add((row) => row.paymentsMinor), refunds: add((row) => row.refunds), refundsMinor: add((row) => row.refundsMinor),
    voids, cashInMinor: cash.paymentsMinor, cashOutMinor: cash.refundsMinor, expectedCashMinor: floatMinor + cash.paymentsMinor - cash.refundsMinor,
  };
}

/** The wire shape; an open shift's totals are computed now, a closed one's are those kept at its close. */
export async function toShift(db: Knex, row: ShiftRow) {
  const floatMinor = Number(row.float_minor);
  const num = (value: string | null) => (value === null ? null : Number(value));
  return {
    id: row.id, cashierId: row.cashier_id, cashierName: row.cashier_name, status: row.closed_at === null ? ('open' as const) : ('closed' as const), floatMinor,
    openedAt: row.opened_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null, expectedCashMinor: num(row.expected_cash_minor),
    countedCashMinor: num(row.counted_cash_minor), varianceMinor: num(row.variance_minor), varianceNote: row.variance_note, counts: row.counts,
    totals: row.totals ?? (await shiftTotals(db, row.id, floatMinor)),
  };
}

export async function findShift(db: Knex, id: string) {
  const row = (await shiftRows(db).where('s.id', id).first()) as ShiftRow | undefined;
  return row === undefined ? undefined : toShift(db, row);
}

/**
 * The caller's open shift, share-locked: a close of it waits for this payment to commit, and
 * a payment after the close sees it closed. Undefined without one.
 */
export async function lockOpenShift(trx: Knex.Transaction, cashierId: string): Promise<string | undefined> {
  const row: { id: string } | undefined = await trx('billing_shifts').where({ cashier_id: cashierId }).whereNull('closed_at').forShare().first('id');
  return row?.id;
}
