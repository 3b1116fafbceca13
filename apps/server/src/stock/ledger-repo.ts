import { HmsError } from '@hms/core';
import type { AdjustmentReason, Movement, MovementKind, StockBatchState } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { MovementRow } from './stock-rows.js';
import { toMovement } from './stock-rows.js';

export interface NewMovement {
  at: Date;
  kind: MovementKind;
  itemId: string;
  batchId: string;
  locationId: string;
  /** Signed. */
  quantity: number;
  reason?: AdjustmentReason;
  documentType: Movement['documentType'];
  documentId: string;
  actorId: string;
  unitCostMinor?: number;
  offline?: boolean;
  note?: string | null;
}

const MOVEMENT_COLUMNS = ['l.*', 'b.batch_number', 'u.display_name as actor_name'];

function movementViews(db: Knex) {
  return db('stock_ledger as l').join('stock_batches as b', 'b.id', 'l.batch_id').join('users as u', 'u.id', 'l.actor_id').select(MOVEMENT_COLUMNS);
}

/**
 * Appends movements to the ledger in one statement; the ledger's trigger moves the balances
 * (and fails the statement, and so the write, if one would go below zero). Callers lock the
 * balances they take from first, so that failure is a backstop, not the rule.
 */
export async function postMovements(trx: Knex.Transaction, movements: readonly NewMovement[], recordedAt: Date): Promise<Movement[]> {
  const ids = await appendMovements(trx, movements, recordedAt);
  if (ids.length === 0) return [];
  const views: MovementRow[] = await movementViews(trx).whereIn('l.id', ids).orderBy('l.id');
  return views.map(toMovement);
}

/** The same append, answering only the new rows' ids: for a caller that does not show the movements (dispensing, one statement fewer). */
export async function appendMovements(trx: Knex.Transaction, movements: readonly NewMovement[], recordedAt: Date): Promise<Array<string | number>> {
  if (movements.length === 0) return [];
  const rows: Array<{ id: string | number }> = await trx('stock_ledger')
    .insert(movements.map((movement) => ({
      at: movement.at, recorded_at: recordedAt, kind: movement.kind, item_id: movement.itemId, batch_id: movement.batchId, location_id: movement.locationId,
      quantity: movement.quantity, reason: movement.reason ?? null, document_type: movement.documentType, document_id: movement.documentId, actor_id: movement.actorId,
      unit_cost_minor: movement.unitCostMinor ?? null, offline: movement.offline ?? false, note: movement.note ?? null,
    })))
    .returning('id')
    .catch((error: unknown) => {
      // The trigger's backstop for a location closed while this write was under way (services refuse a closed one first).
      if (isPgCode(error, PG.raiseException) && (error as { hint?: string }).hint === 'location_closed') {
        throw HmsError.conflict('The stock location was closed meanwhile: it receives nothing more.', { reason: 'location_closed' });
      }
      throw error;
    });
  return rows.map((row) => row.id);
}

interface LockedRow {
  batch_id: string;
  item_id: string;
  batch_number: string;
  expiry_date: string;
  recalled_at: Date | null;
  quantity: number;
}

const toState = (row: LockedRow): StockBatchState => ({ batchId: row.batch_id, batchNumber: row.batch_number, expiry: row.expiry_date, recalled: row.recalled_at !== null, onHand: row.quantity });

/**
 * The balances of an item's batches at a location, locked until commit (in batch order, so
 * two desks lock in the same order), with the batch rows share-locked: a recall committing
 * meanwhile waits for this write, or this write sees it.
 */
export async function lockItemBatches(trx: Knex.Transaction, locationId: string, itemId: string): Promise<StockBatchState[]> {
  const rows: LockedRow[] = (await trx.raw(
    `select s.batch_id, s.item_id, s.quantity, b.batch_number, b.expiry_date::text as expiry_date, b.recalled_at
       from stock_balances s join stock_batches b on b.id = s.batch_id
      where s.location_id = ? and s.item_id = ? and s.quantity > 0
      order by s.batch_id
      for no key update of s for share of b`,
    [locationId, itemId],
  )).rows;
  return rows.map(toState);
}

/** Locks the balances of these batches at a location (absent ones count 0), with their batch rows share-locked. */
export async function lockBatchBalances(trx: Knex.Transaction, locationId: string, batchIds: readonly string[]): Promise<Map<string, StockBatchState & { itemId: string }>> {
  const ids = [...new Set(batchIds)].sort();
  const batches: Array<Omit<LockedRow, 'quantity'>> = (await trx.raw(
    `select id as batch_id, item_id, batch_number, expiry_date::text as expiry_date, recalled_at from stock_batches where id = any(?::uuid[]) order by id for share`,
    [ids],
  )).rows;
  const balances: Array<{ batch_id: string; quantity: number }> = (await trx.raw(
    `select batch_id, quantity from stock_balances where location_id = ? and batch_id = any(?::uuid[]) order by batch_id for no key update`,
    [locationId, ids],
  )).rows;
  const onHand = new Map(balances.map((row) => [row.batch_id, row.quantity]));
  return new Map(batches.map((row) => [row.batch_id, { ...toState({ ...row, quantity: onHand.get(row.batch_id) ?? 0 }), itemId: row.item_id }]));
}

/** Refuses taking more than a locked balance holds: CONFLICT insufficient_stock with what there is. */
export function requireOnHand(state: StockBatchState, quantity: number): void {
  if (state.onHand < quantity) {
    throw HmsError.conflict(`Batch ${state.batchNumber} has ${state.onHand} units here, fewer than ${quantity}.`, { reason: 'insufficient_stock', batchId: state.batchId, available: state.onHand });
  }
}

export async function ledgerPage(db: Knex, filter: { batchId?: string | undefined; itemId?: string | undefined; locationId?: string | undefined; beforeId?: number | undefined; limit: number }) {
  const query = movementViews(db).orderBy('l.id', 'desc').limit(filter.limit + 1);
  if (filter.batchId !== undefined) query.where('l.batch_id', filter.batchId);
  if (filter.itemId !== undefined) query.where('l.item_id', filter.itemId);
  if (filter.locationId !== undefined) query.where('l.location_id', filter.locationId);
  if (filter.beforeId !== undefined) query.where('l.id', '<', filter.beforeId);
  const rows: MovementRow[] = await query;
  const items = rows.slice(0, filter.limit).map(toMovement);
  return rows.length > filter.limit ? { items, nextBeforeId: items.at(-1)!.id } : { items };
}

/** Batch-location pairs whose maintained balance differs from the sum of their ledger rows: empty when the books agree. */
export async function ledgerMismatches(db: Knex): Promise<Array<{ batchId: string; locationId: string; ledger: number; balance: number }>> {
  const rows: Array<{ batch_id: string; location_id: string; ledger: string | number; balance: string | number }> = (await db.raw(`
    with sums as (select batch_id, location_id, sum(quantity) as ledger from stock_ledger group by batch_id, location_id)
    select coalesce(s.batch_id, b.batch_id) as batch_id, coalesce(s.location_id, b.location_id) as location_id, coalesce(s.ledger, 0) as ledger, coalesce(b.quantity, 0) as balance
      from sums s full join stock_balances b on b.batch_id = s.batch_id and b.location_id = s.location_id
     where coalesce(s.ledger, 0) <> coalesce(b.quantity, 0)`)).rows;
  return rows.map((row) => ({ batchId: row.batch_id, locationId: row.location_id, ledger: Number(row.ledger), balance: Number(row.balance) }));
}
