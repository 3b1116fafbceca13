/**
 * The order in which a queue is called: emergency before urgent before normal, then by the
 * time the entry joined the queue (its arrival, or the moment it was sent back after a skip),
 * then by token number, then by id, so that the order is total and the same on every desk.
 */

export const QUEUE_PRIORITIES = ['emergency', 'urgent', 'normal'] as const;
export type QueuePriority = (typeof QUEUE_PRIORITIES)[number];

const PRIORITY_RANK: Readonly<Record<QueuePriority, number>> = { emergency: 0, urgent: 1, normal: 2 };

export function priorityRank(priority: QueuePriority): number {
  return PRIORITY_RANK[priority];
}

/** What ordering needs to know about a waiting entry. */
export interface QueueOrderKey {
  priority: QueuePriority;
  /** ISO instant (or Date) the entry joined the queue. */
  queuedAt: string | Date;
  /** The daily token number within its department. */
  tokenNumber: number;
  /** The visit id: the last tie-break. */
  id: string;
}

function instantMs(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

/** Negative when `a` is called before `b`. A total order: 0 only for the same id. */
export function compareQueueEntries(a: QueueOrderKey, b: QueueOrderKey): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority)
    || instantMs(a.queuedAt) - instantMs(b.queuedAt)
    || a.tokenNumber - b.tokenNumber
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A new array in calling order; the input is not changed. */
export function orderQueue<T extends QueueOrderKey>(entries: readonly T[]): T[] {
  return [...entries].sort(compareQueueEntries);
}

/**
 * Which entries a caller may take: a doctor's own queue (entries assigned to them) together
 * with the department's unassigned pool; a caller without a doctor takes from the pool only.
 */
export function isCallableBy(entryDoctorId: string | null, callerDoctorId: string | null): boolean {
  return entryDoctorId === null || (callerDoctorId !== null && entryDoctorId === callerDoctorId);
}

/** The entry a caller would get next, or undefined when there is none for them. */
export function nextInQueue<T extends QueueOrderKey & { doctorId: string | null }>(entries: readonly T[], callerDoctorId: string | null): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (!isCallableBy(entry.doctorId, callerDoctorId)) continue;
    if (best === undefined || compareQueueEntries(entry, best) < 0) best = entry;
  }
  return best;
}
