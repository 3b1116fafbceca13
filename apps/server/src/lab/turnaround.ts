import { ORDER_PRIORITIES, STARTER_LAB_CATALOGUE, isOverdue, turnaroundDue, turnaroundMinutesFor, turnaroundMinutesOf } from '@hms/core';
import type { LabWorklistEntry, OrderPriority } from '@hms/core';

/** The one place the server asks an ordered code's turnaround target (the lab catalogue's, shortened for stat and urgent work by core's rule). */
export function turnaroundMinutes(code: string, priority: OrderPriority): number | null {
  return turnaroundMinutesFor(turnaroundMinutesOf(STARTER_LAB_CATALOGUE, code), priority);
}

/** Every catalogued code and priority with its target, for the worklist's overdue-only read in SQL (the same rule as core turnaroundDue). */
export function turnaroundTable(): { codes: string[]; priorities: OrderPriority[]; minutes: number[] } {
  const codes = [...STARTER_LAB_CATALOGUE.tests.keys(), ...STARTER_LAB_CATALOGUE.panels.keys()];
  const rows = codes.flatMap((code) => ORDER_PRIORITIES.map((priority) => ({ code, priority, minutes: turnaroundMinutes(code, priority)! })));
  return { codes: rows.map((row) => row.code), priorities: rows.map((row) => row.priority), minutes: rows.map((row) => row.minutes) };
}

/** Each test's due time (its specimen's receipt, or the order until then, plus its target at the entry's priority) and whether it is overdue at `now`. */
export function withTurnaround(entries: readonly LabWorklistEntry[], now: Date): LabWorklistEntry[] {
  return entries.map((entry) => ({
    ...entry,
    tests: entry.tests.map((test) => {
      const received = entry.specimens
        .filter((specimen) => specimen.status === 'received' && specimen.receivedAt !== null && specimen.tests.includes(test.code))
        .map((specimen) => specimen.receivedAt!)
        .sort()[0] ?? null;
      const dueAt = turnaroundDue({ orderedAt: entry.orderedAt, receivedAt: received, turnaroundMinutes: turnaroundMinutes(test.code, entry.priority) });
      return { ...test, dueAt, overdue: isOverdue(test.status, dueAt, now) };
    }),
  }));
}
