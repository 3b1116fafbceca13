import type { ItemOnHand } from '@hms/core';

/** A batch at a shelf that must go to quarantine: expired (in the hospital's day) or recalled, with units held. */
export interface QuarantineCandidate {
  itemName: string;
  unit: string;
  batchId: string;
  batchNumber: string;
  expiry: string;
  onHand: number;
  why: 'expired' | 'recalled';
}

/** The location's expired and recalled batches still on the shelf, earliest expiry first (the server accepts only these into quarantine). */
export function quarantineCandidates(items: readonly ItemOnHand[]): QuarantineCandidate[] {
  return items
    .flatMap((held) => held.batches
      .filter((batch) => batch.onHand > 0 && (batch.expired || batch.recalled))
      .map((batch) => ({
        itemName: held.item.name, unit: held.item.unit, batchId: batch.batchId, batchNumber: batch.batchNumber, expiry: batch.expiry, onHand: batch.onHand,
        why: batch.recalled ? 'recalled' as const : 'expired' as const,
      })))
    .sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.batchNumber < b.batchNumber ? -1 : 1));
}
