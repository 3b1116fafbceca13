import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandLimits, convertAmount, doseAmount, exceeds, formatAmount, roundDose, toMicro } from './dose.js';

// Amounts as prescribers write them: up to three decimals, from a microgram to ten grams.
const amount = fc.integer({ min: 1, max: 10_000_000 }).map((thousandths) => thousandths / 1000);
const weight = fc.integer({ min: 5, max: 1500 }).map((tenths) => tenths / 10);
const perKg = fc.integer({ min: 1, max: 100_000 }).map((thousandths) => thousandths / 1000);

describe('dose arithmetic', () => {
  it('converts mass units both ways without drift', () => {
    fc.assert(fc.property(amount, (mg) => {
      expect(toMicro(convertAmount(convertAmount(mg, 'mg', 'g')!, 'g', 'mg')!)).toBe(toMicro(mg));
      expect(toMicro(convertAmount(convertAmount(mg, 'mg', 'mcg')!, 'mcg', 'mg')!)).toBe(toMicro(mg));
      expect(toMicro(convertAmount(mg, 'g', 'mg')!)).toBe(toMicro(mg * 1000));
    }));
  });

  it('refuses to convert across kinds (mass, units, mmol)', () => {
    expect(convertAmount(5, 'unit', 'mg')).toBeUndefined();
    expect(convertAmount(5, 'mmol', 'mg')).toBeUndefined();
    expect(convertAmount(5, 'mg', 'unit')).toBeUndefined();
  });

  it('reaches the same verdict for one dose written in g, mg or mcg', () => {
    fc.assert(fc.property(amount, amount, (doseMg, limitMg) => {
      const product = { strength: { amount: 500, unit: 'mg' as const }, form: 'tablet' as const };
      const verdicts = (['g', 'mg', 'mcg'] as const).map((unit) => {
        const written = unit === 'g' ? doseMg / 1000 : unit === 'mcg' ? doseMg * 1000 : doseMg;
        const result = doseAmount(product, written, unit, 'mg');
        if (!result.ok) throw new Error(result.reason);
        return exceeds(result.amount, limitMg);
      });
      expect(new Set(verdicts).size).toBe(1);
      expect(verdicts[0]).toBe(toMicro(doseMg) > toMicro(limitMg));
    }));
  });

  it('counts tablets and measures liquids through the strength', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 1000 }), (count, strengthMg) => {
      const result = doseAmount({ strength: { amount: strengthMg, unit: 'mg' }, form: 'tablet' }, count, 'tablet', 'mg');
      expect(result).toEqual({ ok: true, amount: count * strengthMg });
    }));
    fc.assert(fc.property(amount, fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 10 }), (ml, mg, perMl) => {
      const result = doseAmount({ strength: { amount: mg, unit: 'mg', perMl }, form: 'oral suspension' }, ml, 'mL', 'mg');
      expect(result.ok && result.amount).toBe(roundDose((ml * mg) / perMl));
    }));
    // 2 mL of 125 mg/5 mL is 50 mg; 0.5 g of a 500 mg tablet is one tablet's worth.
    expect(doseAmount({ strength: { amount: 125, unit: 'mg', perMl: 5 }, form: 'oral suspension' }, 2, 'mL', 'mg')).toEqual({ ok: true, amount: 50 });
    expect(doseAmount({ strength: { amount: 62.5, unit: 'mcg' }, form: 'tablet' }, 2, 'tablet', 'mg')).toEqual({ ok: true, amount: 0.125 });
  });

  it('says why a dose cannot be measured: a count for another form, mL of a tablet, units against mg', () => {
    expect(doseAmount({ strength: { amount: 500, unit: 'mg' }, form: 'tablet' }, 5, 'mL', 'mg').ok).toBe(false);
    expect(doseAmount({ strength: { amount: 500, unit: 'mg' }, form: 'tablet' }, 1, 'capsule', 'mg').ok).toBe(false);
    expect(doseAmount({ strength: null, form: 'cream' }, 1, 'application', 'mg').ok).toBe(false);
    expect(doseAmount({ strength: { amount: 100, unit: 'unit', perMl: 1 }, form: 'injection' }, 10, 'mg', 'unit').ok).toBe(false);
  });

  it('takes mg/kg from the weight, capped by the absolute maximum, and never lower for a heavier child', () => {
    fc.assert(fc.property(perKg, weight, weight, fc.option(amount, { nil: undefined }), (mgPerKg, w1, w2, cap) => {
      const band = { maxSinglePerKg: mgPerKg, ...(cap === undefined ? {} : { maxSingle: cap }) };
      const single = bandLimits(band, w1).single!;
      const uncapped = roundDose(mgPerKg * w1);
      expect(single.amount).toBe(cap === undefined ? uncapped : Math.min(uncapped, cap));
      const [lighter, heavier] = w1 <= w2 ? [w1, w2] : [w2, w1];
      expect(bandLimits(band, heavier).single!.amount).toBeGreaterThanOrEqual(bandLimits(band, lighter).single!.amount);
    }));
  });

  it('does not apply per-kg maxima without a weight, and says so', () => {
    expect(bandLimits({ maxSinglePerKg: 15, maxSingle: 1000 }, null)).toEqual({ single: { amount: 1000 }, daily: undefined, missingWeight: true });
    expect(bandLimits({ maxSingle: 1000 }, null).missingWeight).toBe(false);
  });

  it('never finds a dose exactly at its mg/kg limit over it, and always finds one microgram more over it', () => {
    fc.assert(fc.property(perKg, weight, (mgPerKg, kg) => {
      const limit = bandLimits({ maxSinglePerKg: mgPerKg }, kg).single!.amount;
      // The prescriber types the limit as shown (rounded), in mg or in g.
      expect(exceeds(limit, limit)).toBe(false);
      expect(exceeds(convertAmount(convertAmount(limit, 'mg', 'g')!, 'g', 'mg')!, limit)).toBe(false);
      expect(exceeds(limit + 0.000001, limit)).toBe(true);
    }));
    // 15 mg/kg for 13.3 kg is 199.5 mg, though 15 * 13.3 is 199.49999999999997 in floating point.
    expect(bandLimits({ maxSinglePerKg: 15 }, 13.3).single!.amount).toBe(199.5);
    expect(exceeds(199.5, bandLimits({ maxSinglePerKg: 15 }, 13.3).single!.amount)).toBe(false);
  });

  it('writes amounts without float noise or trailing zeros', () => {
    expect(formatAmount(0.1 + 0.2, 'mg')).toBe('0.3 mg');
    expect(formatAmount(1000, 'mg')).toBe('1000 mg');
    expect(formatAmount(0.1995, 'mg')).toBe('0.1995 mg');
    expect(formatAmount(1, 'unit')).toBe('1 unit');
    expect(formatAmount(20, 'unit')).toBe('20 units');
  });
});
