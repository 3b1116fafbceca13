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
  /** A return's dispensation line: the return is credited at the price that line was charged. */
  dispensationLineId?: string;
}

export async function writeChargeEvents(trx: Knex.Transaction, dispensationId: string, lines: readonly ChargeLine[], at: Date, recordedAt: Date): Promise<void> {
  if (lines.length === 0) return;
  // The visit is the prescribing encounter's; the cost is the batch's (what was actually handed
  // out); the price is the item's selling price in force when it was handed out (an offline
  // dispense's own time), or for a return the price its line was charged at.
  await trx.raw(
    `insert into charge_events (source, source_id, dispensation_id, patient_id, visit_id, location_id, item_id, batch_id, quantity, unit_cost_minor, unit_price_minor, at, recorded_at, substituted_for)
     select x.source, x.source_id, d.id, d.patient_id, e.visit_id, d.location_id, x.item_id, x.batch_id, x.quantity, b.unit_cost_minor,
            case when x.source = 'dispensation_line'
              then (select pr.price_minor from stock_item_prices pr where pr.item_id = x.item_id and pr.effective_from <= d.dispensed_at order by pr.effective_from desc, pr.id desc limit 1)
              else (select c.unit_price_minor from charge_events c where c.source = 'dispensation_line' and c.source_id = x.line_id)
            end,
            ?, ?,
            -- A generic substitution's charge names the prescribed product beside what was handed out (its line's, for a return).
            (select dl.substituted_for from dispensation_lines dl where dl.id = coalesce(x.line_id, x.source_id))
       from jsonb_to_recordset(?::jsonb) as x(source text, source_id uuid, item_id uuid, batch_id uuid, quantity integer, line_id uuid)
       join dispensations d on d.id = ?
       join prescriptions p on p.id = d.prescription_id
       join encounters e on e.id = p.encounter_id
       join stock_batches b on b.id = x.batch_id`,
    [at, recordedAt, JSON.stringify(lines.map((line) => ({
      source: line.source, source_id: line.sourceId, item_id: line.itemId, batch_id: line.batchId, quantity: line.quantity, line_id: line.dispensationLineId ?? null,
    }))), dispensationId],
  );
}
