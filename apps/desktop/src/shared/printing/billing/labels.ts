import { parseDocumentNumber } from '@hms/core';
import type { PaymentMethod, ServiceCategory } from '@hms/core';

// Words the cashier's printouts share, whatever they print on.

export const PAYMENT_METHOD_LABELS: Readonly<Record<PaymentMethod, string>> = {
  cash: 'Cash', card: 'Card', mobile_money: 'Mobile money', bank_transfer: 'Bank transfer',
};

/** The department heading of a service category, for charges that name no department. */
export const CATEGORY_DEPARTMENTS: Readonly<Record<ServiceCategory, string>> = {
  registration: 'Registration', consultation: 'Consultation', lab: 'Laboratory', imaging: 'Imaging',
  procedure: 'Procedures', drug: 'Pharmacy', bed_day: 'Ward', other: 'Other services',
};

/** The desk whose offline series numbered a receipt ("CSH1" of "CSH1-RCT-2026-000007"); undefined for the server's. */
export function offlineDeskOf(receiptNumber: string): string | undefined {
  return parseDocumentNumber(receiptNumber)?.series.deskCode;
}

export const OFFLINE_NOTE = 'Taken offline: numbered by this desk\'s own series.';
