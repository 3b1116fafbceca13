/**
 * Splitting an amount of money (integer minor units) into shares that always add up to it.
 * Rounding is explicit: every share is first rounded down, then the minor units left over go
 * one each to the shares with the largest remainders (ties to the earlier share), so no unit
 * is created or lost and the result does not depend on floating point.
 */

function requireMinor(name: string, value: number, allowNegative = false): void {
  if (!Number.isSafeInteger(value) || (!allowNegative && value < 0)) {
    throw new RangeError(`${name} must be ${allowNegative ? 'an' : 'a non-negative'} integer amount of minor units`);
  }
}

/** `total` split in proportion to `weights` (non-negative integers, at least one above 0). */
export function allocateByWeights(total: number, weights: readonly number[]): number[] {
  requireMinor('the total', total, true);
  if (weights.length === 0) throw new RangeError('there must be at least one share');
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError('a weight must be a non-negative integer');
  }
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weightSum === 0) throw new RangeError('at least one weight must be above 0');
  if (!Number.isSafeInteger(weightSum)) throw new RangeError('the weights are too large');
  // A negative total (a credit) is split like its positive and negated: shares keep one sign.
  const sign = total < 0 ? -1 : 1;
  const magnitude = BigInt(Math.abs(total));
  const sum = BigInt(weightSum);
  const floors = weights.map((weight) => (magnitude * BigInt(weight)) / sum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (magnitude * BigInt(weight)) % sum }));
  let left = Number(magnitude - floors.reduce((acc, floor) => acc + floor, 0n));
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const shares = floors.map(Number);
  for (const { index } of remainders) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares.map((share) => (share === 0 ? 0 : sign * share));
}

/** `total` in `parts` shares as equal as can be (the first ones take the extra minor units). */
export function allocateEvenly(total: number, parts: number): number[] {
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError('there must be at least one share');
  return allocateByWeights(total, Array.from({ length: parts }, () => 1));
}

/**
 * A percentage given in basis points (1 % = 100 bp, so 12.5 % is 1250): exact on the wire,
 * where a float percentage would not be.
 */
export const BASIS_POINTS_WHOLE = 10_000;

export type Rounding = 'down' | 'up' | 'half_up';

/** `basisPoints` of `amount`, rounded as stated (half_up: 0.5 of a minor unit goes up). */
export function percentOf(amount: number, basisPoints: number, rounding: Rounding): number {
  requireMinor('the amount', amount);
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > BASIS_POINTS_WHOLE) {
    throw new RangeError('a percentage is 0 to 10000 basis points');
  }
  const product = BigInt(amount) * BigInt(basisPoints);
  const whole = BigInt(BASIS_POINTS_WHOLE);
  const floor = product / whole;
  const rest = product % whole;
  if (rest === 0n || rounding === 'down') return Number(floor);
  if (rounding === 'up') return Number(floor + 1n);
  return Number(rest * 2n >= whole ? floor + 1n : floor);
}

/**
 * `total` split by percentages in basis points that add up to 100 %: the largest-remainder
 * rule above, so the shares add up to the total whatever the percentages.
 */
export function allocateByPercentages(total: number, basisPoints: readonly number[]): number[] {
  const sum = basisPoints.reduce((acc, bp) => acc + bp, 0);
  if (sum !== BASIS_POINTS_WHOLE) throw new RangeError('the percentages must add up to 100 % (10000 basis points)');
  return allocateByWeights(total, basisPoints);
}
