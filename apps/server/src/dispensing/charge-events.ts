import type { Knex } from 'knex';

/**
 * The billing outbox (issue 15 turns these into charges): one row per dispensation line, and
 * one negative row per return, written in the dispense's or return's own transaction so a
 * committed dispense always has its charge and a rolled-back one never does.
 */
export interface ChargeLine {
  source: 'dispensation_line' | 'dispensing_return';
  sourceId: string;
  itemId: string;
  batchId: string;
  /** Signed: negative for a return. */
  quantity: number;
}

export async function writeChargeEvents(trx: Knex.Transaction, dispensationId: string, lines: readonly ChargeLine[], at: Date, recordedAt: Date): Promise<void> {
  if (lines.length === 0) return;
  // The visit is the prescribing encounter's; the unit cost is the batch's (what was actually handed out).
  await trx.raw(
    `insert into charge_events (source, source_id, dispensation_id, patient_id, visit_id, location_id, item_id, batch_id, quantity, unit_cost_minor, at, recorded_at)
     select x.source, x.source_id, d.id, d.patient_id, e.visit_id, d.location_id, x.item_id, x.batch_id, x.quantity, b.unit_cost_minor, ?, ?
       from jsonb_to_recordset(?::jsonb) as x(source text, source_id uuid, item_id uuid, batch_id uuid, quantity integer)
       join dispensations d on d.id = ?
       join prescriptions p on p.id = d.prescription_id
       join encounters e on e.id = p.encounter_id
       join stock_batches b on b.id = x.batch_id`,
    [at, recordedAt, JSON.stringify(lines.map((line) => ({ source: line.source, source_id: line.sourceId, item_id: line.itemId, batch_id: line.batchId, quantity: line.quantity }))), dispensationId],
  );
}
