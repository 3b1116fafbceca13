import type { OfflineWrites } from '../../app/desk-module.js';
import { resultOfflineWrites } from './result-offline-writes.js';

/** How the outbox names the lab's queued writes; a refused one is sent again as it was, or discarded. */
export const labOfflineWrites: OfflineWrites<'lab'> = { ...resultOfflineWrites };
