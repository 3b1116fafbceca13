import { describe, expect, it } from 'vitest';
import type { TriageEntry } from '../../shared/nurse/triage.js';
import { memoryKeyValues } from '../cache/local-cache.js';
import type { KeyValueStore } from '../cache/local-cache.js';
import { VisitStore } from './visit-store.js';

const entry = (n: number, patch: Partial<TriageEntry> = {}): TriageEntry => ({
  visitId: `visit-${n}`, token: `OPD-${n}`, tokenNumber: n, department: 'OPD', departmentName: 'Outpatients', priority: 'normal', pendingPriority: null,
  patient: { id: `patient-${n}`, mrn: `MRN-${n}`, name: `Patient ${n}` }, doctorId: null, queuedAt: '2026-12-02T08:00:00.000Z', position: n,
  estimatedWaitMinutes: n * 5, vitalsAt: null, allergies: null, queued: 0, refused: 0, ...patch,
});

/** Counts the writes that reach the key/value area. */
function counting(values: KeyValueStore): { values: KeyValueStore; writes: () => number } {
  let writes = 0;
  return {
    values: { ...values, getValue: values.getValue.bind(values), deleteValue: values.deleteValue.bind(values), setValue: (key, value) => { writes += 1; values.setValue(key, value); } },
    writes: () => writes,
  };
}

describe('VisitStore', () => {
  it('keeps each visit seen, writing only what changed (a queue moving every position writes nothing), and remembers vitals taken here across a restart', () => {
    const area = memoryKeyValues();
    const { values, writes } = counting(area);
    const store = new VisitStore(values);
    store.seen([entry(1), entry(2)], '2026-12-02T08:01:00.000Z');
    const first = writes();
    expect(first).toBe(3);
    store.seen([entry(1, { position: 5, estimatedWaitMinutes: 40 }), entry(2, { position: 6 })], '2026-12-02T08:02:00.000Z');
    expect(writes()).toBe(first);
    store.seen([entry(1, { priority: 'urgent' }), entry(2)], '2026-12-02T08:03:00.000Z');
    expect(writes()).toBe(first + 1);
    store.markVitals('visit-2', '2026-12-02T08:04:00.000Z');
    store.markVitals('visit-2', '2026-12-02T08:03:00.000Z');
    const reopened = new VisitStore(area);
    expect(reopened.vitalsAt('visit-2')).toBe('2026-12-02T08:04:00.000Z');
    expect(reopened.get('visit-1')?.entry.priority).toBe('urgent');
    expect(reopened.get('visit-3')).toBeUndefined();
  });
});
