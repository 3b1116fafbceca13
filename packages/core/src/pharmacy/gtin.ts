/**
 * GTIN check digits (GS1 General Specifications 7.9.1): weights 3 and 1 alternate from the
 * right of the payload; the check digit brings the weighted sum to a multiple of 10. Every
 * GTIN length (8, 12, 13, 14) uses the same rule, so a shorter GTIN zero-padded to 14 digits
 * keeps its check digit.
 */
export function gtinCheckDigit(payload: string): number {
  if (!/^\d+$/.test(payload)) throw new RangeError('a GTIN payload is digits only');
  let sum = 0;
  for (let i = payload.length - 1, weight = 3; i >= 0; i -= 1, weight = weight === 3 ? 1 : 3) sum += Number(payload[i]) * weight;
  return (10 - (sum % 10)) % 10;
}

export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** What is wrong with a GTIN as typed or scanned; undefined when it is a valid GTIN-8/12/13/14. */
export function gtinProblem(value: string): string | undefined {
  if (!/^\d+$/.test(value)) return 'must be digits only';
  if (!(GTIN_LENGTHS as readonly number[]).includes(value.length)) return 'must have 8, 12, 13 or 14 digits';
  const expected = gtinCheckDigit(value.slice(0, -1));
  if (Number(value.at(-1)) !== expected) return `has a wrong check digit (the last digit should be ${expected}): mistyped or misread`;
  return undefined;
}

/** A valid GTIN as the 14 digits AI (01) carries (GTIN-13 `5012345678900` is `05012345678900`). */
export function normalizeGtin(value: string): string {
  const problem = gtinProblem(value);
  if (problem !== undefined) throw new RangeError(`GTIN ${problem}`);
  return value.padStart(14, '0');
}
