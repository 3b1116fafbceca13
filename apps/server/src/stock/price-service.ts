import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { ensureStockItem } from './stock-items.js';

interface PriceRow {
  item_id: string;
  price_minor: string | number;
  effective_from: Date;
  set_at: Date;
  set_by: string;
  set_by_name: string;
  note: string | null;
}

const toPrice = (row: PriceRow) => ({
  itemId: row.item_id, priceMinor: Number(row.price_minor), effectiveFrom: row.effective_from.toISOString(), setAt: row.set_at.toISOString(), setBy: row.set_by, setByName: row.set_by_name, note: row.note,
});

function priceRows(db: Knex, itemId: string) {
  return db('stock_item_prices as p').join('users as u', 'u.id', 'p.set_by').where('p.item_id', itemId)
    .orderBy([{ column: 'p.effective_from', order: 'desc' }, { column: 'p.id', order: 'desc' }])
    .select('p.item_id', 'p.price_minor', 'p.effective_from', 'p.set_at', 'p.set_by', 'u.display_name as set_by_name', 'p.note');
}

/** A new selling price from now; the one before stays (prices are history, never overwritten). */
export async function setPrice(scope: WriteScope, actor: Actor, input: { itemId: string; priceMinor: number; note?: string | undefined }, now: Date) {
  const { trx } = scope;
  if ((await ensureStockItem(trx, input.itemId, actor.userId, now)) === undefined) throw HmsError.validation({ itemId: 'is not a stock item or formulary drug' });
  const before: PriceRow | undefined = await priceRows(trx, input.itemId).first();
  await trx('stock_item_prices').insert({ item_id: input.itemId, price_minor: input.priceMinor, effective_from: now, set_at: now, set_by: actor.userId, note: input.note ?? null });
  scope.audit({
    action: 'stock.setPrice', entityType: 'stock_item', entityId: input.itemId,
    before: { priceMinor: before === undefined ? null : Number(before.price_minor) }, after: { priceMinor: input.priceMinor, note: input.note ?? null },
  });
  return { price: toPrice((await priceRows(trx, input.itemId).first()) as PriceRow) };
}

export async function itemPrices(db: Knex, itemId: string, now: Date) {
  const history = ((await priceRows(db, itemId)) as PriceRow[]).map(toPrice);
  return { current: history.find((price) => Date.parse(price.effectiveFrom) <= now.getTime()) ?? null, history };
}
