import type { LabSpecimen, LabWorklistEntry } from '@hms/core';
import type { PrintOutcome } from '../printing/documents.js';
import type { HostError } from '../result.js';
import type { ContainerGroup } from './containers.js';

/** The lab worklist as the desk shows it: the server's, live, or the copy kept here while the LAN is down. */
export interface LabWorklistView {
  entries: LabWorklistEntry[];
  /** Followed live (lab.changed and orders.changed re-read it); false when it is the kept copy. */
  live: boolean;
  source: 'server' | 'cache' | 'none';
  /** When the server last answered it. */
  asOf: string | null;
}

/** What a scanned or typed code named: a specimen's barcode (its container), an accession (the request), or nothing on the worklist. */
export type LabFindOutcome =
  | { found: 'specimen'; entry: LabWorklistEntry; specimen: LabSpecimen; source: 'server' | 'cache' }
  | { found: 'request'; entry: LabWorklistEntry; source: 'server' | 'cache' }
  | { found: 'none'; message: string };

/** A request (or a doctor's order) at the collection screen: its tests still to collect, grouped one container per kind by default. */
export interface CollectionPlan {
  entry: LabWorklistEntry;
  groups: ContainerGroup[];
  source: 'server' | 'cache';
}

/** The labels of a collection: printed at once (each printer's answer), or why not; the collection stands either way. */
export type LabelOutcome = { printed: PrintOutcome[] } | { error: HostError };

/** A collection: sent (the server's accession and barcodes), or queued while the LAN is down (labelled from this desk's block). */
export type CollectOutcome =
  | { status: 'applied'; entry: LabWorklistEntry; specimens: LabSpecimen[]; labels: LabelOutcome }
  | { status: 'queued'; key: string; entry: LabWorklistEntry; specimens: LabSpecimen[]; labels: LabelOutcome };

/** A write that changes specimens (receipt, rejection): sent, or queued while the LAN is down. */
export type SpecimenWriteOutcome =
  | { status: 'applied'; specimens: LabSpecimen[] }
  | { status: 'queued'; key: string; specimens: LabSpecimen[] };

export type WalkInOutcome =
  | { status: 'applied'; entry: LabWorklistEntry }
  | { status: 'queued'; key: string; entry: LabWorklistEntry };

export interface AccessionStatusView {
  remaining: number;
  expiresAt: string | null;
}
