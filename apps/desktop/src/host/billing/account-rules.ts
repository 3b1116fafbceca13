import { PAYMENT_METHODS } from '@hms/core';
import type { InvoiceView, ReceiptView, ShiftStateView } from '../../shared/billing/views.js';

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

/** A shift's receipts at this desk summed: cash in (payments net of change), cash out (cash refunds), and each method's count and total. */
export function shiftTotals(records: ReadonlyArray<Pick<ReceiptView, 'method' | 'amountMinor' | 'state'> & { kind: 'payment' | 'refund' }>): Omit<ShiftStateView, 'shift'> {
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
