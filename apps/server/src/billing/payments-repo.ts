import type { Payment, PaymentFlagReason, PaymentMethod } from '@hms/core';
import type { Knex } from 'knex';

interface PaymentRow {
  id: string; kind: 'payment' | 'refund'; receipt_number: string; patient_id: string; invoice_id: string | null; shift_id: string; method: PaymentMethod;
  amount_minor: string; tendered_minor: string | null; change_minor: string; reference: string | null; taken_at: Date; recorded_at: Date; taken_by_name: string;
  offline_desk_code: string | null; refund_of: string | null; reason: string | null; approved_by_name: string | null;
  refunded_minor: string; applied_minor: string; flags: PaymentFlagReason[] | null;
}

/** Payments with who took them, what is refunded and applied of each, and their conflict flags. */
export function paymentRows(db: Knex) {
  return db('billing_payments as p')
    .join('users as t', 't.id', 'p.taken_by')
    .leftJoin('users as a', 'a.id', 'p.approved_by')
    .select('p.id', 'p.kind', 'p.receipt_number', 'p.patient_id', 'p.invoice_id', 'p.shift_id', 'p.method', 'p.amount_minor', 'p.tendered_minor', 'p.change_minor',
      'p.reference', 'p.taken_at', 'p.recorded_at', 't.display_name as taken_by_name', 'p.offline_desk_code', 'p.refund_of', 'p.reason', 'a.display_name as approved_by_name',
      db.raw('(select coalesce(sum(r.amount_minor), 0) from billing_payments r where r.refund_of = p.id) as refunded_minor'),
      db.raw('(select coalesce(sum(d.amount_minor), 0) from billing_deposit_applications d where d.deposit_id = p.id) as applied_minor'),
      db.raw('(select array_agg(c.reason order by c.reason) from billing_payment_conflicts c where c.payment_id = p.id) as flags'))
    .orderBy([{ column: 'p.taken_at', order: 'desc' }, { column: 'p.recorded_at', order: 'desc' }]);
}

export function toPayment(row: PaymentRow): Payment {
  const amount = Number(row.amount_minor);
  const refunded = Number(row.refunded_minor);
  const isDeposit = row.kind === 'payment' && row.invoice_id === null;
  return {
    id: row.id, kind: row.kind, receiptNumber: row.receipt_number, patientId: row.patient_id, invoiceId: row.invoice_id, shiftId: row.shift_id, method: row.method,
    amountMinor: amount, tenderedMinor: row.tendered_minor === null ? null : Number(row.tendered_minor), changeMinor: Number(row.change_minor), reference: row.reference,
    takenAt: row.taken_at.toISOString(), recordedAt: row.recorded_at.toISOString(), takenByName: row.taken_by_name, offlineDeskCode: row.offline_desk_code,
    refundOf: row.refund_of, reason: row.reason, approvedByName: row.approved_by_name, refundedMinor: refunded,
    unappliedMinor: isDeposit ? amount - refunded - Number(row.applied_minor) : 0, flags: row.flags ?? [],
  };
}

export async function findPayment(db: Knex, id: string): Promise<Payment | undefined> {
  const row = (await paymentRows(db).where('p.id', id).first()) as PaymentRow | undefined;
  return row === undefined ? undefined : toPayment(row);
}

export async function listPayments(query: Knex.QueryBuilder): Promise<Payment[]> {
  return ((await query) as PaymentRow[]).map(toPayment);
}

/** What an invoice has been paid: its payments and applied deposits, less their refunds. */
export async function invoicePaidMinor(db: Knex, invoiceId: string): Promise<number> {
  const { rows } = await db.raw(
    `select (select coalesce(sum(case when kind = 'payment' then amount_minor else -amount_minor end), 0) from billing_payments where invoice_id = :id)
          + (select coalesce(sum(amount_minor), 0) from billing_deposit_applications where invoice_id = :id) as paid`,
    { id: invoiceId },
  );
  return Number((rows as Array<{ paid: string }>)[0]!.paid);
}

/** The money side of an invoice: paid, credited, void, balance, and what made them (invoices.get shows it). */
export async function invoiceMoney(db: Knex, invoiceId: string, patientMinor: number) {
  const paidMinor = await invoicePaidMinor(db, invoiceId);
  const adjustments = (await db('billing_invoice_adjustments as j').join('users as u', 'u.id', 'j.by_user').leftJoin('users as a', 'a.id', 'j.approved_by')
    .where('j.invoice_id', invoiceId).orderBy([{ column: 'j.at' }, { column: 'j.sequence' }])
    .select('j.id', 'j.kind', 'j.number', 'j.amount_minor', 'j.reason', 'j.at', 'u.display_name as by_name', 'a.display_name as approved_by_name',
      db.raw('coalesce((select array_agg(l.charge_id order by l.charge_id) from billing_credit_note_lines l where l.adjustment_id = j.id), array[]::uuid[]) as charge_ids'))) as Array<{
    id: string; kind: 'credit_note' | 'discount' | 'write_off'; number: string; amount_minor: string; reason: string; at: Date; by_name: string; approved_by_name: string | null; charge_ids: string[];
  }>;
  const creditedMinor = adjustments.reduce((sum, row) => sum + Number(row.amount_minor), 0);
  const voided: { voided_at: Date; reason: string } | undefined = await db('billing_invoice_voids').where({ invoice_id: invoiceId }).first('voided_at', 'reason');
  const depositsApplied = ((await db('billing_deposit_applications').where({ invoice_id: invoiceId }).orderBy('applied_at').select('id', 'deposit_id', 'amount_minor', 'applied_at')) as Array<{
    id: string; deposit_id: string; amount_minor: string; applied_at: Date;
  }>).map((row) => ({ id: row.id, depositId: row.deposit_id, invoiceId, amountMinor: Number(row.amount_minor), at: row.applied_at.toISOString() }));
  // A void invoice owes nothing; what was paid on it anyway (an offline replay) is owed back.
  const owed = voided === undefined ? patientMinor - creditedMinor : 0;
  return {
    status: voided === undefined ? ('issued' as const) : ('void' as const),
    paidMinor, creditedMinor, balanceMinor: owed - paidMinor,
    voidedAt: voided?.voided_at.toISOString() ?? null, voidReason: voided?.reason ?? null,
    payments: (await listPayments(paymentRows(db).where('p.invoice_id', invoiceId))).reverse(),
    depositsApplied,
    adjustments: adjustments.map((row) => ({
      id: row.id, invoiceId, kind: row.kind, number: row.number, amountMinor: Number(row.amount_minor), chargeIds: row.charge_ids, reason: row.reason,
      at: row.at.toISOString(), byName: row.by_name, approvedByName: row.approved_by_name,
    })),
  };
}

/** An invoice's balance now (the caller holds the invoice's lock when it matters). */
export async function invoiceBalance(db: Knex, invoiceId: string): Promise<{ balanceMinor: number; void: boolean; patientId: string }> {
  const invoice: { patient_id: string; patient_minor: string } | undefined = await db('billing_invoices').where({ id: invoiceId }).first('patient_id', 'patient_minor');
  if (invoice === undefined) throw new Error(`invoice ${invoiceId} vanished`);
  const money = await invoiceMoney(db, invoiceId, Number(invoice.patient_minor));
  return { balanceMinor: money.balanceMinor, void: money.status === 'void', patientId: invoice.patient_id };
}

/** A patient's deposits not yet applied nor refunded. */
export async function depositBalanceMinor(db: Knex, patientId: string): Promise<number> {
  const { rows } = await db.raw(
    `select coalesce(sum(p.amount_minor
        - (select coalesce(sum(r.amount_minor), 0) from billing_payments r where r.refund_of = p.id)
        - (select coalesce(sum(d.amount_minor), 0) from billing_deposit_applications d where d.deposit_id = p.id)), 0) as left
     from billing_payments p where p.patient_id = ? and p.kind = 'payment' and p.invoice_id is null`,
    [patientId],
  );
  return Number((rows as Array<{ left: string }>)[0]!.left);
}
