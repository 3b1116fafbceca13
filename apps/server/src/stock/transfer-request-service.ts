import { HmsError, STOCK_TOPIC, planFefo } from '@hms/core';
import type { Discrepancy, Movement, TransferRequest } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { hospitalToday } from './hospital-day.js';
import { lockBatchBalances, lockItemBatches, postMovements } from './ledger-repo.js';
import { requireShelf } from './shelf.js';
import { ensureStockItem } from './stock-items.js';
import type { DiscrepancyRow } from './stock-rows.js';
import { toDiscrepancy } from './stock-rows.js';
import { locationOfKind, transferRequest } from './transfer-request-repo.js';

const itemIdsOf = (movements: readonly Movement[]) => [...new Set(movements.map((movement) => movement.itemId))];

async function transitLocation(scope: WriteScope) {
  const transit = await locationOfKind(scope.trx, 'transit');
  if (transit === undefined) throw HmsError.conflict('No in-transit location is set up.', { reason: 'no_transit_location' });
  return transit;
}

/** Step 1: a ward or dispensary asks a store for items; nothing moves. */
export async function requestTransfer(scope: WriteScope, actor: Actor, input: { fromLocationId: string; toLocationId: string; note?: string | undefined; lines: Array<{ itemId: string; quantity: number }> }, now: Date): Promise<TransferRequest> {
  const { trx } = scope;
  if (input.fromLocationId === input.toLocationId) throw HmsError.validation({ toLocationId: 'is the location asked' });
  await requireShelf(trx, input.fromLocationId, 'fromLocationId');
  await requireShelf(trx, input.toLocationId, 'toLocationId');
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [index, line] of input.lines.entries()) {
    if (seen.has(line.itemId)) problems[`lines.${index}.itemId`] = 'appears twice: one line per item';
    seen.add(line.itemId);
    if ((await ensureStockItem(trx, line.itemId, actor.userId, now)) === undefined) problems[`lines.${index}.itemId`] = 'is not a stock item or formulary drug';
  }
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const number = `TR-${String(Number(((await trx.raw(`select nextval('stock_transfer_request_seq') as n`)).rows[0] as { n: string }).n)).padStart(6, '0')}`;
  const [row] = await trx('stock_transfer_requests')
    .insert({ number, from_location_id: input.fromLocationId, to_location_id: input.toLocationId, note: input.note ?? null, requested_at: now, requested_by: actor.userId })
    .returning('id');
  const requestId = (row as { id: string }).id;
  await trx('stock_transfer_request_lines').insert(input.lines.map((line, position) => ({ request_id: requestId, position, item_id: line.itemId, requested: line.quantity })));
  scope.audit({ action: 'stock.requestTransfer', entityType: 'stock_transfer_request', entityId: requestId, after: { number, fromLocationId: input.fromLocationId, toLocationId: input.toLocationId, lines: input.lines } });
  return (await transferRequest(trx, requestId))!;
}

async function lockRequest(scope: WriteScope, requestId: string) {
  const request: { id: string; number: string; status: TransferRequest['status']; from_location_id: string; to_location_id: string } | undefined =
    await scope.trx('stock_transfer_requests').where({ id: requestId }).forUpdate().first('id', 'number', 'status', 'from_location_id', 'to_location_id');
  if (request === undefined) throw HmsError.notFound('The transfer request');
  return request;
}

/** Step 2: the store sends the items, batches by FEFO: out of the store and into transit in one transaction. */
export async function issueTransfer(scope: WriteScope, actor: Actor, input: { requestId: string; lines?: Array<{ itemId: string; quantity: number }> | undefined }, now: Date) {
  const { trx } = scope;
  const request = await lockRequest(scope, input.requestId);
  if (request.status !== 'requested') throw HmsError.conflict(`${request.number} has been issued already.`, { reason: 'request_not_open', status: request.status });
  const requested: Array<{ item_id: string; requested: number }> = await trx('stock_transfer_request_lines').where({ request_id: request.id }).orderBy('position').select('item_id', 'requested');
  const overrides = new Map((input.lines ?? []).map((line) => [line.itemId, line.quantity]));
  const problems: Record<string, string> = {};
  (input.lines ?? []).forEach((line, index) => {
    const asked = requested.find((candidate) => candidate.item_id === line.itemId);
    if (asked === undefined) problems[`lines.${index}.itemId`] = `is not on ${request.number}`;
    else if (line.quantity > asked.requested) problems[`lines.${index}.quantity`] = `is more than the ${asked.requested} requested`;
  });
  const toIssue = requested.map((line) => ({ itemId: line.item_id, quantity: overrides.get(line.item_id) ?? line.requested })).filter((line) => line.quantity > 0);
  if (toIssue.length === 0) problems.lines = 'issue at least one unit';
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  await requireShelf(trx, request.from_location_id, 'fromLocationId');
  const transit = await transitLocation(scope);
  const today = await hospitalToday(trx, now);
  const allocations: Array<{ itemId: string; batchId: string; quantity: number }> = [];
  for (const line of toIssue) {
    // FEFO skips expired and recalled batches: they are never sent on.
    const plan = planFefo(await lockItemBatches(trx, request.from_location_id, line.itemId), line.quantity, today);
    if (!plan.ok) throw HmsError.conflict(`Only ${plan.available} usable units are in the store for ${line.quantity}.`, { reason: 'insufficient_stock', itemId: line.itemId, available: plan.available });
    allocations.push(...plan.allocations.map((allocation) => ({ itemId: line.itemId, ...allocation })));
  }
  await lockBatchBalances(trx, transit.id, allocations.map((allocation) => allocation.batchId));
  const movements = await postMovements(trx, allocations.flatMap((allocation) => {
    const base = { at: now, itemId: allocation.itemId, batchId: allocation.batchId, documentType: 'transfer_request' as const, documentId: request.id, actorId: actor.userId, note: request.number };
    return [
      { ...base, kind: 'transfer_out' as const, locationId: request.from_location_id, quantity: -allocation.quantity },
      { ...base, kind: 'transfer_in' as const, locationId: transit.id, quantity: allocation.quantity },
    ];
  }), now);
  await trx('stock_transfer_request_issues').insert(allocations.map((allocation) => ({ request_id: request.id, batch_id: allocation.batchId, item_id: allocation.itemId, issued: allocation.quantity })));
  await trx('stock_transfer_requests').where({ id: request.id }).update({ status: 'issued', issued_at: now, issued_by: actor.userId });
  scope.audit({ action: 'stock.issueTransfer', entityType: 'stock_transfer_request', entityId: request.id, before: { status: 'requested' }, after: { status: 'issued', issues: allocations } });
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: request.from_location_id, itemIds: itemIdsOf(movements), at: now.toISOString() });
  return { request: (await transferRequest(trx, request.id))!, movements };
}

/**
 * Step 3: the destination takes what arrived out of transit. A batch not named arrived in full;
 * units that did not arrive leave transit as lost and open a transit_shortfall discrepancy.
 */
export async function receiveTransfer(scope: WriteScope, actor: Actor, input: { requestId: string; lines: Array<{ batchId: string; received: number }>; note?: string | undefined }, now: Date) {
  const { trx } = scope;
  const request = await lockRequest(scope, input.requestId);
  if (request.status !== 'issued') {
    throw HmsError.conflict(request.status === 'requested' ? `${request.number} has not been issued yet.` : `${request.number} has been received already.`, { reason: 'request_not_issued', status: request.status });
  }
  const issues: Array<{ batch_id: string; item_id: string; issued: number }> = await trx('stock_transfer_request_issues').where({ request_id: request.id }).orderBy('batch_id').select('batch_id', 'item_id', 'issued');
  const problems: Record<string, string> = {};
  const counted = new Map<string, number>();
  input.lines.forEach((line, index) => {
    const issue = issues.find((candidate) => candidate.batch_id === line.batchId);
    if (issue === undefined) problems[`lines.${index}.batchId`] = `was not issued on ${request.number}`;
    else if (counted.has(line.batchId)) problems[`lines.${index}.batchId`] = 'appears twice: one line per batch';
    else if (line.received > issue.issued) problems[`lines.${index}.received`] = `is more than the ${issue.issued} issued`;
    counted.set(line.batchId, line.received);
  });
  const short = issues.some((issue) => (counted.get(issue.batch_id) ?? issue.issued) < issue.issued);
  if (short && (input.note === undefined || input.note.trim() === '')) problems.note = 'is required when fewer units arrived than were issued';
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  await requireShelf(trx, request.to_location_id, 'toLocationId');
  const transit = await transitLocation(scope);
  const [first, second] = [transit.id, request.to_location_id].sort();
  await lockBatchBalances(trx, first!, issues.map((issue) => issue.batch_id));
  await lockBatchBalances(trx, second!, issues.map((issue) => issue.batch_id));
  const base = { at: now, documentType: 'transfer_request' as const, documentId: request.id, actorId: actor.userId };
  const movements = await postMovements(trx, issues.flatMap((issue) => {
    const received = counted.get(issue.batch_id) ?? issue.issued;
    const lost = issue.issued - received;
    const batch = { ...base, itemId: issue.item_id, batchId: issue.batch_id };
    return [
      ...(received > 0 ? [
        { ...batch, kind: 'transfer_out' as const, locationId: transit.id, quantity: -received, note: request.number },
        { ...batch, kind: 'transfer_in' as const, locationId: request.to_location_id, quantity: received, note: request.number },
      ] : []),
      ...(lost > 0 ? [{ ...batch, kind: 'adjustment' as const, reason: 'lost' as const, locationId: transit.id, quantity: -lost, note: `${request.number}: did not arrive. ${input.note ?? ''}`.trim() }] : []),
    ];
  }), now);
  const discrepancies: Discrepancy[] = [];
  for (const issue of issues) {
    const lost = issue.issued - (counted.get(issue.batch_id) ?? issue.issued);
    await trx('stock_transfer_request_issues').where({ request_id: request.id, batch_id: issue.batch_id }).update({ received: issue.issued - lost });
    if (lost === 0) continue;
    const [row] = await trx('stock_discrepancies')
      .insert({ kind: 'transit_shortfall', location_id: request.to_location_id, item_id: issue.item_id, batch_id: issue.batch_id, quantity: lost, document_type: 'transfer_request', document_id: request.id, detected_at: now })
      .returning('*');
    const batch: { batch_number: string } = await trx('stock_batches').where({ id: issue.batch_id }).first('batch_number');
    discrepancies.push(toDiscrepancy({ ...(row as DiscrepancyRow), batch_number: batch.batch_number }));
  }
  await trx('stock_transfer_requests').where({ id: request.id }).update({ status: 'received', received_at: now, received_by: actor.userId, receipt_note: input.note ?? null });
  scope.audit({
    action: 'stock.receiveTransfer', entityType: 'stock_transfer_request', entityId: request.id, before: { status: 'issued' },
    after: { status: 'received', received: issues.map((issue) => ({ batchId: issue.batch_id, issued: issue.issued, received: counted.get(issue.batch_id) ?? issue.issued })), note: input.note ?? null },
    details: { discrepancies: discrepancies.map(({ id, batchId, quantity }) => ({ id, batchId, quantity })) },
  });
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: request.to_location_id, itemIds: itemIdsOf(movements), at: now.toISOString() });
  return { request: (await transferRequest(trx, request.id))!, movements, discrepancies };
}
