import type { TestStatus } from './results.js';

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
