import type { Discrepancy } from '@hms/core';

/** A stock discrepancy as the pharmacist resolves it: the server's row, named, beside what the books hold of its batch now. */
export interface DiscrepancyView {
  discrepancy: Discrepancy;
  itemName: string;
  /** The item's unit ("capsule"), for quantities in words. */
  unit: string;
  locationName: string;
  /** Units of the batch the books hold at the location now (what a count is compared with). */
  bookNow: number;
  /** The batch's expiry, when the location still lists the batch. */
  expiry: string | null;
}

/** What resolving a discrepancy posted: the count correction (counted less the books), or none when the count agreed (`adjustmentId` null). */
export interface DiscrepancyResolution {
  adjustmentId: string | null;
  correction: number;
}
