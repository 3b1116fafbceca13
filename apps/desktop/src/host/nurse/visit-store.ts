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
const IndexSchema = z.array(z.object({ visitId: z.string(), seenAt: z.string() }));
const INDEX_KEY = 'nurse.visits';
const visitKey = (visitId: string) => `nurse.visit.${visitId}`;
/** A few days of a busy desk's triage (more than one full queue of every department it follows). */
const MAX_VISITS = 3000;

/**
 * The visits this desk saw on its triage list, as last seen, and when it recorded vitals for
 * each: the form opens a visit that left the queue meanwhile (called in while the LAN was
 * down), and the list marks who had their vitals taken here. One key per visit, written only
 * when the visit changed (a queue event moves every position, which is not kept).
 */
export class VisitStore {
  private readonly values: KeyValueStore;
  /** What the area holds, read once. */
  private readonly mirror = new Map<string, StoredVisit>();
  private index: { visitId: string; seenAt: string }[] | undefined;

  constructor(values: KeyValueStore) {
    this.values = values;
  }

  get(visitId: string): StoredVisit | undefined {
    const known = this.mirror.get(visitId);
    if (known !== undefined) return known;
    const stored = this.values.getValue(visitKey(visitId), VisitSchema);
    if (stored !== undefined) this.mirror.set(visitId, stored);
    return stored;
  }

  vitalsAt(visitId: string): string | null {
    return this.get(visitId)?.vitalsAt ?? null;
  }

  /** The entries on the list now: each kept when it is new or changed. */
  seen(entries: readonly TriageEntry[], now: string): void {
    const added: string[] = [];
    for (const entry of entries) {
      const previous = this.get(entry.visitId);
      if (previous !== undefined && sameEntry(previous.entry, entry)) continue;
      if (previous === undefined) added.push(entry.visitId);
      this.save({ visitId: entry.visitId, entry: { ...entry, queued: 0, refused: 0 }, seenAt: now, vitalsAt: previous?.vitalsAt ?? null });
    }
    if (added.length > 0) this.indexed(added, now);
  }

  markVitals(visitId: string, takenAt: string): void {
    const visit = this.get(visitId);
    if (visit === undefined || (visit.vitalsAt !== null && Date.parse(visit.vitalsAt) >= Date.parse(takenAt))) return;
    this.save({ ...visit, vitalsAt: takenAt });
  }

  private save(visit: StoredVisit): void {
    this.mirror.set(visit.visitId, visit);
    this.values.setValue(visitKey(visit.visitId), visit);
  }

  /** New visits join the index; beyond the cap the oldest seen go. */
  private indexed(visitIds: readonly string[], now: string): void {
    const index = this.index ?? this.values.getValue(INDEX_KEY, IndexSchema) ?? [];
    index.push(...visitIds.map((visitId) => ({ visitId, seenAt: now })));
    while (index.length > MAX_VISITS) {
      const dropped = index.shift()!;
      this.mirror.delete(dropped.visitId);
      this.values.deleteValue(visitKey(dropped.visitId));
    }
    this.index = index;
    this.values.setValue(INDEX_KEY, index);
  }
}

function sameEntry(a: TriageEntry, b: TriageEntry): boolean {
  return a.priority === b.priority && a.department === b.department && a.token === b.token && a.patient?.id === b.patient?.id
    && a.allergies?.status === b.allergies?.status && a.vitalsAt === b.vitalsAt;
}
