import { describe, expect, it } from 'vitest';
import { LAB_TESTS } from './data/index.js';
import { convertUnit, roundToDecimals } from './units.js';

describe('unit conversion (UCUM)', () => {
  it('converts glucose 100 mg/dL to 5.6 mmol/L with its molar mass 180.16 g/mol, and g/dL to g/L', () => {
    const glucose = convertUnit(100, 'mg/dL', 'mmol/L', 180.16);
    expect(glucose.ok && roundToDecimals(glucose.value, 1)).toBe(5.6);
    const creatinine = convertUnit(1, 'mg/dL', 'umol/L', 113.12);
    expect(creatinine.ok && roundToDecimals(creatinine.value, 0)).toBe(88);
    expect(convertUnit(12.3, 'g/dL', 'g/L')).toEqual({ ok: true, value: 123 });
    expect(convertUnit(1, 'mg/dL', 'mmol/L').ok).toBe(false);
  });
  it('rounds half away from zero at the test precision', () => {
    expect(roundToDecimals(1.005, 2)).toBe(1.01);
    expect(roundToDecimals(-2.45, 1)).toBe(-2.5);
    expect(roundToDecimals(5.5507, 1)).toBe(5.6);
  });
});

describe('mass to molar units with the catalogue\'s molar masses (an analyzer sending mg/dL)', () => {
  const massOf = (code: string) => {
    const test = LAB_TESTS.find((item) => item.code === code);
    if (test === undefined) throw new Error(`${code} is not in the catalogue`);
    return test.molarMass;
  };
  // Published conversion factors (mass unit to SI), as in clinical chemistry's SI tables:
  // glucose mg/dL / 18.016 = mmol/L, cholesterol x 0.02586, triglycerides x 0.01129 (as
  // triolein), creatinine x 88.4 to umol/L, urea x 0.1665, bilirubin x 17.1 to umol/L, calcium
  // x 0.2495, uric acid x 0.05948, magnesium x 0.4114, phosphate (as P) x 0.3229, lactate x 0.111.
  const factors: Array<[codes: string[], mgPerDl: number, to: string, factor: number]> = [
    [['GLU', 'FGLU', 'CSF_GLU'], 100, 'mmol/L', 1 / 18.016],
    [['CHOL', 'HDL'], 200, 'mmol/L', 0.02586],
    [['TRIG'], 150, 'mmol/L', 0.01129],
    [['CREAT'], 1, 'umol/L', 88.4],
    [['UREA'], 30, 'mmol/L', 0.1665],
    [['TBIL', 'DBIL'], 1.2, 'umol/L', 17.1],
    [['CA'], 10, 'mmol/L', 0.2495],
    [['URIC'], 6, 'mmol/L', 0.05948],
    [['MG'], 2, 'mmol/L', 0.4114],
    [['PO4'], 3.5, 'mmol/L', 0.3229],
    [['LACTATE'], 18, 'mmol/L', 0.111],
  ];
  for (const [codes, mgPerDl, to, factor] of factors) {
    it(`${codes.join(', ')}: ${mgPerDl} mg/dL is ${(mgPerDl * factor).toPrecision(4)} ${to} (x ${factor.toPrecision(4)})`, () => {
      for (const code of codes) {
        const test = LAB_TESTS.find((item) => item.code === code)!;
        expect(test.result.type === 'numeric' && test.result.unit).toBe(to);
        const converted = convertUnit(mgPerDl, 'mg/dL', to, massOf(code));
        expect(converted.ok, `${code}: ${converted.ok ? '' : converted.reason}`).toBe(true);
        // The factors in use carry 3-4 significant figures: within 0.2 %.
        if (converted.ok) expect(Math.abs(converted.value / (mgPerDl * factor) - 1)).toBeLessThan(0.002);
        // And back: the lab's value in the analyzer's unit.
        const back = convertUnit(mgPerDl * factor, to, 'mg/dL', massOf(code));
        if (back.ok) expect(Math.abs(back.value / mgPerDl - 1)).toBeLessThan(0.002);
        else expect.fail(back.reason);
      }
    });
  }

  it('a glucose of 504 mg/dL reads as the critical 28.0 mmol/L at the test\'s one decimal; without a molar mass it is refused', () => {
    const glucose = convertUnit(504, 'mg/dL', 'mmol/L', massOf('GLU'));
    expect(glucose.ok && roundToDecimals(glucose.value, 1)).toBe(28);
    expect(convertUnit(504, 'mg/dL', 'mmol/L').ok).toBe(false);
  });
});
