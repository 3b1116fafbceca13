/**
 * A result version goes entered -> validated (technical, the technologist) -> released (medical,
 * a lab supervisor). Only released results reach the chart. Re-entering a value before release,
 * and amending one after, writes a new version; the old one stays, marked superseded.
 */
export const RESULT_STATUSES = ['entered', 'validated', 'released'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export const RESULT_ACTIONS = ['reenter', 'validate', 'release', 'amend'] as const;
export type ResultAction = (typeof RESULT_ACTIONS)[number];

/** The flags a stored result carries (computed in core's lab rules): low, high, critical low/high, abnormal coded. */
export const RESULT_FLAG_CODES = ['L', 'H', 'LL', 'HH', 'A'] as const;
export type ResultFlagCode = (typeof RESULT_FLAG_CODES)[number];

/** LL and HH are beyond the critical limits: they raise an alert to the ordering doctor. */
export function isCriticalFlagCode(flag: ResultFlagCode | null): boolean {
  return flag === 'LL' || flag === 'HH';
}

export function resultTransition(from: ResultStatus, action: ResultAction): { ok: true; to: ResultStatus } | { ok: false; reason: string } {
  switch (action) {
    case 'reenter':
      // A correction before release; once released only an amendment (with its reason) may change it.
      return from === 'released' ? { ok: false, reason: 'already_released' } : { ok: true, to: 'entered' };
    case 'validate':
      if (from === 'entered') return { ok: true, to: 'validated' };
      return { ok: false, reason: from === 'validated' ? 'already_validated' : 'already_released' };
    case 'release':
      if (from === 'validated') return { ok: true, to: 'released' };
      return { ok: false, reason: from === 'entered' ? 'not_validated' : 'already_released' };
    case 'amend':
      return from === 'released' ? { ok: true, to: 'released' } : { ok: false, reason: 'not_released' };
  }
}

/**
 * Where a requested test stands, from its specimens and its results' current versions: the
 * worklist's column. A test with every result released is released; cancelled wins over all.
 */
export const TEST_STATUSES = ['awaiting_collection', 'collected', 'received', 'resulted', 'validated', 'released', 'cancelled'] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

export function testStatus(input: {
  cancelled: boolean;
  specimens: readonly ('collected' | 'received' | 'rejected')[];
  results: readonly ResultStatus[];
}): TestStatus {
  if (input.cancelled) return 'cancelled';
  if (input.results.length > 0) {
    if (input.results.every((status) => status === 'released')) return 'released';
    if (input.results.every((status) => status !== 'entered')) return 'validated';
    return 'resulted';
  }
  if (input.specimens.includes('received')) return 'received';
  if (input.specimens.includes('collected')) return 'collected';
  // No specimen, or every one rejected: a recollection is awaited.
  return 'awaiting_collection';
}

/** The limits a numeric result is flagged against (a range in force, kept with the result). */
export interface FlagLimits {
  low: number | null;
  high: number | null;
  criticalLow: number | null;
  criticalHigh: number | null;
}

/** L/H outside the reference interval, LL/HH at or beyond the critical limits, null inside. */
export function flagAgainstLimits(value: number, limits: FlagLimits): ResultFlagCode | null {
  if (limits.criticalLow !== null && value <= limits.criticalLow) return 'LL';
  if (limits.criticalHigh !== null && value >= limits.criticalHigh) return 'HH';
  if (limits.low !== null && value < limits.low) return 'L';
  if (limits.high !== null && value > limits.high) return 'H';
  return null;
}
