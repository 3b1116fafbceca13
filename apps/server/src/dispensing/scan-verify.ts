import { HmsError, parseGs1 } from '@hms/core';
import type { Knex } from 'knex';

/**
 * Scan-to-verify: the pack in the pharmacist's hand against the prescribed product. Its GTIN
 * must name the item (learnt when the product was received); its batch, when the code carries
 * one, becomes the line's batch, so FEFO's rules apply to what is really handed out.
 */
export async function batchOfScan(
  db: Knex,
  input: { scan: string; batchId?: string | undefined; itemId: string; itemName: string; prescriptionItemId: string; field: string; strict: boolean },
  now: Date,
): Promise<string | undefined> {
  try {
    return await verifiedBatch(db, input, now);
  } catch (error) {
    // Not strict (an offline replay): the scan only finds the batch, it refuses nothing.
    if (!input.strict) return input.batchId;
    throw error;
  }
}

async function verifiedBatch(db: Knex, input: { scan: string; batchId?: string | undefined; itemId: string; itemName: string; prescriptionItemId: string; field: string }, now: Date): Promise<string | undefined> {
  const parsed = parseGs1(input.scan, now);
  if (!parsed.ok) throw HmsError.validation({ [`${input.field}.scan`]: `is not a pack code we can read: it ${parsed.problem}` });
  const known: { item_id: string; name: string } | undefined = await db('stock_item_gtins as g').join('stock_items as i', 'i.id', 'g.item_id').where('g.gtin', parsed.pack.gtin).first('g.item_id', 'i.name');
  if (known === undefined) {
    throw HmsError.conflict(`The scanned pack (GTIN ${parsed.pack.gtin}) has never been received here: check it is ${input.itemName}.`, { reason: 'unknown_pack', prescriptionItemId: input.prescriptionItemId, gtin: parsed.pack.gtin });
  }
  if (known.item_id !== input.itemId) {
    throw HmsError.conflict(`The scanned pack is ${known.name}, not the prescribed ${input.itemName}.`, { reason: 'wrong_product', prescriptionItemId: input.prescriptionItemId, scannedItemId: known.item_id });
  }
  if (parsed.pack.batch === undefined) return input.batchId;
  const batch: { id: string } | undefined = await db('stock_batches').where({ item_id: input.itemId, batch_number: parsed.pack.batch }).first('id');
  if (batch === undefined) {
    throw HmsError.conflict(`Batch ${parsed.pack.batch} of ${input.itemName} has never been received here.`, { reason: 'unknown_batch', prescriptionItemId: input.prescriptionItemId, batchNumber: parsed.pack.batch });
  }
  if (input.batchId !== undefined && input.batchId !== batch.id) throw HmsError.validation({ [`${input.field}.batchId`]: 'is not the batch of the scanned pack' });
  return batch.id;
}
