/** Reconnect delays: 250 ms doubling to a cap, back to the start after a connection that held. */
export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(baseMs = 250, maxMs = 10_000) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
  }

  next(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
