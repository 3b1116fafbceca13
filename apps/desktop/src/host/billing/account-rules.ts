import { PAYMENT_METHODS } from '@hms/core';
import type { InvoiceView, PaymentView, ReceiptView, ShiftStateView, ShiftView } from '../../shared/billing/views.js';

/**
 * Kept invoices with the payments this desk took since and has not delivered yet: the balance a
 * cashier offline takes the next payment against. Payments the server has are in its answer.
 */
export function applyQueued(invoices: readonly InvoiceView[], receipts: readonly Pick<ReceiptView, 'invoiceId' | 'amountMinor' | 'state'>[]): InvoiceView[] {
  return invoices.map((invoice) => {
    const waiting = receipts.filter((receipt) => receipt.state === 'queued' && receipt.invoiceId === invoice.id).reduce((sum, receipt) => sum + receipt.amountMinor, 0);
    return waiting === 0 ? invoice : { ...invoice, paidMinor: invoice.paidMinor + waiting, balanceMinor: invoice.balanceMinor - waiting };
  });
}

/** A payment the server has, as a receipt row. */
export function receiptOfPayment(payment: PaymentView): ReceiptView {
  return {
    receiptNumber: payment.receiptNumber, patientId: payment.patientId, invoiceId: payment.invoiceId, method: payment.method, amountMinor: payment.amountMinor,
    changeMinor: payment.changeMinor, tenderedMinor: payment.tenderedMinor, reference: payment.reference, takenAt: payment.takenAt, state: 'applied',
    paymentId: payment.id, shiftId: payment.shiftId, refundedMinor: payment.refundedMinor,
  };
}

/**
 * The patient's receipts: the server's payments (when it gave them) and, of this desk's own,
 * those it does not have: waiting in the outbox, refused on replay, or all of them when the
 * server's list is not to be had. Oldest first.
 */
export function mergeReceipts(server: readonly PaymentView[] | undefined, local: readonly ReceiptView[]): ReceiptView[] {
  const known = new Set((server ?? []).map((payment) => payment.receiptNumber));
  const fromServer = (server ?? []).filter((payment) => payment.kind === 'payment').map(receiptOfPayment);
  const own = local.filter((receipt) => server === undefined || (receipt.state !== 'applied' && !known.has(receipt.receiptNumber)));
  return [...fromServer, ...own].sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.receiptNumber.localeCompare(b.receiptNumber));
}

type Counted = Pick<ReceiptView, 'method' | 'amountMinor' | 'state'> & { kind: 'payment' | 'refund' };

/** Receipts summed: cash in from cash payments, cash out from cash refunds, each method counted; refused ones left out. */
export function shiftTotals(records: readonly Counted[]): Omit<ShiftStateView, 'shift'> {
  const kept = records.filter((record) => record.state !== 'refused');
  const payments = kept.filter((record) => record.kind === 'payment');
  const cashInMinor = payments.filter((record) => record.method === 'cash').reduce((sum, record) => sum + record.amountMinor, 0);
  const cashOutMinor = kept.filter((record) => record.kind === 'refund' && record.method === 'cash').reduce((sum, record) => sum + record.amountMinor, 0);
  const byMethod = PAYMENT_METHODS.map((method) => {
    const of = payments.filter((record) => record.method === method);
    return { method, count: of.length, totalMinor: of.reduce((sum, record) => sum + record.amountMinor, 0) };
  }).filter((row) => row.count > 0);
  return { cashInMinor, cashOutMinor, byMethod };
}

/** The server's running totals of a shift with this desk's payments it does not have yet (taken offline, waiting to send). */
export function withQueued(shift: ShiftView, local: readonly Counted[]): Omit<ShiftStateView, 'shift'> {
  const waiting = shiftTotals(local.filter((record) => record.state === 'queued'));
  const byMethod = PAYMENT_METHODS.map((method) => {
    const server = shift.totals.byMethod.find((row) => row.method === method);
    const queued = waiting.byMethod.find((row) => row.method === method);
    return { method, count: (server?.payments ?? 0) + (queued?.count ?? 0), totalMinor: (server?.paymentsMinor ?? 0) + (queued?.totalMinor ?? 0) };
  }).filter((row) => row.count > 0);
  return { cashInMinor: shift.totals.cashInMinor + waiting.cashInMinor, cashOutMinor: shift.totals.cashOutMinor + waiting.cashOutMinor, byMethod };
}
