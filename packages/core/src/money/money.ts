/**
 * Money on screens and on the wire. The wire carries integer minor units (cents, pence);
 * people type and read major units with a decimal point ("4.50"). No floating point touches an
 * amount: the typed text is split at its point and the digits joined, so "0.29" is 29, never
 * 28.999. `minorDigits` is the currency's number of minor digits (2 for KES, USD, EUR; 0 for
 * UGX or JPY; 3 for KWD).
 */
export const DEFAULT_MINOR_DIGITS = 2;

export type MoneyParse = { ok: true; minor: number } | { ok: false; problem: string };

/** The largest amount a price field accepts, in minor units (the wire's limit is higher; no unit costs this). */
const MAX_MINOR = 1_000_000_000_000;

/** Typed major units ("4.5", "1,250.00", "12") as integer minor units; a clear problem otherwise. */
export function parseMajorUnits(typed: string, minorDigits = DEFAULT_MINOR_DIGITS): MoneyParse {
  const text = typed.trim().replace(/[,\s_](?=\d{3}(?:\D|$))/g, '');
  if (text === '') return { ok: false, problem: 'is empty' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (match === null) return { ok: false, problem: text.startsWith('-') ? 'may not be negative' : 'must be an amount such as 4.50' };
  const [, whole, fraction = ''] = match;
  if (fraction.length > minorDigits) {
    return { ok: false, problem: minorDigits === 0 ? 'has no decimal places in this currency' : `has at most ${minorDigits} decimal places` };
  }
  const minor = Number(whole) * 10 ** minorDigits + Number(fraction.padEnd(minorDigits, '0') || '0');
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return { ok: false, problem: 'is too large' };
  return { ok: true, minor };
}

/** Integer minor units as major units with all minor digits ("450" -> "4.50"), digits grouped by thousands. */
export function formatMinorUnits(minor: number, minorDigits = DEFAULT_MINOR_DIGITS): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError('an amount in minor units is an integer');
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(minorDigits + 1, '0');
  const whole = digits.slice(0, digits.length - minorDigits).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = digits.slice(digits.length - minorDigits);
  return minorDigits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** Quantity times a unit price, in minor units (a line's value). */
export function lineTotalMinor(quantity: number, unitMinor: number): number {
  const total = quantity * unitMinor;
  if (!Number.isSafeInteger(total)) throw new RangeError('the line total is too large');
  return total;
}
