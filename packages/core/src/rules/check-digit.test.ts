import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LUHN30_ALPHABET, checkCharacter, isValidCheckCharacter, luhnModN } from './check-digit.js';

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 2, maxLength: 14 });

function substitute(payload: string, index: number, digit: string): string {
  return payload.slice(0, index) + digit + payload.slice(index + 1);
}

function transpose(payload: string, index: number): string {
  return payload.slice(0, index) + payload[index + 1]! + payload[index]! + payload.slice(index + 2);
}

describe('Luhn mod 10', () => {
  it('matches known values', () => {
    expect(checkCharacter('7992739871', 'luhn10')).toBe('3');
    expect(checkCharacter('2026000123', 'luhn10')).toBe(luhnModN('2026000123', '0123456789'));
    expect(isValidCheckCharacter('7992739871', '3', 'luhn10')).toBe(true);
    expect(isValidCheckCharacter('7992739871', '4', 'luhn10')).toBe(false);
  });

  it('catches every single-digit substitution', () => {
    fc.assert(
      fc.property(digits, fc.nat(), fc.constantFrom(...'0123456789'), (payload, at, digit) => {
        const index = at % payload.length;
        fc.pre(payload[index] !== digit);
        const check = checkCharacter(payload, 'luhn10');
        expect(isValidCheckCharacter(substitute(payload, index, digit), check, 'luhn10')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every adjacent transposition except 09 <-> 90', () => {
    fc.assert(
      fc.property(digits, fc.nat(), (payload, at) => {
        const index = at % (payload.length - 1);
        const pair = payload.slice(index, index + 2);
        fc.pre(pair[0] !== pair[1] && pair !== '09' && pair !== '90');
        const check = checkCharacter(payload, 'luhn10');
        expect(isValidCheckCharacter(transpose(payload, index), check, 'luhn10')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('misses 09 <-> 90, its one known blind spot', () => {
    expect(checkCharacter('1090', 'luhn10')).toBe(checkCharacter('1900', 'luhn10'));
  });
});

describe('Luhn mod 30 (OpenMRS idgen alphabet)', () => {
  it('uses the 30-character alphabet', () => {
    expect(LUHN30_ALPHABET).toHaveLength(30);
    expect(LUHN30_ALPHABET).not.toMatch(/[BIOQSZ]/);
    fc.assert(fc.property(digits, (payload) => LUHN30_ALPHABET.includes(checkCharacter(payload, 'luhn30'))));
  });

  it('catches every single-digit substitution', () => {
    fc.assert(
      fc.property(digits, fc.nat(), fc.constantFrom(...'0123456789'), (payload, at, digit) => {
        const index = at % payload.length;
        fc.pre(payload[index] !== digit);
        const check = checkCharacter(payload, 'luhn30');
        expect(isValidCheckCharacter(substitute(payload, index, digit), check, 'luhn30')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every adjacent transposition, 09 <-> 90 included', () => {
    fc.assert(
      fc.property(digits, fc.nat(), (payload, at) => {
        const index = at % (payload.length - 1);
        fc.pre(payload[index] !== payload[index + 1]);
        const check = checkCharacter(payload, 'luhn30');
        expect(isValidCheckCharacter(transpose(payload, index), check, 'luhn30')).toBe(false);
      }),
      { numRuns: 2000 },
    );
    expect(checkCharacter('1090', 'luhn30')).not.toBe(checkCharacter('1900', 'luhn30'));
  });

  it('is case-insensitive on the check character and rejects foreign characters', () => {
    const check = checkCharacter('123456', 'luhn30');
    expect(isValidCheckCharacter('123456', check.toLowerCase(), 'luhn30')).toBe(true);
    expect(isValidCheckCharacter('12B456', check, 'luhn30')).toBe(false);
  });
});
