import { HmsError } from '@hms/core';
import type { Discrepancy } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { lockBatchBalances } from './ledger-repo.js';
import { listDiscrepancies } from './stock-queries.js';

/**
 * Closes a discrepancy whose shelf count agrees with the books: nothing to post (stock.adjust
 * refuses a zero quantity), so the count and the note are kept on the discrepancy itself. The
 * balance is locked while comparing, so a movement in between cannot make the count stale.
 */
export async function resolveWithoutVariance(scope: WriteScope, actor: Actor, input: { discrepancyId: string; counted: number; note: string }, now: Date): Promise<Discrepancy> {
  const { trx } = scope;
  const open: { id: string; location_id: string; batch_id: string; status: string } | undefined = await trx('stock_discrepancies')
    .where({ id: input.discrepancyId }).forUpdate().first('id', 'location_id', 'batch_id', 'status');
  if (open === undefined) throw HmsError.notFound('The discrepancy');
  if (open.status !== 'open') throw HmsError.conflict('That discrepancy is not open.', { reason: 'discrepancy_not_open' });
  const book = (await lockBatchBalances(trx, open.location_id, [open.batch_id])).get(open.batch_id)?.onHand ?? 0;
  if (input.counted !== book) {
    throw HmsError.conflict(`The books hold ${book}, not ${input.counted}: post the difference as a count correction naming the discrepancy.`, { reason: 'count_differs', book });
  }
  await trx('stock_discrepancies').where({ id: open.id })
    .update({ status: 'resolved', resolved_at: now, resolved_by: actor.userId, resolution: input.note, outcome: 'no_variance', counted: input.counted });
  scope.audit({
    action: 'stock.resolveDiscrepancy', entityType: 'stock_discrepancy', entityId: open.id,
    before: { status: 'open' }, after: { status: 'resolved', outcome: 'no_variance', counted: input.counted, book, note: input.note },
  });
  const resolved = (await listDiscrepancies(trx, { status: 'resolved', limit: 1, id: open.id }))[0]!;
  // The answer names the patient an offline dispense went to: on their record too.
  if (resolved.patient !== null) scope.audit({ action: 'stock.resolveDiscrepancy', entityType: 'patient', entityId: resolved.patient.id, details: { discrepancyId: open.id } });
  return resolved;
}
