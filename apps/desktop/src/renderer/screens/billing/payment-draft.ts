import { cashVariance, parseMajorUnits } from '@hms/core';
import type { PaymentMethod } from '@hms/core';

export interface PaymentDraft {
  method: PaymentMethod;
  /** The invoice paid, or '' for a deposit on the patient's account. */
  invoiceId: string;
  amount: string;
  /** Cash handed over (cash only). */
  tendered: string;
  /** The terminal's, mobile money's or bank's reference. */
  reference: string;
}

export const REFERENCE_LABELS: Readonly<Record<Exclude<PaymentMethod, 'cash'>, string>> = {
  card: 'Terminal reference',
  mobile_money: 'Transaction reference',
  bank_transfer: 'Bank reference',
};

export type PaymentCheck =
  | { ok: true; params: { invoiceId?: string; method: PaymentMethod; amountMinor: number; tenderedMinor?: number; reference?: string }; changeMinor: number }
  | { ok: false; fields: Partial<Record<'amount' | 'tendered' | 'reference', string>> };

/**
 * A payment as typed at the window, checked before it is sent: an amount within the balance
 * (a deposit has none), cash tendered at least the amount (the change shown), and the reference
 * a card or mobile-money payment is traced by.
 */
export function checkPayment(draft: PaymentDraft, balanceMinor: number | undefined, minorDigits: number): PaymentCheck {
  const fields: Partial<Record<'amount' | 'tendered' | 'reference', string>> = {};
  const amount = parseMajorUnits(draft.amount, minorDigits);
  if (!amount.ok) fields.amount = amount.problem === 'is empty' ? 'Enter the amount paid' : `The amount ${amount.problem}`;
  else if (amount.minor === 0) fields.amount = 'The amount must be more than nothing';
  else if (balanceMinor !== undefined && amount.minor > balanceMinor) fields.amount = 'The amount is more than the invoice\'s balance';
  let tenderedMinor: number | undefined;
  if (draft.method === 'cash' && draft.tendered.trim() !== '') {
    const tendered = parseMajorUnits(draft.tendered, minorDigits);
    if (!tendered.ok) fields.tendered = `The cash handed over ${tendered.problem}`;
    else if (amount.ok && tendered.minor < amount.minor) fields.tendered = 'Less cash was handed over than the amount paid';
    else tenderedMinor = tendered.minor;
  }
  const reference = draft.reference.trim();
  if ((draft.method === 'card' || draft.method === 'mobile_money') && reference === '') fields.reference = `Enter the ${REFERENCE_LABELS[draft.method].toLowerCase()}`;
  if (Object.keys(fields).length > 0 || !amount.ok) return { ok: false, fields };
  const params = {
    method: draft.method,
    amountMinor: amount.minor,
    ...(draft.invoiceId === '' ? {} : { invoiceId: draft.invoiceId }),
    ...(tenderedMinor === undefined ? {} : { tenderedMinor }),
    ...(draft.method === 'cash' || reference === '' ? {} : { reference }),
  };
  return { ok: true, params, changeMinor: tenderedMinor === undefined ? 0 : tenderedMinor - amount.minor };
}

/** What a drawer counted by denomination comes to against what the shift should hold, and whether the close needs a note. */
export function checkCount(
  typed: Readonly<Record<number, string>>,
  denominations: readonly number[],
  expected: { floatMinor: number; cashInMinor: number; cashOutMinor: number },
): { ok: true; counts: Array<{ valueMinor: number; count: number }>; expectedMinor: number; countedMinor: number; varianceMinor: number } | { ok: false; problems: Record<number, string> } {
  const problems: Record<number, string> = {};
  const counts = denominations.map((valueMinor) => {
    const text = (typed[valueMinor] ?? '').trim();
    if (text !== '' && !/^\d{1,6}$/.test(text)) problems[valueMinor] = 'a whole number of pieces';
    return { valueMinor, count: text === '' ? 0 : Number(text) };
  });
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, counts, ...cashVariance(expected, counts) };
}
