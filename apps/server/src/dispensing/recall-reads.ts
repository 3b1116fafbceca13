import { HmsError } from '@hms/core';
import type { RecallSummary } from '@hms/core';
import type { Knex } from 'knex';
import { toBatch, toItem } from '../stock/index.js';
import type { BatchRow, ItemRow } from '../stock/index.js';
import { recipientsOf } from './recall-service.js';

/**
 * A batch's recipients as of now (the recall's list read again): an offline dispense of the
 * batch replayed after the recall adds its patient here, which the recall's own answer could not.
 */
export async function batchRecipients(db: Knex, batchId: string) {
  const batch: BatchRow | undefined = await db('stock_batches').where({ id: batchId }).first();
  if (batch === undefined) throw HmsError.notFound('The batch');
  const item: ItemRow = await db('stock_items').where({ id: batch.item_id }).first();
  return { item: toItem(item), batch: toBatch(batch), recipients: await recipientsOf(db, batchId) };
}

/** Recalled batches, latest first, with what is still on the books and how many patients kept units. */
export async function recalledBatches(db: Knex, limit: number): Promise<RecallSummary[]> {
  const rows: Array<BatchRow & { on_hand: string | number; patients: string | number; item: ItemRow }> = (await db.raw(
    `select b.*, to_jsonb(i) as item,
            coalesce((select sum(s.quantity) from stock_balances s where s.batch_id = b.id), 0) as on_hand,
            (select count(distinct d.patient_id)
               from dispensation_lines l join dispensations d on d.id = l.dispensation_id
              where l.batch_id = b.id
                and l.quantity > coalesce((select sum(x.quantity) from dispensing_returns x where x.dispensation_line_id = l.id), 0)) as patients
       from stock_batches b join stock_items i on i.id = b.item_id
      where b.recalled_at is not null
      order by b.recalled_at desc, b.id
      limit ?`,
    [limit],
  )).rows;
  return rows.map((row) => ({ item: toItem(row.item), batch: toBatch(row), onHand: Number(row.on_hand), patients: Number(row.patients) }));
}
