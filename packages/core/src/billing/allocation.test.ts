import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByPercentages, allocateByWeights, allocateEvenly, percentOf } from './allocation.js';

const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0);
const amount = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

describe('allocateByWeights', () => {
  it('gives the left-over minor units to the largest remainders, ties to the earlier share', () => {
    expect(allocateByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByWeights(1000, [1, 2])).toEqual([333, 667]);
    expect(allocateByWeights(5, [0, 3, 0])).toEqual([0, 5, 0]);
    expect(allocateByWeights(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateByWeights(0, [2, 5])).toEqual([0, 0]);
  });

  it('refuses what cannot be split', () => {
    expect(() => allocateByWeights(10, [])).toThrow(RangeError);
    expect(() => allocateByWeights(10, [0, 0])).toThrow(RangeError);
    expect(() => allocateByWeights(10.5, [1])).toThrow(RangeError);
    expect(() => allocateByWeights(10, [1, -1, 2])).toThrow(RangeError);
  });

  it('always adds up to the total, never splits a share by more than one unit from its exact value', () => {
    fc.assert(fc.property(amount, fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 }).filter((w) => sum(w) > 0), (total, weights) => {
      const shares = allocateByWeights(total, weights);
      expect(shares).toHaveLength(weights.length);
      expect(sum(shares)).toBe(total);
      const weightSum = sum(weights);
      shares.forEach((share, index) => {
        expect(Number.isSafeInteger(share)).toBe(true);
        const exact = (total * weights[index]!) / weightSum;
        expect(Math.abs(share - exact)).toBeLessThan(1 + 1e-6 * Math.abs(exact));
        if (weights[index] === 0) expect(share).toBe(0);
        if (total !== 0 && share !== 0) expect(Math.sign(share)).toBe(Math.sign(total));
      });
    }));
  });
});

describe('allocateEvenly', () => {
  it('differs by at most one minor unit between shares and adds up', () => {
    fc.assert(fc.property(amount, fc.integer({ min: 1, max: 60 }), (total, parts) => {
      const shares = allocateEvenly(total, parts);
      expect(sum(shares)).toBe(total);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }));
  });
});

describe('percentOf', () => {
  it('rounds as it is told', () => {
    expect(percentOf(999, 1000, 'down')).toBe(99);
    expect(percentOf(999, 1000, 'up')).toBe(100);
    expect(percentOf(995, 1000, 'half_up')).toBe(100); // 99.5
    expect(percentOf(994, 1000, 'half_up')).toBe(99); // 99.4
    expect(percentOf(1000, 10_000, 'down')).toBe(1000);
    expect(percentOf(1000, 0, 'up')).toBe(0);
    expect(() => percentOf(1000, 10_001, 'down')).toThrow(RangeError);
  });

  it('never goes past the amount and the complement adds up with the opposite rounding', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (value, bp) => {
      const part = percentOf(value, bp, 'down');
      expect(part).toBeGreaterThanOrEqual(0);
      expect(part).toBeLessThanOrEqual(value);
      expect(part + percentOf(value, 10_000 - bp, 'up')).toBe(value);
    }));
  });
});

describe('allocateByPercentages', () => {
  it('needs percentages that make 100 % and always adds up', () => {
    expect(() => allocateByPercentages(100, [5000, 4000])).toThrow(RangeError);
    expect(allocateByPercentages(1001, [3333, 3333, 3334])).toEqual([334, 333, 334]);
    fc.assert(fc.property(amount, fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 10 }), (total, raw) => {
      // Scale arbitrary weights to basis points that add up to 10000.
      const weights = sum(raw) === 0 ? [10_000] : allocateByWeights(10_000, raw);
      expect(sum(allocateByPercentages(total, weights))).toBe(total);
    }));
  });
});
