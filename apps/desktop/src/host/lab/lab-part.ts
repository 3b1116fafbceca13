import type { DeskContext } from '../desk-module.js';
import type { LabStore } from './lab-store.js';
import type { LabWorklist } from './lab-worklist.js';

/** What each part of the lab desk (specimens, results) is made with: the desk's context and what the parts share. */
export interface LabPartContext {
  readonly ctx: DeskContext<'lab'>;
  /** The worklist kept here for offline. */
  readonly store: LabStore;
  /** The worklist followed live: `changed()` after a write here, `publish()` after the kept copy changed. */
  readonly worklist: LabWorklist;
}
