import type { OfflineWrites } from '../writes/offline-writes.js';
import type { ReceiptBook } from './receipt-book.js';

/**
 * What the cashier desk does once a payment left it: the receipt it numbered is marked as the
 * server's payment (its id is what a refund names), or as refused (an overpayment, a voided
 * invoice: the conflicts inbox holds it). Its receipt was printed and stays issued either way.
 */
export function billingOfflineWrites({ book, changed }: { book: ReceiptBook; changed(patientId: string): void }): OfflineWrites<'billing'> {
  return {
    'payments.take': {
      applied: ({ payment }, { idempotencyKey }) => {
        const record = book.settle(idempotencyKey, { state: 'applied', payment });
        changed(record?.patientId ?? payment.patientId);
      },
      refused: (conflict) => {
        const record = book.settle(conflict.idempotencyKey, { state: 'refused' });
        changed(record?.patientId ?? conflict.params.patientId);
      },
    },
  };
}
