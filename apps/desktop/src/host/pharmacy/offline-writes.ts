import type { DeskContext } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import type { PharmacyStore } from './pharmacy-store.js';

/**
 * What the pharmacy desk does once a dispense left it: the server's answer replaces the kept
 * worklist entry (a replay's shortfall is the server's discrepancy, shown in stock.discrepancies).
 */
export function pharmacyOfflineWrites({ store, worklistChanged }: { ctx: DeskContext<'pharmacy'>; store: PharmacyStore; worklistChanged(): void }): OfflineWrites<'pharmacy'> {
  return {
    'dispensing.dispense': {
      applied: ({ prescription }) => {
        store.keepEntry(prescription);
        worklistChanged();
      },
      refused: () => worklistChanged(),
    },
  };
}
