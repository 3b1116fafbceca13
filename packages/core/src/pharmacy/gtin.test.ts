import { describe, expect, it } from 'vitest';
import { gtinCheckDigit, gtinProblem, normalizeGtin } from './gtin.js';

describe('GTIN check digits', () => {
  it('computes the check digit of published codes of every length', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('978030640615')).toBe(7); // ISBN-13 9780306406157
    expect(gtinCheckDigit('0950600013435')).toBe(2); // GS1's example GTIN-14 09506000134352
    expect(gtinCheckDigit('9638507')).toBe(4); // EAN-8 96385074
  });

  it('accepts valid GTINs and refuses a single misread digit and a swap of neighbours', () => {
    expect(gtinProblem('4006381333931')).toBeUndefined();
    expect(gtinProblem('96385074')).toBeUndefined();
    expect(gtinProblem('4006381333932')).toMatch(/wrong check digit/);
    expect(gtinProblem('4006381339331')).toMatch(/wrong check digit/);
    expect(gtinProblem('40063813339')).toMatch(/8, 12, 13 or 14 digits/);
    expect(gtinProblem('40063813339a1')).toMatch(/digits only/);
  });

  it('pads shorter GTINs to the 14 digits AI (01) carries', () => {
    expect(normalizeGtin('4006381333931')).toBe('04006381333931');
    expect(() => normalizeGtin('4006381333932')).toThrow(RangeError);
  });
});
