import { HmsError, SHELF_LOCATION_KINDS } from '@hms/core';
import type { StockLocation } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { LocationRow } from './stock-rows.js';
import { toLocation } from './stock-rows.js';

export interface SaveLocationInput {
  id?: string | undefined;
  code?: string | undefined;
  name: string;
  kind?: (typeof SHELF_LOCATION_KINDS)[number] | undefined;
  active: boolean;
}

const isShelf = (kind: string): kind is (typeof SHELF_LOCATION_KINDS)[number] => (SHELF_LOCATION_KINDS as readonly string[]).includes(kind);

/** Adds a shelf location, or renames, closes or reopens one; the audit row keeps it before and after. */
export async function saveLocation(scope: WriteScope, actor: Actor, input: SaveLocationInput, now: Date): Promise<StockLocation> {
  if (input.id === undefined) return addLocation(scope, input, now);
  const { trx } = scope;
  // Locked first: a receipt into it (the ledger's trigger share-locks the row) waits or is waited for.
  const before: LocationRow | undefined = await trx('stock_locations').where({ id: input.id }).forUpdate().first('id', 'code', 'name', 'kind', 'active');
  if (before === undefined) throw HmsError.notFound('The stock location');
  if (!isShelf(before.kind)) throw HmsError.conflict(`${before.name} is not a shelf: it is set up by the system.`, { reason: 'not_a_shelf', kind: before.kind });
  const fixed: Record<string, string> = {};
  if (input.code !== undefined && input.code !== before.code) fixed['code'] = 'stays as it was: documents and labels name the location by it';
  if (input.kind !== undefined && input.kind !== before.kind) fixed['kind'] = 'stays as it was: add a new location instead';
  if (Object.keys(fixed).length > 0) throw HmsError.validation(fixed);
  if (before.active && !input.active) await refuseClosing(scope, before);
  const closing = before.active && !input.active;
  const reopening = !before.active && input.active;
  const [row] = await trx('stock_locations').where({ id: before.id })
    .update({
      name: input.name, active: input.active, updated_at: now,
      ...(closing ? { closed_at: now, closed_by: actor.userId } : {}), ...(reopening ? { closed_at: null, closed_by: null } : {}),
    })
    .returning(['id', 'code', 'name', 'kind', 'active']);
  const location = toLocation(row as LocationRow);
  scope.audit({
    action: 'stock.saveLocation', entityType: 'stock_location', entityId: location.id,
    before: { name: before.name, active: before.active }, after: { name: location.name, active: location.active },
  });
  return location;
}

async function addLocation(scope: WriteScope, input: SaveLocationInput, now: Date): Promise<StockLocation> {
  const { trx } = scope;
  try {
    const [row] = await trx('stock_locations')
      .insert({ code: input.code, name: input.name, kind: input.kind, active: input.active, created_at: now, updated_at: now, ...(input.active ? {} : { closed_at: now }) })
      .returning(['id', 'code', 'name', 'kind', 'active']);
    const location = toLocation(row as LocationRow);
    scope.audit({ action: 'stock.saveLocation', entityType: 'stock_location', entityId: location.id, after: { code: location.code, name: location.name, kind: location.kind, active: location.active } });
    return location;
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation)) throw HmsError.conflict(`The code ${input.code ?? ''} is taken by another location.`, { reason: 'code_taken', field: 'code' });
    throw error;
  }
}

/** What keeps a location open: stock on it, transfers to or from it under way, counts waiting, or being the last dispensary. */
async function refuseClosing(scope: WriteScope, location: LocationRow): Promise<void> {
  const { trx } = scope;
  const held: { units: string | null; batches: string } = await trx('stock_balances').where({ location_id: location.id }).where('quantity', '>', 0)
    .first(trx.raw('sum(quantity) as units'), trx.raw('count(*) as batches'));
  const onHand = Number(held.units ?? 0);
  if (onHand > 0) {
    throw HmsError.conflict(`${location.name} holds ${onHand} units in ${Number(held.batches)} batches: transfer or adjust them out before closing it.`, { reason: 'stock_on_hand', onHand, batches: Number(held.batches) });
  }
  const requests: Array<{ number: string }> = await trx('stock_transfer_requests')
    .where((query) => query.where({ from_location_id: location.id }).orWhere({ to_location_id: location.id }))
    .whereIn('status', ['requested', 'issued']).orderBy('number').select('number');
  if (requests.length > 0) {
    throw HmsError.conflict(`${location.name} has open transfer requests (${requests.map((request) => request.number).join(', ')}): issue and receive or finish them first.`, { reason: 'open_transfer_requests', requests: requests.map((request) => request.number) });
  }
  const counts: { n: string } = await trx('stock_counts').where({ location_id: location.id, status: 'pending' }).first(trx.raw('count(*) as n'));
  if (Number(counts.n) > 0) throw HmsError.conflict(`${location.name} has a count waiting for approval: approve or reject it first.`, { reason: 'pending_counts', pending: Number(counts.n) });
  if (location.kind === 'dispensary') {
    // Share-locked: two desks closing the last two dispensaries at once cannot both succeed.
    const others = await trx('stock_locations').where({ kind: 'dispensary', active: true }).whereNot({ id: location.id }).orderBy('id').forShare().select('id');
    if (others.length === 0) throw HmsError.conflict(`${location.name} is the last open dispensary: dispensing needs one.`, { reason: 'last_dispensary' });
  }
}
