import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQueueToken, parseQueueToken, queueServiceDate } from './queue-token.js';

describe('queue tokens', () => {
  it('pads to three digits and grows beyond', () => {
    expect(formatQueueToken('OPD', 1)).toBe('OPD-001');
    expect(formatQueueToken('OPD', 42)).toBe('OPD-042');
    expect(formatQueueToken('MCH', 1203)).toBe('MCH-1203');
    expect(() => formatQueueToken('OPD', 0)).toThrow(RangeError);
  });

  it('parses what it formats, and typed tokens in lower case (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z][A-Z0-9]{1,9}$/), fc.integer({ min: 1, max: 1_000_000 }), (code, n) => {
        const token = formatQueueToken(code, n);
        expect(parseQueueToken(token)).toEqual({ departmentCode: code, tokenNumber: n });
        expect(parseQueueToken(token.toLowerCase())).toEqual({ departmentCode: code, tokenNumber: n });
      }),
    );
    expect(parseQueueToken('OPD-42')).toBeUndefined();
    expect(parseQueueToken('OPD-000')).toBeUndefined();
  });
});

describe('queueServiceDate: tokens reset at the hospital\'s local midnight', () => {
  it('in UTC+3 (Nairobi), the new day begins at 21:00 UTC', () => {
    expect(queueServiceDate(new Date('2026-03-02T20:59:59.999Z'), 'Africa/Nairobi')).toBe('2026-03-02');
    expect(queueServiceDate(new Date('2026-03-02T21:00:00.000Z'), 'Africa/Nairobi')).toBe('2026-03-03');
  });

  it('in a DST zone, local midnight moves in UTC with the season', () => {
    // London: midnight is 00:00Z in winter, 23:00Z the day before in summer.
    expect(queueServiceDate(new Date('2026-01-10T23:59:59Z'), 'Europe/London')).toBe('2026-01-10');
    expect(queueServiceDate(new Date('2026-07-10T23:00:00Z'), 'Europe/London')).toBe('2026-07-11');
    expect(queueServiceDate(new Date('2026-07-10T22:59:59Z'), 'Europe/London')).toBe('2026-07-10');
    // The night clocks go back (2026-10-25), the day is 25 hours long but still one service date.
    expect(queueServiceDate(new Date('2026-10-24T23:00:00Z'), 'Europe/London')).toBe('2026-10-25');
    expect(queueServiceDate(new Date('2026-10-25T23:59:59Z'), 'Europe/London')).toBe('2026-10-25');
    expect(queueServiceDate(new Date('2026-10-26T00:00:00Z'), 'Europe/London')).toBe('2026-10-26');
  });

  it('in the southern hemisphere and at half-hour offsets', () => {
    // Chatham +13:45 in (southern) summer.
    expect(queueServiceDate(new Date('2026-01-10T10:14:59Z'), 'Pacific/Chatham')).toBe('2026-01-10');
    expect(queueServiceDate(new Date('2026-01-10T10:15:00Z'), 'Pacific/Chatham')).toBe('2026-01-11');
    // Kathmandu +05:45, no DST.
    expect(queueServiceDate(new Date('2026-06-30T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-07-01');
  });
});
