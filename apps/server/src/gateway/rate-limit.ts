/**
 * A token bucket: `capacity` requests at once, refilled at `perSecond`. Time comes in as an
 * argument so that the rule is testable without waiting.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perSecond: number;

  constructor(capacity: number, perSecond: number, nowMs: number) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.tokens = capacity;
    this.last = nowMs;
  }

  take(nowMs: number): boolean {
    const elapsed = Math.max(0, nowMs - this.last) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perSecond);
    this.last = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * How long a socket has been over its rate: a streak of refusals with gaps shorter than
 * `quietMs`. Requests admitted in between (the bucket refills a token every few milliseconds)
 * do not end it; only a quiet spell does, so a steady flood is seen as one long streak.
 */
export class OverRateStreak {
  private readonly quietMs: number;
  private since: number | undefined;
  private last = 0;

  constructor(quietMs: number) {
    this.quietMs = quietMs;
  }

  /** Counts a refusal at `nowMs`; returns how long the streak has lasted so far. */
  refused(nowMs: number): number {
    if (this.since === undefined || nowMs - this.last > this.quietMs) this.since = nowMs;
    this.last = nowMs;
    return nowMs - this.since;
  }
}
