import { formatMinorUnits } from '@hms/core';
import { z } from 'zod';

/**
 * The hospital's currency as printouts need it: its ISO code, its exponent (minor digits: 2 for
 * KES, 0 for UGX, 3 for KWD) and, when the hospital prints one, its symbol. Amounts stay integer
 * minor units up to the page; only here do they become digits with a point.
 */
export const PrintMoneySchema = z.object({
  code: z.string().regex(/^[A-Z]{3}$/, 'is an ISO 4217 code such as KES'),
  minorDigits: z.number().int().min(0).max(4),
  /** Printed before amounts instead of the code ("KSh", "€"), where the printer can print it. */
  symbol: z.string().trim().min(1).max(5).optional(),
});
export type PrintMoney = z.infer<typeof PrintMoneySchema>;

/** "1,250.00": digits only, for table columns headed by the currency. */
export function amount(minor: number, money: PrintMoney): string {
  return formatMinorUnits(minor, money.minorDigits);
}

/** "KES 1,250.00" (or "€ 12.50" with a symbol); a negative amount keeps its sign before the digits. */
export function money(minor: number, currency: PrintMoney, useSymbol = true): string {
  const mark = useSymbol && currency.symbol !== undefined ? currency.symbol : currency.code;
  return `${mark} ${amount(minor, currency)}`;
}
