import { HmsError, STOCK_TOPIC, isExpired } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { hospitalToday } from './hospital-day.js';
import { lockBatchBalances, postMovements, requireOnHand } from './ledger-repo.js';
import { requireShelf } from './shelf.js';
import { requireLocation } from './stock-items.js';
import type { ItemRow } from './stock-rows.js';
import { toItem } from './stock-rows.js';
import { locationOfKind } from './transfer-request-repo.js';

export interface QuarantineInput {
  locationId: string;
  quarantineLocationId?: string | undefined;
  note?: string | undefined;
  lines: Array<{ batchId: string; quantity: number }>;
}

/** Expired or recalled units off the shelf into quarantine: a transfer of purpose quarantine, never a deletion. */
export async function quarantineStock(scope: WriteScope, actor: Actor, input: QuarantineInput, now: Date) {
  const { trx } = scope;
  await requireShelf(trx, input.locationId);
  const quarantine = input.quarantineLocationId === undefined ? await locationOfKind(trx, 'quarantine') : await requireLocation(trx, input.quarantineLocationId, 'quarantineLocationId');
  if (quarantine === undefined) throw HmsError.conflict('No quarantine location is set up.', { reason: 'no_quarantine_location' });
  if (quarantine.kind !== 'quarantine') throw HmsError.validation({ quarantineLocationId: 'is not a quarantine location' });
  const today = await hospitalToday(trx, now);
  const batchIds = input.lines.map((line) => line.batchId);
  if (new Set(batchIds).size !== batchIds.length) throw HmsError.validation({ lines: 'one line per batch' });
  const [first, second] = [input.locationId, quarantine.id].sort();
  const locked = new Map([[first!, await lockBatchBalances(trx, first!, batchIds)], [second!, await lockBatchBalances(trx, second!, batchIds)]]);
  const states = locked.get(input.locationId)!;
  const problems: Record<string, string> = {};
  input.lines.forEach((line, index) => {
    const state = states.get(line.batchId);
    if (state === undefined) problems[`lines.${index}.batchId`] = 'is not a batch';
    else if (!state.recalled && !isExpired(state.expiry, today)) problems[`lines.${index}.batchId`] = `batch ${state.batchNumber} is neither expired (${state.expiry}) nor recalled`;
  });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  for (const line of input.lines) requireOnHand(states.get(line.batchId)!, line.quantity);
  // One document per reason would split a mixed sheet; the reason kept is expired unless every batch is recalled.
  const reason = input.lines.every((line) => states.get(line.batchId)!.recalled) ? 'recalled' : 'expired';
  const [row] = await trx('stock_transfers')
    .insert({ from_location_id: input.locationId, to_location_id: quarantine.id, transferred_at: now, transferred_by: actor.userId, note: input.note ?? null, purpose: 'quarantine', quarantine_reason: reason })
    .returning('id');
  const transferId = (row as { id: string }).id;
  const movements = await postMovements(trx, input.lines.flatMap((line) => {
    const base = { at: now, itemId: states.get(line.batchId)!.itemId, batchId: line.batchId, documentType: 'transfer' as const, documentId: transferId, actorId: actor.userId, note: input.note ?? 'quarantine' };
    return [
      { ...base, kind: 'transfer_out' as const, locationId: input.locationId, quantity: -line.quantity },
      { ...base, kind: 'transfer_in' as const, locationId: quarantine.id, quantity: line.quantity },
    ];
  }), now);
  scope.audit({
    action: 'stock.quarantine', entityType: 'stock_transfer', entityId: transferId,
    after: { fromLocationId: input.locationId, toLocationId: quarantine.id, reason, movements: movements.map(({ id, batchId, locationId, quantity }) => ({ id, batchId, locationId, quantity })) },
  });
  const itemIds = [...new Set(movements.map((movement) => movement.itemId))];
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: input.locationId, itemIds, at: now.toISOString() });
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: quarantine.id, itemIds, at: now.toISOString() });
  return { transferId, movements };
}

export async function quarantined(db: Knex, today: string) {
  const rows: Array<ItemRow & { location_id: string; batch_id: string; batch_number: string; expiry: string; quantity: number; recalled: boolean }> = (await db.raw(
    `select s.location_id, s.batch_id, s.quantity, b.batch_number, b.expiry_date::text as expiry, b.recalled_at is not null as recalled, i.id, i.kind, i.drug_id, i.code, i.name, i.unit, i.active
       from stock_balances s join stock_locations l on l.id = s.location_id and l.kind = 'quarantine'
       join stock_batches b on b.id = s.batch_id join stock_items i on i.id = s.item_id
      where s.quantity > 0 order by b.expiry_date, i.name, b.batch_number`,
  )).rows;
  return rows.map((row) => ({
    locationId: row.location_id, item: toItem(row), batchId: row.batch_id, batchNumber: row.batch_number, expiry: row.expiry, onHand: row.quantity, expired: isExpired(row.expiry, today), recalled: row.recalled,
  }));
}
