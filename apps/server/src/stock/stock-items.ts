import { HmsError, drugDisplayName } from '@hms/core';
import type { FormularyDrugData, StockItem } from '@hms/core';
import type { Knex } from 'knex';
import type { ItemRow, LocationRow } from './stock-rows.js';
import { toItem } from './stock-rows.js';

/** The stock item with this id; a formulary drug's item is made the first time it is stocked. */
export async function ensureStockItem(trx: Knex.Transaction, itemId: string, userId: string, now: Date): Promise<StockItem | undefined> {
  const existing: ItemRow | undefined = await trx('stock_items').where({ id: itemId }).first();
  if (existing !== undefined) return toItem(existing);
  const drug: { id: string; code: string; data: FormularyDrugData } | undefined = await trx('drugs').where({ id: itemId }).first('id', 'code', 'data');
  if (drug === undefined) return undefined;
  await trx('stock_items')
    .insert({ id: drug.id, kind: 'drug', drug_id: drug.id, code: drug.code, name: drugDisplayName(drug.data), unit: drug.data.form, created_at: now, created_by: userId })
    .onConflict('id').ignore();
  return toItem((await trx('stock_items').where({ id: itemId }).first()) as ItemRow);
}

export async function requireLocation(db: Knex, locationId: string, field = 'locationId'): Promise<LocationRow> {
  const row: LocationRow | undefined = await db('stock_locations').where({ id: locationId }).first();
  if (row === undefined) throw HmsError.validation({ [field]: 'is not a stock location' });
  if (!row.active) throw HmsError.validation({ [field]: `${row.name} is closed` });
  return row;
}

/** The location dispensing uses when none is named: the (first) dispensary. */
export async function defaultDispensary(db: Knex): Promise<LocationRow> {
  const row: LocationRow | undefined = await db('stock_locations').where({ kind: 'dispensary', active: true }).orderBy('code').first();
  if (row === undefined) throw HmsError.conflict('No dispensary is set up.', { reason: 'no_dispensary' });
  return row;
}
