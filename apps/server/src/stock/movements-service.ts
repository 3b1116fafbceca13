import { HmsError, QUARANTINE_EXIT_REASONS, STOCK_TOPIC, movementProblem } from '@hms/core';
import type { AdjustmentReason, Movement } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { lockBatchBalances, postMovements, requireOnHand } from './ledger-repo.js';
import { requireShelf } from './shelf.js';
import { requireLocation } from './stock-items.js';

export interface AdjustInput {
  locationId: string;
  reason: AdjustmentReason;
  note: string;
  lines: Array<{ batchId: string; quantity: number }>;
  discrepancyId?: string | undefined;
}

function requireDistinctBatches(lines: ReadonlyArray<{ batchId: string }>): void {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.batchId)) throw HmsError.validation({ [`lines.${index}.batchId`]: 'appears twice: one line per batch' });
    seen.add(line.batchId);
  });
}

function itemIdsOf(movements: readonly Movement[]): string[] {
  return [...new Set(movements.map((movement) => movement.itemId))];
}

/** A reason-coded adjustment at one location; removals never below zero (balances locked first). */
export async function adjustStock(scope: WriteScope, actor: Actor, input: AdjustInput, now: Date): Promise<{ adjustmentId: string; movements: Movement[] }> {
  const { trx } = scope;
  const location = await requireLocation(trx, input.locationId);
  // Transit moves only with its transfer requests; quarantine only loses stock, written off.
  if (location.kind === 'transit') await requireShelf(trx, input.locationId);
  if (location.kind === 'quarantine' && !(QUARANTINE_EXIT_REASONS as readonly string[]).includes(input.reason)) {
    throw HmsError.validation({ reason: `stock leaves quarantine only as ${QUARANTINE_EXIT_REASONS.join(', ')}` });
  }
  requireDistinctBatches(input.lines);
  const problems: Record<string, string> = {};
  input.lines.forEach((line, index) => {
    const problem = movementProblem('adjustment', line.quantity, input.reason);
    if (problem !== undefined) problems[`lines.${index}.quantity`] = problem;
  });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const states = await lockBatchBalances(trx, input.locationId, input.lines.map((line) => line.batchId));
  input.lines.forEach((line, index) => {
    const state = states.get(line.batchId);
    if (state === undefined) throw HmsError.validation({ [`lines.${index}.batchId`]: 'is not a batch' });
    if (line.quantity < 0) requireOnHand(state, -line.quantity);
  });
  if (input.discrepancyId !== undefined) {
    const updated = await trx('stock_discrepancies').where({ id: input.discrepancyId, status: 'open' })
      .update({ status: 'resolved', resolved_at: now, resolved_by: actor.userId, resolution: input.note, outcome: 'adjusted' });
    if (updated === 0) throw HmsError.conflict('That discrepancy is not open.', { reason: 'discrepancy_not_open' });
  }
  const [row] = await trx('stock_adjustments')
    .insert({ location_id: input.locationId, reason: input.reason, note: input.note, adjusted_at: now, adjusted_by: actor.userId, discrepancy_id: input.discrepancyId ?? null })
    .returning('id');
  const adjustmentId = (row as { id: string }).id;
  const movements = await postMovements(trx, input.lines.map((line) => ({
    at: now, kind: 'adjustment' as const, itemId: states.get(line.batchId)!.itemId, batchId: line.batchId, locationId: input.locationId, quantity: line.quantity,
    reason: input.reason, documentType: 'adjustment' as const, documentId: adjustmentId, actorId: actor.userId, note: input.note,
  })), now);
  scope.audit({
    action: 'stock.adjust', entityType: 'stock_adjustment', entityId: adjustmentId,
    after: { locationId: input.locationId, reason: input.reason, note: input.note, discrepancyId: input.discrepancyId ?? null, movements: movements.map(({ id, batchId, quantity }) => ({ id, batchId, quantity })) },
  });
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: input.locationId, itemIds: itemIdsOf(movements), at: now.toISOString() });
  return { adjustmentId, movements };
}

export interface TransferInput {
  fromLocationId: string;
  toLocationId: string;
  note?: string | undefined;
  lines: Array<{ batchId: string; quantity: number }>;
}

/** Out of one location and into another in one transaction: the units are never in both or neither. */
export async function transferStock(scope: WriteScope, actor: Actor, input: TransferInput, now: Date): Promise<{ transferId: string; movements: Movement[] }> {
  const { trx } = scope;
  if (input.fromLocationId === input.toLocationId) throw HmsError.validation({ toLocationId: 'is where the stock already is' });
  await requireShelf(trx, input.fromLocationId, 'fromLocationId');
  // Into quarantine goes by stock.quarantine (expired or recalled batches only).
  await requireShelf(trx, input.toLocationId, 'toLocationId');
  requireDistinctBatches(input.lines);
  // Both ends locked, lower location id first: two transfers in opposite directions queue instead of deadlocking.
  const batchIds = input.lines.map((line) => line.batchId);
  const [first, second] = [input.fromLocationId, input.toLocationId].sort();
  const locked = new Map([[first!, await lockBatchBalances(trx, first!, batchIds)], [second!, await lockBatchBalances(trx, second!, batchIds)]]);
  const states = locked.get(input.fromLocationId)!;
  input.lines.forEach((line, index) => {
    const state = states.get(line.batchId);
    if (state === undefined) throw HmsError.validation({ [`lines.${index}.batchId`]: 'is not a batch' });
    if (state.recalled) throw HmsError.conflict(`Batch ${state.batchNumber} is recalled: it stays where it is.`, { reason: 'batch_recalled', batchId: line.batchId });
    requireOnHand(state, line.quantity);
  });
  const [row] = await trx('stock_transfers')
    .insert({ from_location_id: input.fromLocationId, to_location_id: input.toLocationId, transferred_at: now, transferred_by: actor.userId, note: input.note ?? null })
    .returning('id');
  const transferId = (row as { id: string }).id;
  const movements = await postMovements(trx, input.lines.flatMap((line) => {
    const base = { at: now, itemId: states.get(line.batchId)!.itemId, batchId: line.batchId, documentType: 'transfer' as const, documentId: transferId, actorId: actor.userId, note: input.note ?? null };
    return [
      { ...base, kind: 'transfer_out' as const, locationId: input.fromLocationId, quantity: -line.quantity },
      { ...base, kind: 'transfer_in' as const, locationId: input.toLocationId, quantity: line.quantity },
    ];
  }), now);
  scope.audit({
    action: 'stock.transfer', entityType: 'stock_transfer', entityId: transferId,
    after: { fromLocationId: input.fromLocationId, toLocationId: input.toLocationId, movements: movements.map(({ id, batchId, locationId, quantity }) => ({ id, batchId, locationId, quantity })) },
  });
  const itemIds = itemIdsOf(movements);
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: input.fromLocationId, itemIds, at: now.toISOString() });
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: input.toLocationId, itemIds, at: now.toISOString() });
  return { transferId, movements };
}
