import type { OfflineWrites } from '../../app/desk-module.js';
import { resultOfflineWrites } from './result-offline-writes.js';

/**
 * How the outbox names the lab's queued writes; a refused one is sent again as it was, or
 * discarded (a collection refused on replay: its tubes were labelled, so they are relabelled
 * from the worklist once the server's request is read).
 */
export const labOfflineWrites: OfflineWrites<'lab'> = {
  'lab.registerWalkIn': { label: 'Lab walk-in' },
  'lab.collect': { label: 'Specimen collection' },
  'lab.receive': { label: 'Specimen receipt' },
  'lab.reject': { label: 'Specimen rejection' },
  ...resultOfflineWrites,
};
