import type { QueuePriority } from './queue-order.js';
import { QUEUE_PRIORITIES, priorityRank } from './queue-order.js';
import { estimateWaitMinutes } from './wait-estimate.js';

/**
 * A waiting entry's place without reading the whole queue: from how many wait in each queue
 * (a doctor's, or the pool: doctorId null) and priority, and how many of its own priority band
 * that its callers take after it. The same numbers as queueAheadCounts and estimateQueueWaits
 * give over the whole queue in calling order.
 */
export interface QueueCount {
  doctorId: string | null;
  priority: QueuePriority;
  waiting: number;
}

export type WaitingByPriority = Record<QueuePriority, number>;

/** Whether entries of `countDoctorId`'s queue are taken by the callers of `entryDoctorId`'s. */
function sharesCallers(entryDoctorId: string | null, countDoctorId: string | null): boolean {
  return entryDoctorId === null || countDoctorId === null || countDoctorId === entryDoctorId;
}

/**
 * How many are called before an entry (which is itself counted in `counts`): every entry its
 * callers take in a higher band or in its own, less itself and `behindInBand`, the entries of
 * its own band those callers take after it. A pool entry's callers take every queue; a doctor's
 * entry waits for that doctor's queue and the pool (see queueAheadCounts).
 */
export function queueAheadFromCounts(counts: readonly QueueCount[], entry: { doctorId: string | null; priority: QueuePriority }, behindInBand: number): number {
  const rank = priorityRank(entry.priority);
  let taken = 0;
  for (const count of counts) {
    if (priorityRank(count.priority) <= rank && sharesCallers(entry.doctorId, count.doctorId)) taken += count.waiting;
  }
  return Math.max(0, taken - 1 - behindInBand);
}

export interface QueuePlacement {
  /** 1-based: one more than the entries called before it. */
  position: number;
  estimatedWaitMinutes: number;
}

/** Position and estimated wait of one entry, as estimateQueueWaits gives them. */
export function placeInQueue(
  counts: readonly QueueCount[],
  entry: { doctorId: string | null; priority: QueuePriority },
  behindInBand: number,
  typicalMinutes: number,
  activeServers: number,
): QueuePlacement {
  const ahead = queueAheadFromCounts(counts, entry, behindInBand);
  return { position: ahead + 1, estimatedWaitMinutes: estimateWaitMinutes(ahead, typicalMinutes, entry.doctorId === null ? activeServers : 1) };
}

/** How many wait in each priority band, all queues together. */
export function waitingByPriority(counts: readonly QueueCount[]): WaitingByPriority {
  const totals = Object.fromEntries(QUEUE_PRIORITIES.map((priority) => [priority, 0])) as WaitingByPriority;
  for (const count of counts) totals[count.priority] += count.waiting;
  return totals;
}
