import type { Knex } from 'knex';
import type { MappedSpecimen } from './process-message.js';

export type LabHandOff =
  | { status: 'applied'; reason: undefined }
  | { status: 'mapped'; reason: string }
  | { status: 'rejected'; reason: string };

/** What a host query is answered with: the tests pending on a specimen, by catalogue code. */
export interface PendingOrder {
  accession: string;
  testCodes: string[];
}

/**
 * The seam to the lab area (issue 13, being built): results go to the specimen found by
 * accession as "awaiting validation", never released. Until the lab area exports its result
 * entry, mapped results stay `mapped` (kept, listed as needing attention) and are applied by
 * a replay once it has; nothing is dropped or faked.
 */
export async function handToLab(_db: Knex, specimens: readonly MappedSpecimen[], _now: Date): Promise<LabHandOff> {
  const accessions = [...new Set(specimens.map((specimen) => specimen.accession))].join(', ');
  return { status: 'mapped', reason: `waiting for the lab to take instrument results (specimen ${accessions}); replay once it does` };
}

/** The lab area's pending orders for a specimen; none until the lab area exports its orders by accession. */
export async function pendingOrders(_db: Knex, _accession: string): Promise<PendingOrder | undefined> {
  return undefined;
}
