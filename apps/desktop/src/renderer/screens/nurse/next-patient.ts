import type { TriageEntry } from '../../../shared/nurse/triage.js';

/**
 * The patient to triage after this one: the next on the list (calling order) whose vitals were
 * not taken, else the first such before it; never this visit. Pure.
 */
export function nextToTriage(entries: readonly TriageEntry[], visitId: string): TriageEntry | undefined {
  const here = entries.findIndex((entry) => entry.visitId === visitId);
  const waiting = (entry: TriageEntry) => entry.visitId !== visitId && entry.vitalsAt === null;
  return entries.slice(here + 1).find(waiting) ?? entries.slice(0, Math.max(here, 0)).find(waiting);
}
