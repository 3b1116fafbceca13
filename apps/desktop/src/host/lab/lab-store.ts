import { CatalogueEntrySchema, LabAnalyteSchema, LabWorklistEntrySchema } from '@hms/core';
import type { CatalogueEntry, LabAnalyte, LabWorklistEntry } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const WORKLIST_KEY = 'lab.worklist';
const CATALOGUE_KEY = 'lab.catalogue';

const StoredCatalogueSchema = z.object({ serverUrl: z.string(), items: z.array(CatalogueEntrySchema) });
/** The worklist's analytes by key (lab.worklist sends each set once); a copy kept before there were keys has none. */
const KeptAnalytesSchema = z.record(z.string(), z.array(LabAnalyteSchema));
/**
 * `version` is the server's for a delta read (lab.worklist `since`); `fullAt` when the whole list
 * was last read (deltas keep each entry's ranges as of its own read: a whole read refreshes them).
 * A copy kept before deltas has neither: its next read is whole.
 */
const StoredWorklistSchema = z.object({
  serverUrl: z.string(), asOf: z.string(), entries: z.array(LabWorklistEntrySchema), analytes: KeptAnalytesSchema.default({}),
  version: z.string().optional(), fullAt: z.string().optional(),
});

export type KeptAnalytes = Readonly<Record<string, LabAnalyte[]>>;

export interface KeptWorklist {
  asOf: string;
  entries: LabWorklistEntry[];
  analytes: KeptAnalytes;
  version?: string | undefined;
  fullAt?: string | undefined;
}

/** A delta read's answer (lab.worklist with `since` and `changes`). */
export interface WorklistDelta {
  entries: readonly LabWorklistEntry[];
  analytes: KeptAnalytes;
  version: string;
  removedRequestIds: readonly string[];
  removedOrderIds: readonly string[];
}

/**
 * The kept list with a delta applied: entries that left the list dropped (a doctor's order once it
 * is collected into its request), changed ones replacing theirs (`sameEntry`: the request, its
 * order, its accession), oldest first; only the analyte sets still named are kept.
 */
export function mergeWorklist(kept: Pick<KeptWorklist, 'entries' | 'analytes'>, delta: WorklistDelta): { entries: LabWorklistEntry[]; analytes: KeptAnalytes } {
  const removedRequests = new Set(delta.removedRequestIds);
  const removedOrders = new Set(delta.removedOrderIds);
  const entries = kept.entries
    .filter((entry) => !(entry.requestId !== null && removedRequests.has(entry.requestId)) && !(entry.requestId === null && entry.orderId !== null && removedOrders.has(entry.orderId)))
    .filter((entry) => !delta.entries.some((changed) => sameEntry(entry, changed)))
    .concat(delta.entries)
    .sort((a, b) => a.orderedAt.localeCompare(b.orderedAt));
  const named = new Set(entries.flatMap((entry) => entry.tests.flatMap((test) => (test.analytesKey === undefined ? [] : [test.analytesKey]))));
  const all = { ...kept.analytes, ...delta.analytes };
  return { entries, analytes: Object.fromEntries(Object.entries(all).filter(([key]) => named.has(key))) };
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

  keepWorklist(entries: readonly LabWorklistEntry[], asOf: string, analytes: KeptAnalytes, read?: { version: string; fullAt: string | undefined }): void {
    const kept = read === undefined ? this.worklist() : undefined;
    // A local change (keepEntry) keeps the server's version: the next delta brings the server's side of it.
    this.values.setValue(WORKLIST_KEY, { serverUrl: this.serverUrl(), asOf, entries, analytes, version: read?.version ?? kept?.version, fullAt: read?.fullAt ?? kept?.fullAt });
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
