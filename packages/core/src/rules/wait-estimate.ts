import type { QueueOrderKey } from './queue-order.js';

/**
 * Estimated waits from how long consultations have recently taken. The typical duration is
 * a trimmed mean of the last few (the longest and shortest tenth dropped, so one very long
 * case does not swing every estimate); with too few samples the department's default is used.
 */
export const WAIT_SAMPLE_SIZE = 30;
export const MIN_WAIT_SAMPLES = 3;
const TRIM_FRACTION = 0.1;
/** Durations outside these bounds are clipped: a forgotten "complete" is not a 9-hour consultation. */
const MIN_SAMPLE_MINUTES = 1;
const MAX_SAMPLE_MINUTES = 120;

export function typicalConsultationMinutes(recentMinutes: readonly number[], fallbackMinutes: number): number {
  const samples = recentMinutes
    .filter((value) => Number.isFinite(value))
    .slice(0, WAIT_SAMPLE_SIZE)
    .map((value) => Math.min(MAX_SAMPLE_MINUTES, Math.max(MIN_SAMPLE_MINUTES, value)))
    .sort((a, b) => a - b);
  if (samples.length < MIN_WAIT_SAMPLES) return fallbackMinutes;
  const trim = Math.floor(samples.length * TRIM_FRACTION);
  const kept = samples.slice(trim, samples.length - trim);
  return kept.reduce((sum, value) => sum + value, 0) / kept.length;
}

/** Minutes until a patient with `ahead` patients before them is called by one of `servers` callers. */
export function estimateWaitMinutes(ahead: number, typicalMinutes: number, servers: number): number {
  return Math.ceil((Math.max(0, ahead) * typicalMinutes) / Math.max(1, servers));
}

export interface WaitingEntry extends QueueOrderKey {
  doctorId: string | null;
}

/**
 * For entries in calling order, how many are called before each: a doctor's own patient waits
 * for what that doctor takes first (their own queue and the pool ahead); a pool patient waits
 * for everyone ahead in the department.
 */
export function queueAheadCounts(ordered: readonly WaitingEntry[]): number[] {
  const ownAhead = new Map<string, number>();
  let poolAhead = 0;
  return ordered.map((entry, index) => {
    if (entry.doctorId === null) {
      poolAhead += 1;
      return index;
    }
    const own = ownAhead.get(entry.doctorId) ?? 0;
    ownAhead.set(entry.doctorId, own + 1);
    return own + poolAhead;
  });
}

/**
 * Each waiting entry's estimate, for entries in calling order: a doctor's own patient is served
 * by that one doctor; a pool patient by every active caller of the department.
 */
export function estimateQueueWaits(ordered: readonly WaitingEntry[], typicalMinutes: number, activeServers: number): number[] {
  const ahead = queueAheadCounts(ordered);
  return ordered.map((entry, index) => estimateWaitMinutes(ahead[index]!, typicalMinutes, entry.doctorId === null ? activeServers : 1));
}
