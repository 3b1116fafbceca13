import { HmsError } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { ensureStockItem, requireLocation } from './stock-items.js';

/** Sets or clears an item's reorder level at a location; the audit row keeps the level before and after. */
export async function setReorderLevel(scope: WriteScope, actor: Actor, input: { locationId: string; itemId: string; level: number | null }, now: Date) {
  const { trx } = scope;
  await requireLocation(trx, input.locationId);
  // A formulary drug may have a level before its first receipt.
  if ((await ensureStockItem(trx, input.itemId, actor.userId, now)) === undefined) throw HmsError.validation({ itemId: 'is not a stock item or formulary drug' });
  const key = { location_id: input.locationId, item_id: input.itemId };
  const before: { level: number } | undefined = await trx('stock_reorder_levels').where(key).forUpdate().first('level');
  if (input.level === null) await trx('stock_reorder_levels').where(key).delete();
  else await trx('stock_reorder_levels').insert({ ...key, level: input.level, set_at: now, set_by: actor.userId }).onConflict(['location_id', 'item_id']).merge();
  scope.audit({
    action: 'stock.setReorderLevel', entityType: 'stock_item', entityId: input.itemId,
    before: { locationId: input.locationId, level: before?.level ?? null }, after: { locationId: input.locationId, level: input.level },
  });
  return { locationId: input.locationId, itemId: input.itemId, level: input.level };
}
