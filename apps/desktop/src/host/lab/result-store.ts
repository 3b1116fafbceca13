import { LabResultSchema, LabWorklistEntrySchema } from '@hms/core';
import type { LabResult, LabWorklistEntry } from '@hms/core';
import { z } from 'zod';
import type { QueuedResultEntry } from '../../shared/lab/result-views.js';
import type { KeyValueStore } from '../cache/local-cache.js';

const SHEETS_KEY = 'lab.resultSheets';
const QUEUED_KEY = 'lab.queuedResults';
/** Sheets kept for offline: the requests the grid opened last (a bench's morning), not history. */
const SHEETS_KEPT = 200;

const SheetSchema = z.object({ asOf: z.string(), entry: LabWorklistEntrySchema, results: z.array(LabResultSchema) });
const StoredSheetsSchema = z.object({ serverUrl: z.string(), sheets: z.array(SheetSchema) });
const QueuedSchema = z.object({
  serverUrl: z.string(),
  entries: z.array(z.object({
    idempotencyKey: z.string(), testId: z.string(), specimenBarcode: z.string(), enteredAt: z.string(),
    results: z.array(z.object({ analyte: z.string(), value: z.string(), comment: z.string().optional() })),
  })),
});

export type KeptSheet = z.infer<typeof SheetSchema>;

/**
 * What the result side keeps in the workstation's key/value area, per server: the requests the
 * grid read (so a request is still there to enter results offline), and the entries queued in
 * the outbox (so the grid shows them as waiting until the server's answer replaces them).
 */
export class ResultStore {
  private readonly values: KeyValueStore;
  private readonly serverUrl: () => string;

  constructor(values: KeyValueStore, serverUrl: () => string) {
    this.values = values;
    this.serverUrl = serverUrl;
  }

  sheet(requestId: string): KeptSheet | undefined {
    return this.sheets().find((sheet) => sheet.entry.requestId === requestId);
  }

  /** The kept request a test belongs to. */
  sheetOfTest(testId: string): KeptSheet | undefined {
    return this.sheets().find((sheet) => sheet.entry.tests.some((test) => test.id === testId));
  }

  keepSheet(entry: LabWorklistEntry, results: readonly LabResult[], asOf: string): void {
    const others = this.sheets().filter((sheet) => sheet.entry.requestId !== entry.requestId);
    this.values.setValue(SHEETS_KEY, { serverUrl: this.serverUrl(), sheets: [{ asOf, entry, results }, ...others].slice(0, SHEETS_KEPT) });
  }

  /** The server's answer to a write: its versions replace the kept ones of the same id. */
  mergeResults(requestId: string, results: readonly LabResult[]): void {
    const kept = this.sheet(requestId);
    if (kept === undefined) return;
    const byId = new Map(kept.results.map((result) => [result.id, result]));
    for (const result of results) byId.set(result.id, result);
    this.keepSheet(kept.entry, [...byId.values()], kept.asOf);
  }

  queued(): QueuedResultEntry[] {
    const stored = this.values.getValue(QUEUED_KEY, QueuedSchema);
    return stored?.serverUrl === this.serverUrl() ? stored.entries : [];
  }

  keepQueued(entry: QueuedResultEntry): void {
    this.values.setValue(QUEUED_KEY, { serverUrl: this.serverUrl(), entries: [...this.queued().filter((other) => other.idempotencyKey !== entry.idempotencyKey), entry] });
  }

  /** The queued entry left the outbox (applied, or refused into the conflicts inbox). */
  dropQueued(idempotencyKey: string): QueuedResultEntry | undefined {
    const entries = this.queued();
    const gone = entries.find((entry) => entry.idempotencyKey === idempotencyKey);
    if (gone !== undefined) this.values.setValue(QUEUED_KEY, { serverUrl: this.serverUrl(), entries: entries.filter((entry) => entry !== gone) });
    return gone;
  }

  private sheets(): KeptSheet[] {
    const stored = this.values.getValue(SHEETS_KEY, StoredSheetsSchema);
    return stored?.serverUrl === this.serverUrl() ? stored.sheets : [];
  }
}
