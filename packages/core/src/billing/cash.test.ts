import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashVariance, countedTotal, tenderCash } from './cash.js';

describe('tenderCash', () => {
  it('gives back what is tendered beyond the amount due', () => {
    expect(tenderCash(4_350, 5_000)).toEqual({ ok: true, appliedMinor: 4_350, changeMinor: 650 });
    expect(tenderCash(4_350, 4_350)).toEqual({ ok: true, appliedMinor: 4_350, changeMinor: 0 });
  });

  it('refuses too little and nothing due', () => {
    expect(tenderCash(4_350, 4_000)).toEqual({ ok: false, problem: 'not_enough', shortMinor: 350 });
    expect(tenderCash(0, 100)).toEqual({ ok: false, problem: 'nothing_due', shortMinor: 0 });
    expect(() => tenderCash(-1, 100)).toThrow(RangeError);
  });

  it('applied plus change is always what was tendered', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (due, extra) => {
      const result = tenderCash(due, due + extra);
      expect(result.ok && result.appliedMinor + result.changeMinor).toBe(due + extra);
    }));
  });
});

describe('counting the drawer', () => {
  it('adds notes and coins and shows the variance against float, takings and refunds', () => {
    const counts = [{ valueMinor: 100_000, count: 3 }, { valueMinor: 50_000, count: 1 }, { valueMinor: 1_000, count: 7 }];
    expect(countedTotal(counts)).toBe(357_000);
    expect(cashVariance({ floatMinor: 50_000, cashInMinor: 320_000, cashOutMinor: 10_000 }, counts)).toEqual({ expectedMinor: 360_000, countedMinor: 357_000, varianceMinor: -3_000 });
  });

  it('refuses a denomination counted twice or a negative count', () => {
    expect(() => countedTotal([{ valueMinor: 1_000, count: 1 }, { valueMinor: 1_000, count: 2 }])).toThrow(/twice/);
    expect(() => countedTotal([{ valueMinor: 1_000, count: -1 }])).toThrow(RangeError);
    expect(() => countedTotal([{ valueMinor: 0, count: 1 }])).toThrow(RangeError);
  });
});
