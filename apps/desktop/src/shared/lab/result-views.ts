import type { LabCriticalAlert, LabResult, LabWorklistEntry } from '@hms/core';

/** Values entered here while the LAN was down, waiting in the outbox (shown in the grid as queued). */
export interface QueuedResultEntry {
  idempotencyKey: string;
  testId: string;
  specimenBarcode: string;
  results: Array<{ analyte: string; value: string; comment?: string | undefined }>;
  enteredAt: string;
}

/** One request at the result entry grid: its tests, specimens and every result version, and what waits to be sent. */
export interface ResultSheetView {
  entry: LabWorklistEntry;
  results: LabResult[];
  queued: QueuedResultEntry[];
  /** Read from the server now, or the copy kept here (offline). */
  source: 'server' | 'cache';
  asOf: string;
}

/** lab.enterResults from the grid: sent (the server's flags and alerts), or queued while offline. */
export type EnterResultsOutcome =
  | { status: 'applied'; results: LabResult[]; alerts: LabCriticalAlert[] }
  | { status: 'queued'; key: string };
