import { describe, expect, it } from 'vitest';
import { OverRateStreak, TokenBucket } from './rate-limit.js';

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(400)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000)).toBe(true);
    // Never more than the capacity, however long it rested.
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([true, true, false]);
  });

  it('does not refill when time goes backwards', () => {
    const bucket = new TokenBucket(1, 1, 5_000);
    expect(bucket.take(5_000)).toBe(true);
    expect(bucket.take(1_000)).toBe(false);
  });
});

describe('OverRateStreak', () => {
  it('lasts through requests let in between refusals, and ends after a quiet spell', () => {
    const streak = new OverRateStreak(1_000);
    expect([0, 10, 500, 1_400, 2_300].map((ms) => streak.refused(ms))).toEqual([0, 10, 500, 1_400, 2_300]);
    // 1,001 ms without a refusal: a new streak.
    expect(streak.refused(3_301)).toBe(0);
    expect(streak.refused(4_000)).toBe(699);
  });
});
