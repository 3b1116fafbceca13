import type { PaymentReceiptDocument } from './documents.js';

// The words a receipt prints whatever it prints on (thermal roll, page, browser).

export function receiptTitle(receipt: PaymentReceiptDocument): string {
  const title = receipt.refund === null ? 'PAYMENT RECEIPT' : 'REFUND RECEIPT';
  return receipt.reprint ? `${title} (COPY)` : title;
}

export function amountLabel(receipt: PaymentReceiptDocument): string {
  return receipt.refund === null ? 'Amount paid' : 'Amount refunded';
}

/** What is left to pay, as a label and a value; undefined for a refund outside any invoice. */
export function balanceRow(receipt: PaymentReceiptDocument, format: (minor: number) => string): [string, string] | undefined {
  if (receipt.balanceMinor === null) return receipt.refund === null ? ['Deposit', 'held for later invoices'] : undefined;
  if (receipt.balanceMinor === 0) return ['Balance', 'paid in full'];
  return [receipt.balanceMinor < 0 ? 'In credit' : 'Balance left', format(Math.abs(receipt.balanceMinor))];
}

/** A refund's own lines: what it refunds, why, who approved it. */
export function refundRows(receipt: PaymentReceiptDocument): Array<[string, string]> {
  if (receipt.refund === null) return [];
  return [
    ...(receipt.refund.of === null ? [] : [['Refund of', receipt.refund.of] as [string, string]]),
    ['Reason', receipt.refund.reason],
    ...(receipt.refund.approvedBy === null ? [] : [['Approved by', receipt.refund.approvedBy] as [string, string]]),
  ];
}
