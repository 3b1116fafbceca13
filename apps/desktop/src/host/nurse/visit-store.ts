import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';
import type { TriageEntry } from '../../shared/nurse/triage.js';

const VisitSchema = z.object({
  visitId: z.string(),
  entry: z.custom<TriageEntry>((value) => typeof value === 'object' && value !== null && 'visitId' in value),
  seenAt: z.string(),
  vitalsAt: z.string().nullable(),
});
type StoredVisit = z.infer<typeof VisitSchema>;
const VISITS_KEY = 'nurse.visits';
/** About a day's triage at a busy desk. */
const MAX_VISITS = 300;

/**
 * The visits this desk saw on its triage list, as last seen, and when it recorded vitals for
 * each: the form opens a visit that left the queue meanwhile (called in while the LAN was
 * down), and the list marks who had their vitals taken here.
 */
export class VisitStore {
  private readonly values: KeyValueStore;

  constructor(values: KeyValueStore) {
    this.values = values;
  }

  get(visitId: string): StoredVisit | undefined {
    return this.all().find((visit) => visit.visitId === visitId);
  }

  vitalsAt(visitId: string): string | null {
    return this.get(visitId)?.vitalsAt ?? null;
  }

  /** The entries on the list now (each saved when it changed). */
  seen(entries: readonly TriageEntry[], now: string): void {
    const all = this.all();
    let changed = false;
    for (const entry of entries) {
      const index = all.findIndex((visit) => visit.visitId === entry.visitId);
      const previous = all[index];
      if (previous !== undefined && sameEntry(previous.entry, entry)) continue;
      changed = true;
      const visit: StoredVisit = { visitId: entry.visitId, entry: { ...entry, queued: 0, refused: 0 }, seenAt: now, vitalsAt: previous?.vitalsAt ?? null };
      if (index >= 0) all.splice(index, 1);
      all.push(visit);
    }
    if (changed) this.save(all);
  }

  markVitals(visitId: string, takenAt: string): void {
    const all = this.all();
    const visit = all.find((item) => item.visitId === visitId);
    if (visit === undefined || (visit.vitalsAt !== null && visit.vitalsAt >= takenAt)) return;
    visit.vitalsAt = takenAt;
    this.save(all);
  }

  private all(): StoredVisit[] {
    return this.values.getValue(VISITS_KEY, z.array(VisitSchema)) ?? [];
  }

  private save(all: StoredVisit[]): void {
    this.values.setValue(VISITS_KEY, all.slice(-MAX_VISITS));
  }
}

function sameEntry(a: TriageEntry, b: TriageEntry): boolean {
  return a.priority === b.priority && a.department === b.department && a.token === b.token && a.patient?.id === b.patient?.id;
}
