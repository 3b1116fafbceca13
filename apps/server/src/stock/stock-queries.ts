import { fefoQueue, isExpired } from '@hms/core';
import type { Discrepancy, ItemOnHand, StockBatchState } from '@hms/core';
import type { Knex } from 'knex';
import type { BatchRow, DiscrepancyRow, ItemRow, LocationRow } from './stock-rows.js';
import { toBatch, toDiscrepancy, toItem, toLocation } from './stock-rows.js';

export async function listLocations(db: Knex) {
  const rows: LocationRow[] = await db('stock_locations').orderBy([{ column: 'kind' }, { column: 'code' }]);
  return rows.map(toLocation);
}

export async function searchItems(db: Knex, query: string | undefined, limit: number) {
  const q = db<ItemRow>('stock_items').orderBy('name').limit(limit);
  if (query !== undefined) {
    const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) => w.whereILike('name', like).orWhereILike('code', like));
  }
  return (await q).map(toItem);
}

type OnHandRow = ItemRow & { batch_id: string | null; quantity: number | null; batch_number: string | null; expiry_date: string | null; recalled: boolean | null };

/**
 * The location's items with their batches: usable ones first in FEFO order, then expired and
 * recalled ones. One statement (an item asked for by id comes back even when it holds nothing here).
 */
export async function onHandAt(db: Knex, locationId: string, itemId: string | undefined, today: string): Promise<ItemOnHand[]> {
  const columns = `i.id, i.kind, i.drug_id, i.code, i.name, i.unit, i.active, s.batch_id, s.quantity, b.batch_number, b.expiry_date::text as expiry_date, b.recalled_at is not null as recalled`;
  const rows: OnHandRow[] = (itemId === undefined
    ? await db.raw(
      `select ${columns} from stock_balances s join stock_batches b on b.id = s.batch_id join stock_items i on i.id = s.item_id
        where s.location_id = ? and s.quantity > 0 order by i.name, i.id`,
      [locationId],
    )
    : await db.raw(
      `select ${columns} from stock_items i
         left join (stock_balances s join stock_batches b on b.id = s.batch_id) on s.item_id = i.id and s.location_id = ? and s.quantity > 0
        where i.id = ?`,
      [locationId, itemId],
    )).rows;
  const byItem = new Map<string, { item: ItemRow; batches: StockBatchState[] }>();
  for (const row of rows) {
    const entry = byItem.get(row.id) ?? { item: row, batches: [] };
    if (row.batch_id !== null) entry.batches.push({ batchId: row.batch_id, batchNumber: row.batch_number!, expiry: row.expiry_date!, recalled: row.recalled!, onHand: row.quantity! });
    byItem.set(row.id, entry);
  }
  return [...byItem.values()].map(({ item, batches }) => {
    const usable = fefoQueue(batches, today);
    const usableIds = new Set(usable.map((batch) => batch.batchId));
    const rest = batches.filter((batch) => !usableIds.has(batch.batchId)).sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : 0));
    return {
      item: toItem(item),
      onHand: batches.reduce((sum, batch) => sum + batch.onHand, 0),
      usable: usable.reduce((sum, batch) => sum + batch.onHand, 0),
      batches: [...usable, ...rest].map((batch) => ({ batchId: batch.batchId, batchNumber: batch.batchNumber, expiry: batch.expiry, onHand: batch.onHand, recalled: batch.recalled, expired: isExpired(batch.expiry, today) })),
    };
  });
}

export async function findItem(db: Knex, itemId: string): Promise<ItemRow | undefined> {
  return db<ItemRow>('stock_items').where({ id: itemId }).first();
}

export async function batchesOfItem(db: Knex, itemId: string) {
  const [batches, balances]: [BatchRow[], Array<{ batch_id: string; location_id: string; quantity: number }>] = await Promise.all([
    db('stock_batches').where({ item_id: itemId }).orderBy([{ column: 'expiry_date' }, { column: 'batch_number' }]),
    db('stock_balances').where({ item_id: itemId }).where('quantity', '>', 0).orderBy('location_id').select('batch_id', 'location_id', 'quantity'),
  ]);
  return batches.map((row) => ({
    ...toBatch(row),
    balances: balances.filter((balance) => balance.batch_id === row.id).map((balance) => ({ locationId: balance.location_id, onHand: balance.quantity })),
  }));
}

/** Discrepancies with, for an offline dispense's, the prescription and the patient it was handed to (the caller audits the read). */
export async function listDiscrepancies(db: Knex, filter: { locationId?: string | undefined; status: Discrepancy['status']; limit: number; id?: string }) {
  const query = db('stock_discrepancies as d').join('stock_batches as b', 'b.id', 'd.batch_id')
    .leftJoin('dispensations as ds', (on) => on.on('ds.id', 'd.document_id').andOn('d.document_type', db.raw('?', ['dispensation'])))
    .leftJoin('prescriptions as p', 'p.id', 'ds.prescription_id')
    .leftJoin('patients as pa', 'pa.id', 'ds.patient_id')
    .select('d.*', 'b.batch_number', 'p.id as prescription_id', 'p.number as prescription_number', 'pa.id as patient_id', 'pa.mrn',
      db.raw(`concat_ws(' ', pa.given_name, nullif(pa.middle_name, ''), pa.family_name) as patient_name`))
    .orderBy('d.detected_at', 'desc').limit(filter.limit);
  if (filter.id !== undefined) query.where('d.id', filter.id);
  else query.where('d.status', filter.status);
  if (filter.locationId !== undefined) query.where('d.location_id', filter.locationId);
  return ((await query) as DiscrepancyRow[]).map(toDiscrepancy);
}

/** Batches with units expiring within `withinDays` (and expired ones), earliest first; recalled batches are on the recall's list instead. */
export async function nearExpiry(db: Knex, filter: { locationId?: string | undefined; withinDays: number; limit: number }, today: string) {
  const rows: Array<ItemRow & { location_id: string; batch_id: string; batch_number: string; expiry_date: string; quantity: number; days_left: number }> = (await db.raw(
    `select i.*, s.location_id, s.batch_id, b.batch_number, b.expiry_date::text as expiry_date, s.quantity, (b.expiry_date - ?::date) as days_left
       from stock_balances s join stock_batches b on b.id = s.batch_id join stock_items i on i.id = s.item_id
      where s.quantity > 0 and b.recalled_at is null and b.expiry_date <= ?::date + ?::integer ${filter.locationId === undefined ? '' : 'and s.location_id = ?'}
      order by b.expiry_date, i.name, b.batch_number
      limit ?`,
    [today, today, filter.withinDays, ...(filter.locationId === undefined ? [] : [filter.locationId]), filter.limit],
  )).rows;
  return rows.map((row) => ({
    locationId: row.location_id, item: toItem(row), batchId: row.batch_id, batchNumber: row.batch_number, expiry: row.expiry_date, onHand: row.quantity, daysLeft: row.days_left, expired: row.days_left < 0,
  }));
}
