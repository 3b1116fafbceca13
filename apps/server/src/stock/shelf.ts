import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import { requireLocation } from './stock-items.js';
import type { LocationRow } from './stock-rows.js';

/**
 * A location stock is used from: a store, dispensary or ward. Quarantine holds stock only to
 * write it off, and transit only between a store's issue and the destination's receipt, so
 * neither is dispensed or transferred from (CONFLICT not_a_shelf).
 */
export async function requireShelf(db: Knex, locationId: string, field = 'locationId'): Promise<LocationRow> {
  const location = await requireLocation(db, locationId, field);
  if (location.kind === 'quarantine') {
    throw HmsError.conflict(`${location.name} holds quarantined stock: it may only be written off or returned to the supplier.`, { reason: 'not_a_shelf', field, kind: location.kind });
  }
  if (location.kind === 'transit') throw HmsError.conflict(`${location.name} holds stock between issue and receipt: receive the transfer request instead.`, { reason: 'not_a_shelf', field, kind: location.kind });
  return location;
}
