import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmsError } from '../errors.js';
import { DEFAULT_MRN_FORMAT, findMrn, isValidMrn, mrnScope, parseMrn, parseMrnFormat, renderMrn } from './mrn-format.js';

describe('parseMrnFormat', () => {
  it('reads the default format', () => {
    const format = parseMrnFormat(DEFAULT_MRN_FORMAT);
    expect(format.numberWidth).toBe(6);
    expect(format.yearDigits).toBe(4);
    expect(format.check).toBe('luhn10');
    expect(format.maxNumber).toBe(999_999);
  });

  it.each([
    ['', 'empty'],
    ['PAT-{YYYY}', 'exactly one running number'],
    ['{NNNNNN}{NNN}', 'exactly one running number'],
    ['P-{NN}', '3 to 12 digits'],
    ['pat-{NNNNNN}', 'upper-case'],
    ['PAT {NNNNNN}', 'upper-case'],
    ['{X}{NNNNNN}', 'unknown token'],
    ['{YY}{YYYY}{NNNN}', 'one year'],
    ['{NNNN}{C}{C30}', 'one check'],
  ])('refuses %j with VALIDATION on mrnFormat', (format, message) => {
    try {
      parseMrnFormat(format);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HmsError);
      expect((error as HmsError).code).toBe('VALIDATION');
      expect(JSON.stringify((error as HmsError).details)).toContain(message);
    }
  });
});

describe('renderMrn / parseMrn', () => {
  const format = parseMrnFormat(DEFAULT_MRN_FORMAT);

  it('renders with a Luhn check digit over year and number', () => {
    const mrn = renderMrn(format, mrnScope(format, 2026), 123);
    expect(mrn).toMatch(/^PAT-2026-000123-\d$/);
    expect(isValidMrn(format, mrn)).toBe(true);
  });

  it('forgives case, spaces and missing separators', () => {
    const mrn = renderMrn(format, '2026', 4521);
    const sloppy = mrn.toLowerCase().replaceAll('-', ' ');
    expect(parseMrn(format, sloppy)).toEqual({ mrn, scope: '2026', number: 4521, checkValid: true });
    expect(parseMrn(format, mrn.replaceAll('-', ''))?.mrn).toBe(mrn);
  });

  it('flags a mistyped digit or a transposition', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 2000, max: 2099 }), (n, year) => {
        const mrn = renderMrn(format, String(year), n);
        const digits = mrn.replace(/\D/g, '');
        const body = digits.slice(0, -1);
        const i = n % (body.length - 1);
        if (body[i] !== body[i + 1] && `${body[i]}${body[i + 1]}` !== '09' && `${body[i]}${body[i + 1]}` !== '90') {
          const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
          const typo = `PAT-${swapped.slice(0, 4)}-${swapped.slice(4)}-${digits.at(-1)}`;
          expect(parseMrn(format, typo)?.checkValid).toBe(false);
        }
      }),
    );
  });

  it('finds an MRN in scanned text with prefixes and suffixes', () => {
    const mrn = renderMrn(format, '2025', 77);
    expect(findMrn(format, `]C1${mrn}\r`)?.mrn).toBe(mrn);
    expect(findMrn(format, `*${mrn}*`)?.checkValid).toBe(true);
    expect(findMrn(format, 'mary kamau')).toBeUndefined();
  });

  it('supports other layouts and Luhn mod 30', () => {
    const compact = parseMrnFormat('{NNNNNNNN}{C30}');
    const mrn = renderMrn(compact, mrnScope(compact, 2026), 42);
    expect(mrn).toMatch(/^00000042[0-9A-Z]$/);
    expect(isValidMrn(compact, mrn)).toBe(true);
    expect(findMrn(compact, `x${mrn}`)?.mrn).toBe(mrn);
    expect(findMrn(compact, `1${mrn}`)).toBeUndefined();
    const short = parseMrnFormat('H{YY}/{NNNNN}');
    expect(renderMrn(short, mrnScope(short, 2031), 9)).toBe('H31/00009');
  });

  it('refuses numbers beyond the width', () => {
    expect(() => renderMrn(format, '2026', 1_000_000)).toThrow(/no room/);
  });
});
