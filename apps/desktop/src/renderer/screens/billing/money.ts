import { formatMinorUnits } from '@hms/core';
import type { PaymentMethod } from '@hms/core';
import type { BillingSettings } from '../../../shared/billing/settings.js';

export const METHOD_LABELS: Readonly<Record<PaymentMethod, string>> = { cash: 'Cash', card: 'Card', mobile_money: 'Mobile money', bank_transfer: 'Bank transfer' };

/** "KES 1,250.00" in the desk's currency. */
export function moneyText(minor: number, currency: BillingSettings['currency']): string {
  return `${currency.code} ${formatMinorUnits(minor, currency.minorDigits)}`;
}

/** A denomination as printed on the note or coin: "1,000", "0.50". */
export function denominationText(valueMinor: number, currency: BillingSettings['currency']): string {
  const text = formatMinorUnits(valueMinor, currency.minorDigits);
  return currency.minorDigits > 0 && text.endsWith(`.${'0'.repeat(currency.minorDigits)}`) ? text.slice(0, -(currency.minorDigits + 1)) : text;
}
