import { HmsError, PHARMACY_TOPIC, STOCK_TOPIC, chartTopic } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { postMovements } from '../stock/index.js';
import { writeChargeEvents } from './charge-events.js';

/** Unopened packs back on the shelf they left; the prescription's progress is unchanged (a return does not reopen it). */
export async function returnToStock(scope: WriteScope, actor: Actor, input: { dispensationLineId: string; quantity: number; reason: string }, now: Date) {
  const { trx } = scope;
  const line: { id: string; quantity: number; batch_id: string; item_id: string; location_id: string; prescription_id: string; patient_id: string; dispensation_id: string } | undefined = await trx('dispensation_lines as l')
    .join('dispensations as d', 'd.id', 'l.dispensation_id')
    .where('l.id', input.dispensationLineId)
    .forUpdate('l')
    .first('l.id', 'l.quantity', 'l.batch_id', 'l.item_id', 'd.location_id', 'd.prescription_id', 'd.patient_id', 'd.id as dispensation_id');
  if (line === undefined) throw HmsError.notFound('The dispensed line');
  const returned = Number(((await trx('dispensing_returns').where({ dispensation_line_id: line.id }).sum({ n: 'quantity' }))[0] as { n: string | null }).n ?? 0);
  const out = line.quantity - returned;
  if (input.quantity > out) throw HmsError.conflict(`Only ${out} of the ${line.quantity} units dispensed on this line are still out.`, { reason: 'exceeds_dispensed', outstanding: out });
  const [row] = await trx('dispensing_returns')
    .insert({ dispensation_line_id: line.id, location_id: line.location_id, quantity: input.quantity, reason: input.reason, returned_at: now, returned_by: actor.userId })
    .returning('id');
  const returnId = (row as { id: string }).id;
  const [movement] = await postMovements(trx, [{
    at: now, kind: 'return', itemId: line.item_id, batchId: line.batch_id, locationId: line.location_id, quantity: input.quantity, documentType: 'dispensing_return', documentId: returnId,
    actorId: actor.userId, note: input.reason,
  }], now);
  await writeChargeEvents(trx, line.dispensation_id, [{ source: 'dispensing_return', sourceId: returnId, itemId: line.item_id, batchId: line.batch_id, quantity: -input.quantity, dispensationLineId: line.id }], now, now);
  const progress: { status: 'partial' | 'complete' } | undefined = await trx('prescription_dispensing').where({ prescription_id: line.prescription_id }).first('status');
  scope.audit({
    action: 'dispensing.return', entityType: 'patient', entityId: line.patient_id,
    after: { returnId, dispensationLineId: line.id, dispensationId: line.dispensation_id, batchId: line.batch_id, quantity: input.quantity, reason: input.reason, movementId: movement!.id },
  });
  const event = { prescriptionId: line.prescription_id, patientId: line.patient_id, status: progress?.status ?? 'partial', at: now.toISOString() };
  scope.emit('dispensing.changed', PHARMACY_TOPIC, event);
  scope.emit('dispensing.changed', chartTopic(line.patient_id), event);
  scope.emit('stock.changed', STOCK_TOPIC, { locationId: line.location_id, itemIds: [line.item_id], at: now.toISOString() });
  return { returnId, prescriptionId: line.prescription_id, batchId: line.batch_id, quantity: input.quantity, returnedTotal: returned + input.quantity };
}
