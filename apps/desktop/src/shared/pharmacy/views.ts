import type { ItemOnHand, Result, WorklistEntry } from '@hms/core';
import type { PrintOutcome } from '../printing/documents.js';
import type { HostError } from '../result.js';

/** The dispensing worklist as the desk shows it: the server's, live, or the copy kept here while the LAN is down. */
export interface WorklistView {
  entries: WorklistEntry[];
  /** Followed live (events re-read it); false when it is the kept copy. */
  live: boolean;
  source: 'server' | 'cache' | 'none';
  /** When the server last answered it. */
  asOf: string | null;
}

/** A batch the desk may offer for a line, in FEFO order (usable first), as the dispensary holds it. */
export interface BatchChoice {
  batchId: string;
  batchNumber: string;
  expiry: string;
  onHand: number;
  expired: boolean;
  recalled: boolean;
  /** The pack codes (GTINs) this product was received under. */
  gtin: string | null;
}

/** Another product of the prescribed one's generic that generic substitution may hand out, as the dispensary holds it. */
export interface SubstituteChoice {
  itemId: string;
  name: string;
  unit: string;
  usable: number;
  fefoBatchId: string | null;
  batches: BatchChoice[];
  gtins: string[];
}

/** One prescription item at the dispense screen: what is owed and where FEFO would take it from. */
export interface DispenseLineView {
  prescriptionItemId: string;
  /** The stock item: a formulary drug's item has the drug's id. */
  itemId: string;
  name: string;
  outstanding: number;
  usable: number;
  /** The batch FEFO takes first (the server decides; this is what it will pick), or null with none usable. */
  fefoBatchId: string | null;
  batches: BatchChoice[];
  /** Every GTIN the product was received under, for scan-to-verify. */
  gtins: string[];
  /** What generic substitution may hand out instead (read from the server; none offline). */
  substitutes: SubstituteChoice[];
}

export interface DispenseView {
  entry: WorklistEntry;
  locationId: string;
  /** The hospital's day, as the server counts expiry. */
  today: string;
  lines: DispenseLineView[];
  source: 'server' | 'cache';
}

/** What scanning a pack at the dispense screen found. */
export type VerifyOutcome =
  | { ok: true; prescriptionItemId: string; batchId: string; batchNumber: string; expiry: string; message: string }
  | { ok: false; message: string };

export type DispenseResult = Result<'dispensing.dispense'>;

/** A dispense and its labels: sent (labels printed, or why not), or queued while the LAN is down. */
export type DispenseOutcome =
  | { status: 'applied'; result: DispenseResult; labels: LabelOutcome }
  | { status: 'queued'; key: string; labels: LabelOutcome };

export type LabelOutcome = { printed: PrintOutcome[] } | { error: HostError };

export type { ItemOnHand };
