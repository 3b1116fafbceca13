import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';
import type { PendingChange, PendingWrite } from '../../shared/nurse/triage.js';

// Stored as written by this desk; read back loosely (the change is shown, never sent: the outbox holds the write).
const PendingSchema = z.array(z.object({
  key: z.string(),
  patientId: z.string().nullable(),
  visitId: z.string().nullable(),
  label: z.string(),
  queuedAt: z.string(),
  state: z.enum(['queued', 'refused']),
  change: z.custom<PendingChange>((value) => typeof value === 'object' && value !== null && 'kind' in value),
}));
const PENDING_KEY = 'nurse.pending';

/**
 * This desk's writes the server has not applied yet, beside their outbox entries (written in the
 * same transaction), so the triage list and form show what is queued and the local checks see
 * it. An entry goes when its write is applied, discarded or sent again.
 */
export class PendingStore {
  private readonly values: KeyValueStore;

  constructor(values: KeyValueStore) {
    this.values = values;
  }

  all(): PendingWrite[] {
    return this.values.getValue(PENDING_KEY, PendingSchema) ?? [];
  }

  forPatient(patientId: string, visitId?: string): PendingWrite[] {
    return this.all().filter((write) => write.patientId === patientId || (visitId !== undefined && write.visitId === visitId));
  }

  add(write: PendingWrite): void {
    this.values.setValue(PENDING_KEY, [...this.all().filter((entry) => entry.key !== write.key), write]);
  }

  /** True when this desk held it. */
  remove(key: string): boolean {
    const all = this.all();
    const kept = all.filter((entry) => entry.key !== key);
    if (kept.length === all.length) return false;
    this.values.setValue(PENDING_KEY, kept);
    return true;
  }

  markRefused(key: string): boolean {
    const all = this.all();
    if (!all.some((entry) => entry.key === key)) return false;
    this.values.setValue(PENDING_KEY, all.map((entry) => (entry.key === key ? { ...entry, state: 'refused' as const } : entry)));
    return true;
  }
}
