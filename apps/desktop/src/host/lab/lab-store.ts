import { LabWorklistEntrySchema } from '@hms/core';
import type { LabWorklistEntry } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const WORKLIST_KEY = 'lab.worklist';

const StoredWorklistSchema = z.object({ serverUrl: z.string(), asOf: z.string(), entries: z.array(LabWorklistEntrySchema) });

/** Which entry a kept one is: its request once collected, else the doctor's order. */
export function entryKey(entry: Pick<LabWorklistEntry, 'requestId' | 'orderId'>): string {
  return entry.requestId ?? `order:${entry.orderId ?? ''}`;
}

/**
 * What the lab desk keeps in the workstation's key/value area, per server: the last worklist,
 * so that offline the desk still finds a scanned specimen and collects a waiting order. The
 * server's next answer replaces it.
 */
export class LabStore {
  private readonly values: KeyValueStore;
  private readonly serverUrl: () => string;

  constructor(values: KeyValueStore, serverUrl: () => string) {
    this.values = values;
    this.serverUrl = serverUrl;
  }

  worklist(): { asOf: string; entries: LabWorklistEntry[] } | undefined {
    const stored = this.values.getValue(WORKLIST_KEY, StoredWorklistSchema);
    return stored?.serverUrl === this.serverUrl() ? stored : undefined;
  }

  keepWorklist(entries: readonly LabWorklistEntry[], asOf: string): void {
    this.values.setValue(WORKLIST_KEY, { serverUrl: this.serverUrl(), asOf, entries });
  }

  /**
   * One entry replaced (a collection answered it, or was made offline): `replaces` names the
   * entry it was before (a doctor's order becomes its request at collection).
   */
  keepEntry(entry: LabWorklistEntry, replaces?: string): void {
    const kept = this.worklist() ?? { asOf: new Date(0).toISOString(), entries: [] };
    const gone = new Set([entryKey(entry), ...(replaces === undefined ? [] : [replaces])]);
    const others = kept.entries.filter((other) => !gone.has(entryKey(other)));
    const done = entry.tests.every((test) => test.status === 'released' || test.status === 'cancelled');
    const entries = done ? others : [...others, entry].sort((a, b) => a.orderedAt.localeCompare(b.orderedAt));
    this.keepWorklist(entries, kept.asOf);
  }
}
