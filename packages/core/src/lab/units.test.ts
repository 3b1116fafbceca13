import { describe, expect, it } from 'vitest';
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
