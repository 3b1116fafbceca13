import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 500, capMs: 15_000 };

  it('doubles per attempt, with half of each delay random', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(250);
    expect(backoffDelay(0, policy, () => 0.999_999)).toBe(500);
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3_000);
  });

  it('never waits longer than the cap, however many attempts', () => {
    for (const attempt of [10, 50, 1_000, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelay(attempt, policy, () => 0.999_999);
      expect(delay).toBeLessThanOrEqual(15_000);
      expect(delay).toBeGreaterThanOrEqual(7_500);
    }
  });
});
