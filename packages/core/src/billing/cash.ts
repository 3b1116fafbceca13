/**
 * Cash at the window: the change a payment gives, and a drawer counted by denomination at the
 * end of a shift against what the shift's records say it should hold.
 */

export type TenderResult =
  | { readonly ok: true; readonly appliedMinor: number; readonly changeMinor: number }
  | { readonly ok: false; readonly problem: 'not_enough' | 'nothing_due'; readonly shortMinor: number };

/**
 * Cash handed over against what is due: the whole amount due is applied and the rest given
 * back; less than due is refused here (a partial cash payment is entered as its amount, with
 * nothing tendered beyond it).
 */
export function tenderCash(dueMinor: number, tenderedMinor: number): TenderResult {
  if (!Number.isSafeInteger(dueMinor) || dueMinor < 0 || !Number.isSafeInteger(tenderedMinor) || tenderedMinor < 0) {
    throw new RangeError('amounts are non-negative integers of minor units');
  }
  if (dueMinor === 0) return { ok: false, problem: 'nothing_due', shortMinor: 0 };
  if (tenderedMinor < dueMinor) return { ok: false, problem: 'not_enough', shortMinor: dueMinor - tenderedMinor };
  return { ok: true, appliedMinor: dueMinor, changeMinor: tenderedMinor - dueMinor };
}

export interface DenominationCount {
  /** The note's or coin's value in minor units. */
  readonly valueMinor: number;
  readonly count: number;
}

/** The drawer's total from a count by denomination; the same denomination twice is refused (a typing slip). */
export function countedTotal(counts: readonly DenominationCount[]): number {
  const seen = new Set<number>();
  let sum = 0;
  for (const { valueMinor, count } of counts) {
    if (!Number.isSafeInteger(valueMinor) || valueMinor <= 0) throw new RangeError('a denomination is a positive integer of minor units');
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('a count is a non-negative whole number');
    if (seen.has(valueMinor)) throw new RangeError(`the denomination ${valueMinor} is counted twice`);
    seen.add(valueMinor);
    sum += valueMinor * count;
  }
  if (!Number.isSafeInteger(sum)) throw new RangeError('the count is too large');
  return sum;
}

export interface ShiftCash {
  readonly floatMinor: number;
  readonly cashInMinor: number;
  readonly cashOutMinor: number;
}

/** What the drawer should hold, and the variance of the count: positive over, negative short. */
export function cashVariance(expected: ShiftCash, counts: readonly DenominationCount[]) {
  const expectedMinor = expected.floatMinor + expected.cashInMinor - expected.cashOutMinor;
  const countedMinor = countedTotal(counts);
  return { expectedMinor, countedMinor, varianceMinor: countedMinor - expectedMinor };
}
