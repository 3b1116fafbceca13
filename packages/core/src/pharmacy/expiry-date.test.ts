import { describe, expect, it } from 'vitest';
import { gs1DateToIso } from './expiry-date.js';

describe('GS1 dates', () => {
  const today = new Date('2026-12-02T00:00:00Z');
  it('reads YYMMDD, day 00 as the month\'s end, and refuses what is no date', () => {
    expect(gs1DateToIso('270315', today)).toBe('2027-03-15');
    expect(gs1DateToIso('271200', today)).toBe('2027-12-31');
    expect(gs1DateToIso('270229', today)).toBeUndefined();
    expect(gs1DateToIso('270001', today)).toBeUndefined();
    expect(gs1DateToIso('2703', today)).toBeUndefined();
  });
});
