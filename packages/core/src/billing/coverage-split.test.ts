import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByScheme } from './coverage-split.js';
import type { BillLine, CoverageTerms, SchemeRule } from './coverage-split.js';

const lines: BillLine[] = [
  { serviceCode: 'CONSULT', amountMinor: 150_000 },
  { serviceCode: 'LAB-FBC', amountMinor: 80_000 },
  { serviceCode: 'COSMETIC', amountMinor: 20_000 },
];
const terms = (rule: SchemeRule, more: Partial<CoverageTerms> = {}): CoverageTerms => ({ rule, excludedServices: ['COSMETIC'], annualLimitLeftMinor: null, ...more });

describe('splitByScheme', () => {
  it('leaves a cash patient everything', () => {
    const split = splitByScheme(lines, null);
    expect(split.payerMinor).toBe(0);
    expect(split.patientMinor).toBe(250_000);
    expect(split.lines.every((line) => line.reason === 'no_cover')).toBe(true);
  });

  it('charges a fixed co-pay once per invoice and the excluded service to the patient', () => {
    const split = splitByScheme(lines, terms({ kind: 'copay_fixed', copayMinor: 23_000 }));
    expect(split.patientMinor).toBe(20_000 + 23_000);
    expect(split.payerMinor).toBe(230_000 - 23_000);
    expect(split.lines[2]).toEqual({ payerMinor: 0, patientMinor: 20_000, reason: 'excluded' });
    // The co-pay spread over the covered lines by their amounts: 15:8 of 23000.
    expect(split.lines[0]).toEqual({ payerMinor: 135_000, patientMinor: 15_000, reason: 'covered' });
    expect(split.lines[1]).toEqual({ payerMinor: 72_000, patientMinor: 8_000, reason: 'covered' });
  });

  it('never charges a co-pay above what the scheme covers', () => {
    const split = splitByScheme([{ serviceCode: 'LAB-FBC', amountMinor: 500 }], terms({ kind: 'copay_fixed', copayMinor: 1_000 }));
    expect(split).toMatchObject({ payerMinor: 0, patientMinor: 500 });
  });

  it('takes the co-insurance percentage of each covered line, half a unit to the patient', () => {
    const split = splitByScheme([{ serviceCode: 'A', amountMinor: 1_005 }, { serviceCode: 'B', amountMinor: 1_004 }], terms({ kind: 'coinsurance', patientBasisPoints: 1_000 }));
    expect(split.lines.map((line) => line.patientMinor)).toEqual([101, 100]); // 100.5 -> 101, 100.4 -> 100
    expect(split.payerMinor).toBe(904 + 904);
  });

  it('stops the payer at the annual limit left and moves the excess to the patient', () => {
    const split = splitByScheme(lines, terms({ kind: 'full_cover' }, { annualLimitLeftMinor: 100_000 }));
    expect(split.payerMinor).toBe(100_000);
    expect(split.overLimitMinor).toBe(130_000);
    expect(split.patientMinor).toBe(150_000);
    const exhausted = splitByScheme(lines, terms({ kind: 'full_cover' }, { annualLimitLeftMinor: 0 }));
    expect(exhausted).toMatchObject({ payerMinor: 0, patientMinor: 250_000 });
  });

  const ruleArb: fc.Arbitrary<SchemeRule> = fc.oneof(
    fc.record({ kind: fc.constant('copay_fixed' as const), copayMinor: fc.integer({ min: 0, max: 1_000_000 }) }),
    fc.record({ kind: fc.constant('coinsurance' as const), patientBasisPoints: fc.integer({ min: 0, max: 10_000 }) }),
    fc.constant({ kind: 'full_cover' as const }),
  );
  const codes = ['A', 'B', 'C', 'D'];

  it('splits every line into two non-negative shares that add up to it, within the limit', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ serviceCode: fc.constantFrom(...codes), amountMinor: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 40 }),
      ruleArb,
      fc.subarray(codes),
      fc.option(fc.integer({ min: -1_000, max: 50_000_000 }), { nil: null }),
      (bill, rule, excludedServices, annualLimitLeftMinor) => {
        const split = splitByScheme(bill, { rule, excludedServices, annualLimitLeftMinor });
        let payer = 0;
        let patient = 0;
        split.lines.forEach((line, index) => {
          expect(line.payerMinor).toBeGreaterThanOrEqual(0);
          expect(line.patientMinor).toBeGreaterThanOrEqual(0);
          expect(line.payerMinor + line.patientMinor).toBe(bill[index]!.amountMinor);
          if (excludedServices.includes(bill[index]!.serviceCode)) expect(line.payerMinor).toBe(0);
          payer += line.payerMinor;
          patient += line.patientMinor;
        });
        expect(split.payerMinor).toBe(payer);
        expect(split.patientMinor).toBe(patient);
        if (annualLimitLeftMinor !== null) expect(split.payerMinor).toBeLessThanOrEqual(Math.max(0, annualLimitLeftMinor));
      },
    ));
  });
});
