import { HmsError } from '@hms/core';
import type { StockCount } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { lockBatchBalances } from './ledger-repo.js';
import { adjustStock } from './movements-service.js';
import { requireLocation } from './stock-items.js';

interface CountRow {
  id: string;
  location_id: string;
  counted_at: Date;
  counted_by: string;
  counted_by_name: string;
  note: string | null;
  status: StockCount['status'];
  decided_at: Date | null;
  decided_by: string | null;
  decision_note: string | null;
  adjustment_id: string | null;
}

async function assemble(db: Knex, rows: CountRow[]): Promise<StockCount[]> {
  if (rows.length === 0) return [];
  const lines: Array<{ count_id: string; batch_id: string; item_id: string; batch_number: string; book: number; counted: number }> = await db('stock_count_lines as l')
    .join('stock_batches as b', 'b.id', 'l.batch_id').whereIn('l.count_id', rows.map((row) => row.id)).orderBy([{ column: 'l.count_id' }, { column: 'b.batch_number' }])
    .select('l.count_id', 'l.batch_id', 'l.item_id', 'b.batch_number', 'l.book', 'l.counted');
  return rows.map((row) => ({
    id: row.id, locationId: row.location_id, countedAt: row.counted_at.toISOString(), countedBy: row.counted_by, countedByName: row.counted_by_name, note: row.note, status: row.status,
    decidedAt: row.decided_at?.toISOString() ?? null, decidedBy: row.decided_by, decisionNote: row.decision_note, adjustmentId: row.adjustment_id,
    lines: lines.filter((line) => line.count_id === row.id).map((line) => ({ batchId: line.batch_id, itemId: line.item_id, batchNumber: line.batch_number, book: line.book, counted: line.counted, variance: line.counted - line.book })),
  }));
}

const countViews = (db: Knex) => db('stock_counts as c').join('users as u', 'u.id', 'c.counted_by').select('c.*', 'u.display_name as counted_by_name');

export async function listCounts(db: Knex, filter: { locationId?: string | undefined; status: StockCount['status']; limit: number }): Promise<StockCount[]> {
  const query = countViews(db).where('c.status', filter.status).orderBy('c.counted_at', 'desc').limit(filter.limit);
  if (filter.locationId !== undefined) query.where('c.location_id', filter.locationId);
  return assemble(db, (await query) as CountRow[]);
}

async function loadCount(db: Knex, id: string): Promise<StockCount> {
  return (await assemble(db, (await countViews(db).where('c.id', id)) as CountRow[]))[0]!;
}

/** A count sheet: what was counted beside what the books hold at this moment (read under the balance locks). */
export async function recordCount(scope: WriteScope, actor: Actor, input: { locationId: string; note?: string | undefined; lines: Array<{ batchId: string; counted: number }> }, now: Date): Promise<StockCount> {
  const { trx } = scope;
  await requireLocation(trx, input.locationId);
  const seen = new Set<string>();
  input.lines.forEach((line, index) => {
    if (seen.has(line.batchId)) throw HmsError.validation({ [`lines.${index}.batchId`]: 'appears twice: one line per batch' });
    seen.add(line.batchId);
  });
  const states = await lockBatchBalances(trx, input.locationId, input.lines.map((line) => line.batchId));
  input.lines.forEach((line, index) => {
    if (!states.has(line.batchId)) throw HmsError.validation({ [`lines.${index}.batchId`]: 'is not a batch' });
  });
  const [row] = await trx('stock_counts').insert({ location_id: input.locationId, counted_at: now, counted_by: actor.userId, note: input.note ?? null }).returning('id');
  const countId = (row as { id: string }).id;
  await trx('stock_count_lines').insert(input.lines.map((line) => {
    const state = states.get(line.batchId)!;
    return { count_id: countId, batch_id: line.batchId, item_id: state.itemId, book: state.onHand, counted: line.counted };
  }));
  const count = await loadCount(trx, countId);
  scope.audit({ action: 'stock.count', entityType: 'stock_count', entityId: countId, after: { locationId: input.locationId, lines: count.lines.map(({ batchId, book, counted }) => ({ batchId, book, counted })) } });
  return count;
}

/**
 * Four eyes: another person approves (the variances, counted less the books at count time, are
 * posted as one count-correction adjustment) or rejects. Movements since the count stay: the
 * variance is added to today's balance.
 */
export async function decideCount(scope: WriteScope, actor: Actor, input: { countId: string; approve: boolean; note?: string | undefined }, now: Date): Promise<StockCount> {
  const { trx } = scope;
  const row: { id: string; status: string; counted_by: string; location_id: string } | undefined = await trx('stock_counts').where({ id: input.countId }).forUpdate().first('id', 'status', 'counted_by', 'location_id');
  if (row === undefined) throw HmsError.notFound('The count');
  if (row.status !== 'pending') throw HmsError.conflict(`This count was ${row.status} already.`, { reason: 'count_decided' });
  if (row.counted_by === actor.userId) throw HmsError.conflict('A count is approved or rejected by someone other than the person who counted.', { reason: 'own_count' });
  let adjustmentId: string | null = null;
  if (input.approve) {
    const variances = (await loadCount(trx, row.id)).lines.filter((line) => line.variance !== 0);
    if (variances.length > 0) {
      const note = `Count of ${now.toISOString().slice(0, 10)} approved${input.note === undefined ? '' : `: ${input.note}`}`;
      adjustmentId = (await adjustStock(scope, actor, { locationId: row.location_id, reason: 'count_correction', note, lines: variances.map((line) => ({ batchId: line.batchId, quantity: line.variance })) }, now)).adjustmentId;
    }
  }
  await trx('stock_counts').where({ id: row.id }).update({ status: input.approve ? 'approved' : 'rejected', decided_at: now, decided_by: actor.userId, decision_note: input.note ?? null, adjustment_id: adjustmentId });
  scope.audit({ action: 'stock.approveCount', entityType: 'stock_count', entityId: row.id, before: { status: 'pending' }, after: { status: input.approve ? 'approved' : 'rejected', adjustmentId, note: input.note ?? null } });
  return loadCount(trx, row.id);
}
