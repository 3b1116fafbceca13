/**
 * Sessions validated in the last few seconds, so that a busy desk's calls don't each cost a
 * database round trip. Entries go on any 'hms_sessions' notification (see migration 0020),
 * and all of them whenever notifications may have been missed.
 */
export class SessionCache<T extends { userId: string }> {
  private readonly entries = new Map<string, { value: T; fetchedAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  get(sessionId: string, nowMs: number): T | undefined {
    const entry = this.entries.get(sessionId);
    if (entry === undefined) return undefined;
    if (nowMs - entry.fetchedAt >= this.ttlMs || nowMs < entry.fetchedAt) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.value;
  }

  set(sessionId: string, value: T, nowMs: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(sessionId, { value, fetchedAt: nowMs });
  }

  /** `session:<id>`, `user:<id>`, or anything else (drops everything). */
  invalidate(key: string): void {
    const [kind, id] = key.split(':', 2);
    if (kind === 'session' && id !== undefined) {
      this.entries.delete(id);
      return;
    }
    if (kind === 'user' && id !== undefined) {
      for (const [sessionId, entry] of this.entries) if (entry.value.userId === id) this.entries.delete(sessionId);
      return;
    }
    this.clear();
  }

  clear(): void {
    this.entries.clear();
  }
}
