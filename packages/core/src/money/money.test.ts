import { describe, expect, it } from 'vitest';
import { formatMinorUnits, lineTotalMinor, parseMajorUnits } from './money.js';

describe('parseMajorUnits', () => {
  it('turns typed major units into integer minor units without floating point error', () => {
    expect(parseMajorUnits('4.50')).toEqual({ ok: true, minor: 450 });
    expect(parseMajorUnits('4.5')).toEqual({ ok: true, minor: 450 });
    expect(parseMajorUnits('12')).toEqual({ ok: true, minor: 1200 });
    expect(parseMajorUnits('0.29')).toEqual({ ok: true, minor: 29 });
    expect(parseMajorUnits('1.005', 3)).toEqual({ ok: true, minor: 1005 });
    expect(parseMajorUnits(' 1,250.75 ')).toEqual({ ok: true, minor: 125075 });
    expect(parseMajorUnits('7.')).toEqual({ ok: true, minor: 700 });
    expect(parseMajorUnits('0')).toEqual({ ok: true, minor: 0 });
  });

  it('follows the currency\'s minor digits', () => {
    expect(parseMajorUnits('2500', 0)).toEqual({ ok: true, minor: 2500 });
    expect(parseMajorUnits('2500.5', 0)).toEqual({ ok: false, problem: 'has no decimal places in this currency' });
  });

  it('refuses what is not an amount, with a reason', () => {
    expect(parseMajorUnits('')).toEqual({ ok: false, problem: 'is empty' });
    expect(parseMajorUnits('-3')).toEqual({ ok: false, problem: 'may not be negative' });
    expect(parseMajorUnits('4,5')).toEqual({ ok: false, problem: 'must be an amount such as 4.50' });
    expect(parseMajorUnits('abc')).toEqual({ ok: false, problem: 'must be an amount such as 4.50' });
    expect(parseMajorUnits('4.505')).toEqual({ ok: false, problem: 'has at most 2 decimal places' });
    expect(parseMajorUnits('99999999999999')).toEqual({ ok: false, problem: 'is too large' });
  });
});

describe('formatMinorUnits', () => {
  it('shows minor units as major units with every minor digit', () => {
    expect(formatMinorUnits(450)).toBe('4.50');
    expect(formatMinorUnits(5)).toBe('0.05');
    expect(formatMinorUnits(0)).toBe('0.00');
    expect(formatMinorUnits(123456789)).toBe('1,234,567.89');
    expect(formatMinorUnits(-1999)).toBe('-19.99');
    expect(formatMinorUnits(2500, 0)).toBe('2,500');
  });

  it('round-trips what it parses', () => {
    for (const minor of [0, 1, 29, 450, 100000, 987654321]) {
      const parsed = parseMajorUnits(formatMinorUnits(minor));
      expect(parsed).toEqual({ ok: true, minor });
    }
  });
});

describe('lineTotalMinor', () => {
  it('multiplies in integers', () => {
    expect(lineTotalMinor(12, 450)).toBe(5400);
    expect(() => lineTotalMinor(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});
