import type { ItemOnHand } from '@hms/core';

/** A location's stock as the Stock and Count screens show it: the server's now, or the copy kept here while the LAN is down. */
export interface StockLevelsView {
  locationId: string;
  /** The hospital's day the server counted expiry by (the kept copy's, when it is the copy). */
  today: string;
  /** Per item, batches in FEFO order (the server's order). */
  items: ItemOnHand[];
  source: 'server' | 'cache';
  /** When the server last answered it. */
  asOf: string;
}
