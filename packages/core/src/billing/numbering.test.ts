import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, formatDocumentNumber, parseDocumentNumber, seriesKey } from './numbering.js';
import type { Series } from './numbering.js';

describe('document numbers', () => {
  it('prints the kind, the year and the running number, a desk series with the desk first', () => {
    expect(formatDocumentNumber({ kind: 'invoice', year: 2026 }, 42)).toBe('INV-2026-000042');
    expect(formatDocumentNumber({ kind: 'receipt', year: 2026, deskCode: 'CSH1' }, 7)).toBe('CSH1-RCT-2026-000007');
    expect(formatDocumentNumber({ kind: 'credit_note', year: 2027 }, 1_234_567)).toBe('CRN-2027-1234567');
    expect(seriesKey({ kind: 'receipt', year: 2026, deskCode: 'CSH1' })).toBe('receipt/2026/CSH1');
    expect(formatDocumentNumber({ kind: 'claim', year: 2026 }, 3)).toBe('CLM-2026-000003');
    expect(parseDocumentNumber('CLM-2026-000003')).toEqual({ series: { kind: 'claim', year: 2026 }, sequence: 3 });
    expect(seriesKey({ kind: 'claim', year: 2026 })).toBe('claim/2026');
  });

  it('refuses numbers and series that cannot be printed', () => {
    expect(() => formatDocumentNumber({ kind: 'invoice', year: 2026 }, 0)).toThrow(RangeError);
    expect(() => formatDocumentNumber({ kind: 'invoice', year: 2026, deskCode: 'CSH1' }, 1)).toThrow(/only receipts/);
    expect(() => formatDocumentNumber({ kind: 'receipt', year: 2026, deskCode: 'csh-1' }, 1)).toThrow(/desk code/);
    expect(parseDocumentNumber('INV-2026-42')).toBeUndefined();
    expect(parseDocumentNumber('CSH1-INV-2026-000001')).toBeUndefined();
    // Claims go to payers from the server: no desk numbers them offline.
    expect(() => formatDocumentNumber({ kind: 'claim', year: 2026, deskCode: 'CSH1' }, 1)).toThrow(/only receipts/);
    expect(parseDocumentNumber('CSH1-CLM-2026-000001')).toBeUndefined();
    expect(parseDocumentNumber('INV-2026-000000')).toBeUndefined();
  });

  const seriesArb: fc.Arbitrary<Series> = fc.oneof(
    fc.record({ kind: fc.constantFrom(...DOCUMENT_KINDS), year: fc.integer({ min: 2000, max: 9999 }) }),
    fc.record({ kind: fc.constant('receipt' as const), year: fc.integer({ min: 2000, max: 9999 }), deskCode: fc.stringMatching(/^[A-Z0-9]{2,8}$/) }),
  );

  it('reads back what it prints, and two numbers of different series or sequences never print alike', () => {
    fc.assert(fc.property(seriesArb, fc.integer({ min: 1, max: 99_999_999 }), seriesArb, fc.integer({ min: 1, max: 99_999_999 }), (a, n, b, m) => {
      expect(parseDocumentNumber(formatDocumentNumber(a, n))).toEqual({ series: a, sequence: n });
      if (seriesKey(a) !== seriesKey(b) || n !== m) expect(formatDocumentNumber(a, n)).not.toBe(formatDocumentNumber(b, m));
    }));
  });
});
