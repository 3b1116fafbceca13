import type { OfflineWrites } from '../../app/desk-module.js';

/** How the outbox names the pharmacy's queued writes; a refused dispense is sent again as it was, or discarded. */
export const pharmacyOfflineWrites: OfflineWrites<'pharmacy'> = {
  'dispensing.dispense': { label: 'Dispense' },
};
