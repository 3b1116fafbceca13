import { STARTER_LAB_CATALOGUE, isOverdue, turnaroundDue, turnaroundMinutesOf } from '@hms/core';
import type { LabWorklistEntry } from '@hms/core';

/** The one place the server asks an ordered code's turnaround target (the lab catalogue's). */
export function turnaroundMinutes(code: string): number | null {
  return turnaroundMinutesOf(STARTER_LAB_CATALOGUE, code);
}

/** Every catalogued code with its target, for the worklist's overdue-only read in SQL (the same rule as core turnaroundDue). */
export function turnaroundTable(): { codes: string[]; minutes: number[] } {
  const codes = [...STARTER_LAB_CATALOGUE.tests.keys(), ...STARTER_LAB_CATALOGUE.panels.keys()];
  return { codes, minutes: codes.map((code) => turnaroundMinutes(code)!) };
}

/** Each test's due time (its specimen's receipt, or the order until then, plus its target) and whether it is overdue at `now`. */
export function withTurnaround(entries: readonly LabWorklistEntry[], now: Date): LabWorklistEntry[] {
  return entries.map((entry) => ({
    ...entry,
    tests: entry.tests.map((test) => {
      const received = entry.specimens
        .filter((specimen) => specimen.status === 'received' && specimen.receivedAt !== null && specimen.tests.includes(test.code))
        .map((specimen) => specimen.receivedAt!)
        .sort()[0] ?? null;
      const dueAt = turnaroundDue({ orderedAt: entry.orderedAt, receivedAt: received, turnaroundMinutes: turnaroundMinutes(test.code) });
      return { ...test, dueAt, overdue: isOverdue(test.status, dueAt, now) };
    }),
  }));
}
