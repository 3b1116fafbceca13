import type { LabSpecimen, LabWorklistEntry } from '@hms/core';

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
