import { CatalogueEntrySchema, LabAnalyteSchema, LabWorklistEntrySchema } from '@hms/core';
import type { CatalogueEntry, LabAnalyte, LabWorklistEntry } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const WORKLIST_KEY = 'lab.worklist';
const CATALOGUE_KEY = 'lab.catalogue';

const StoredCatalogueSchema = z.object({ serverUrl: z.string(), items: z.array(CatalogueEntrySchema) });
/** The worklist's analytes by key (lab.worklist sends each set once); a copy kept before there were keys has none. */
const KeptAnalytesSchema = z.record(z.string(), z.array(LabAnalyteSchema));
const StoredWorklistSchema = z.object({ serverUrl: z.string(), asOf: z.string(), entries: z.array(LabWorklistEntrySchema), analytes: KeptAnalytesSchema.default({}) });

export type KeptAnalytes = Readonly<Record<string, LabAnalyte[]>>;

export interface KeptWorklist {
  asOf: string;
  entries: LabWorklistEntry[];
  analytes: KeptAnalytes;
}

/** The entry with each test's analytes in it (the result grid's): its own, or the worklist's set its `analytesKey` names. */
export function withKeptAnalytes(entry: LabWorklistEntry, analytes: KeptAnalytes): LabWorklistEntry {
  if (entry.tests.every((test) => test.analytes !== undefined || test.analytesKey === undefined)) return entry;
  return {
    ...entry,
    tests: entry.tests.map((test) => {
      const set = test.analytes ?? (test.analytesKey === undefined ? undefined : analytes[test.analytesKey]);
      return set === undefined ? test : { ...test, analytes: set };
    }),
  };
}

/** Which entry a kept one is: its request once collected, else the doctor's order. */
export function entryKey(entry: Pick<LabWorklistEntry, 'requestId' | 'orderId'>): string {
  return entry.requestId ?? `order:${entry.orderId ?? ''}`;
}

/** The same work: one request, or the same doctor's order or accession (before and after collection, offline and replayed). */
export function sameEntry(a: LabWorklistEntry, b: LabWorklistEntry): boolean {
  return (a.requestId !== null && a.requestId === b.requestId) || (a.orderId !== null && a.orderId === b.orderId) || (a.accession !== null && a.accession === b.accession);
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

  worklist(): KeptWorklist | undefined {
    const stored = this.values.getValue(WORKLIST_KEY, StoredWorklistSchema);
    return stored?.serverUrl === this.serverUrl() ? stored : undefined;
  }

  keepWorklist(entries: readonly LabWorklistEntry[], asOf: string, analytes: KeptAnalytes): void {
    this.values.setValue(WORKLIST_KEY, { serverUrl: this.serverUrl(), asOf, entries, analytes });
  }

  /**
   * One entry replaced (a collection answered it, or was made offline): a doctor's order becomes
   * its request at collection, and a request made offline has its id from the server on replay.
   */
  keepEntry(entry: LabWorklistEntry): void {
    const kept = this.worklist() ?? { asOf: new Date(0).toISOString(), entries: [], analytes: {} };
    const others = kept.entries.filter((other) => !sameEntry(other, entry));
    const done = entry.tests.every((test) => test.status === 'released' || test.status === 'cancelled');
    const entries = done ? others : [...others, entry].sort((a, b) => a.orderedAt.localeCompare(b.orderedAt));
    this.keepWorklist(entries, kept.asOf, kept.analytes);
  }

  /** The order catalogue's lab tests (their specimens choose containers; walk-ins pick from them), kept for offline. */
  catalogue(): CatalogueEntry[] | undefined {
    const stored = this.values.getValue(CATALOGUE_KEY, StoredCatalogueSchema);
    return stored?.serverUrl === this.serverUrl() ? stored.items : undefined;
  }

  keepCatalogue(items: readonly CatalogueEntry[]): void {
    this.values.setValue(CATALOGUE_KEY, { serverUrl: this.serverUrl(), items });
  }
}
