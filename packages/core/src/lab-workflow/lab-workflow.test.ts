import { describe, expect, it } from 'vitest';
import {
  flagAgainstLimits, isCriticalFlagCode, luhnCheckDigit, parseAccession, parseSpecimenBarcode, renderAccession, resultTransition, specimenBarcode, specimenTransition, testStatus,
} from './index.js';

describe('accession numbers', () => {
  it('renders year, running number and a Luhn check digit, and reads them back', () => {
    // Luhn of 260001234: the digits doubled from the right sum to 26, so the check is 4.
    expect(luhnCheckDigit('260001234')).toBe(4);
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(renderAccession(2026, 1234)).toBe('L2600012344');
    expect(parseAccession('L2600012344')).toEqual({ year: 2026, number: 1234 });
    expect(parseAccession(' l2600012344 ')).toEqual({ year: 2026, number: 1234 });
    expect(renderAccession(2031, 9_999_999)).toMatch(/^L319999999\d$/);
  });

  it('refuses a mistyped digit, swapped neighbours, the wrong shape and number zero', () => {
    expect(parseAccession('L2600012345')).toBeNull();
    expect(parseAccession('L2600021344')).toBeNull();
    expect(parseAccession('L260001234')).toBeNull();
    expect(parseAccession('X2600012344')).toBeNull();
    expect(parseAccession(`L2600000000${luhnCheckDigit('260000000')}`)).toBeNull();
    expect(() => renderAccession(2026, 0)).toThrow(RangeError);
    expect(() => renderAccession(2026, 10_000_000)).toThrow(RangeError);
    expect(() => renderAccession(1999, 1)).toThrow(RangeError);
  });

  it('names a specimen by accession and container number', () => {
    expect(specimenBarcode('L2600012344', 2)).toBe('L2600012344-2');
    expect(parseSpecimenBarcode('L2600012344-2')).toEqual({ accession: 'L2600012344', containerNumber: 2 });
    expect(parseSpecimenBarcode('L2600012345-2')).toBeNull();
    expect(parseSpecimenBarcode('L2600012344-0')).toBeNull();
    expect(parseSpecimenBarcode('L2600012344')).toBeNull();
  });
});

describe('specimen states', () => {
  it('receives a collected specimen once, rejects before or after receipt, never twice', () => {
    expect(specimenTransition('collected', 'receive')).toEqual({ ok: true, to: 'received' });
    expect(specimenTransition('received', 'receive')).toEqual({ ok: false, reason: 'already_received' });
    expect(specimenTransition('rejected', 'receive')).toEqual({ ok: false, reason: 'specimen_rejected' });
    expect(specimenTransition('collected', 'reject')).toEqual({ ok: true, to: 'rejected' });
    expect(specimenTransition('received', 'reject')).toEqual({ ok: true, to: 'rejected' });
    expect(specimenTransition('rejected', 'reject')).toEqual({ ok: false, reason: 'already_rejected' });
  });
});

describe('result states', () => {
  it('goes entered, validated, released; re-entry only before release, amendment only after', () => {
    expect(resultTransition('entered', 'validate')).toEqual({ ok: true, to: 'validated' });
    expect(resultTransition('validated', 'validate')).toEqual({ ok: false, reason: 'already_validated' });
    expect(resultTransition('entered', 'release')).toEqual({ ok: false, reason: 'not_validated' });
    expect(resultTransition('validated', 'release')).toEqual({ ok: true, to: 'released' });
    expect(resultTransition('released', 'release')).toEqual({ ok: false, reason: 'already_released' });
    expect(resultTransition('validated', 'reenter')).toEqual({ ok: true, to: 'entered' });
    expect(resultTransition('released', 'reenter')).toEqual({ ok: false, reason: 'already_released' });
    expect(resultTransition('validated', 'amend')).toEqual({ ok: false, reason: 'not_released' });
    expect(resultTransition('released', 'amend')).toEqual({ ok: true, to: 'released' });
  });

  it('calls LL and HH critical, nothing else', () => {
    expect(['L', 'H', 'LL', 'HH', 'A', null].map((flag) => isCriticalFlagCode(flag as never))).toEqual([false, false, true, true, false, false]);
  });

  it('derives where a test stands from its specimens and results', () => {
    expect(testStatus({ cancelled: false, specimens: [], results: [] })).toBe('awaiting_collection');
    expect(testStatus({ cancelled: false, specimens: ['rejected'], results: [] })).toBe('awaiting_collection');
    expect(testStatus({ cancelled: false, specimens: ['rejected', 'collected'], results: [] })).toBe('collected');
    expect(testStatus({ cancelled: false, specimens: ['received'], results: [] })).toBe('received');
    expect(testStatus({ cancelled: false, specimens: ['received'], results: ['entered', 'validated'] })).toBe('resulted');
    expect(testStatus({ cancelled: false, specimens: ['received'], results: ['released', 'validated'] })).toBe('validated');
    expect(testStatus({ cancelled: false, specimens: ['received'], results: ['released', 'released'] })).toBe('released');
    expect(testStatus({ cancelled: true, specimens: ['received'], results: ['released'] })).toBe('cancelled');
  });
});

describe('flags against limits', () => {
  const glucose = { low: 3.9, high: 7.8, criticalLow: 2.5, criticalHigh: 25 };
  it('flags below, above and beyond the critical limits, the limits themselves included', () => {
    expect([2.4, 2.5, 2.6, 3.8, 3.9, 7.8, 7.9, 24.9, 25, 31].map((value) => flagAgainstLimits(value, glucose))).toEqual(['LL', 'LL', 'L', 'L', null, null, 'H', 'H', 'HH', 'HH']);
    expect(flagAgainstLimits(1, { low: null, high: 5, criticalLow: null, criticalHigh: null })).toBeNull();
  });
});
