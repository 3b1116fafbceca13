export interface BackoffPolicy {
  /** The first retry waits about this long. */
  baseMs: number;
  /** No retry waits longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 15_000 };

/**
 * Exponential backoff with "equal jitter": half the ceiling for sure, the other half random,
 * so a ward of workstations that lost the server together does not return in lock step.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
