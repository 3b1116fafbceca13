import type { StockItem } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import type { ItemRow } from './stock-rows.js';
import { toItem } from './stock-rows.js';

/** A non-drug item (gloves, syringes); a taken code is a unique violation, which the gateway answers CONFLICT. */
export async function createConsumable(scope: WriteScope, actor: Actor, input: { code: string; name: string; unit: string }, now: Date): Promise<StockItem> {
  const [row] = await scope.trx('stock_items')
    .insert({ kind: 'consumable', code: input.code, name: input.name, unit: input.unit, created_at: now, created_by: actor.userId })
    .returning('*');
  const item = toItem(row as ItemRow);
  scope.audit({ action: 'stock.createItem', entityType: 'stock_item', entityId: item.id, after: { code: item.code, name: item.name, unit: item.unit } });
  return item;
}
