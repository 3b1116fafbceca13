import type { OrderPriority } from '../contract/orders.js';
import type { TestStatus } from './results.js';

/**
 * Stat and urgent work is due sooner than the catalogue's routine target: at most an hour (stat)
 * or two (urgent) from receipt, as labs commonly promise. Only for tests whose routine target is
 * at most four hours: longer ones (cultures, batched and referred tests) take their method's
 * time whatever the priority, so their target stands.
 */
export const PRIORITY_TURNAROUND_CAP_MINUTES: Readonly<Record<Exclude<OrderPriority, 'routine'>, number>> = { stat: 60, urgent: 120 };
const PRIORITY_CAP_UP_TO_MINUTES = 240;

/** The target for this priority (the routine target, capped for stat and urgent work as above); null when the test has none. */
export function turnaroundMinutesFor(routineMinutes: number | null, priority: OrderPriority): number | null {
  if (routineMinutes === null || priority === 'routine' || routineMinutes > PRIORITY_CAP_UP_TO_MINUTES) return routineMinutes;
  return Math.min(routineMinutes, PRIORITY_TURNAROUND_CAP_MINUTES[priority]);
}

/**
 * Turnaround (issue 13): a test is due its catalogue target after its specimen was received in the
 * lab; before receipt the clock runs from the order, so specimens nobody collected or brought in
 * become overdue too. Released and cancelled tests are never overdue.
 */
export function turnaroundDue(input: { orderedAt: string; receivedAt: string | null; turnaroundMinutes: number | null }): string | null {
  if (input.turnaroundMinutes === null) return null;
  const start = new Date(input.receivedAt ?? input.orderedAt).getTime();
  return new Date(start + input.turnaroundMinutes * 60_000).toISOString();
}

export function isOverdue(status: TestStatus, dueAt: string | null, now: Date): boolean {
  if (dueAt === null || status === 'released' || status === 'cancelled') return false;
  return now.getTime() > new Date(dueAt).getTime();
}
