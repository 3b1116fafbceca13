import { HmsError, STOCK_TOPIC } from '@hms/core';
import type { Batch } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { toBatch } from '../stock/index.js';
import type { BatchRow } from '../stock/index.js';

/** Every patient who kept units of the batch: per dispensation, dispensed less returned. */
export async function recipientsOf(db: Knex, batchId: string) {
  const rows: Array<{ patient_id: string; mrn: string; name: string; dispensation_id: string; dispensed_at: Date; quantity: string | number }> = (await db.raw(
    `select d.patient_id, pa.mrn, concat_ws(' ', pa.given_name, nullif(pa.middle_name, ''), pa.family_name) as name, d.id as dispensation_id, d.dispensed_at,
            sum(l.quantity) - coalesce(sum(r.returned), 0) as quantity
       from dispensation_lines l
       join dispensations d on d.id = l.dispensation_id
       join patients pa on pa.id = d.patient_id
       left join lateral (select sum(x.quantity) as returned from dispensing_returns x where x.dispensation_line_id = l.id) r on true
      where l.batch_id = ?
      group by d.patient_id, pa.mrn, pa.given_name, pa.middle_name, pa.family_name, d.id, d.dispensed_at
     having sum(l.quantity) - coalesce(sum(r.returned), 0) > 0
      order by d.dispensed_at`,
    [batchId],
  )).rows;
  return rows.map((row) => ({ patientId: row.patient_id, mrn: row.mrn, name: row.name, dispensationId: row.dispensation_id, dispensedAt: row.dispensed_at.toISOString(), quantity: Number(row.quantity) }));
}

/**
 * Blocks the batch everywhere at once: dispenses and transfers share-lock the batch row, so
 * each either commits before this (and its patient is listed) or sees the recall and refuses.
 */
export async function recallBatch(scope: WriteScope, actor: Actor, input: { batchId: string; reason: string }, now: Date) {
  const { trx } = scope;
  const before: BatchRow | undefined = await trx('stock_batches').where({ id: input.batchId }).forUpdate().first();
  if (before === undefined) throw HmsError.notFound('The batch');
  if (before.recalled_at !== null) throw HmsError.conflict(`Batch ${before.batch_number} was recalled already.`, { reason: 'already_recalled' });
  const [row] = await trx('stock_batches').where({ id: input.batchId }).update({ recalled_at: now, recalled_by: actor.userId, recall_reason: input.reason }).returning('*');
  const after = row as BatchRow;
  const recipients = await recipientsOf(trx, input.batchId);
  const holders: Array<{ location_id: string }> = await trx('stock_balances').where({ batch_id: input.batchId }).where('quantity', '>', 0).distinct('location_id');
  scope.audit({
    action: 'batches.recall', entityType: 'stock_batch', entityId: input.batchId,
    before: { recalledAt: null }, after: { recalledAt: now.toISOString(), reason: input.reason }, details: { recipients: recipients.length },
  });
  // The list names patients: each one's disclosure is on their record.
  for (const patientId of new Set(recipients.map((recipient) => recipient.patientId))) {
    scope.audit({ action: 'batches.recall', entityType: 'patient', entityId: patientId, details: { batchId: input.batchId, batchNumber: before.batch_number } });
  }
  for (const holder of holders) scope.emit('stock.changed', STOCK_TOPIC, { locationId: holder.location_id, itemIds: [before.item_id], at: now.toISOString() });
  const batch: Batch = toBatch(after);
  return { batch, recipients };
}
