import type { OfflineWrites } from '../../app/desk-module.js';

/**
 * How the outbox names the cashier's queued payments. A payment refused on replay (an
 * overpayment, a voided invoice) is not sent again as it was: its receipt was printed, so a
 * person settles it (the conflicts inbox keeps it, with the receipt number in its label).
 */
export const billingOfflineWrites: OfflineWrites<'billing'> = {
  'payments.take': { label: 'Payment' },
};
