import type { Knex } from 'knex';

export interface ChargeRow {
  id: string; patient_id: string; visit_id: string | null; service_code: string; description: string; category: 'registration' | 'consultation' | 'lab' | 'imaging' | 'procedure' | 'drug' | 'bed_day' | 'other';
  quantity: number; unit_price_minor: string; amount_minor: string; source: 'check_in' | 'lab_order_item' | 'dispensation_line' | 'dispensing_return' | 'manual' | 'reversal'; source_id: string;
  reverses: string | null; reversed_by: string | null; invoice_id: string | null; at: Date; recorded_by_name: string | null; note: string | null;
}

export const toCharge = (row: ChargeRow) => ({
  id: row.id, patientId: row.patient_id, visitId: row.visit_id, serviceCode: row.service_code, description: row.description, category: row.category,
  quantity: row.quantity, unitPriceMinor: Number(row.unit_price_minor), amountMinor: Number(row.amount_minor), source: row.source, sourceId: row.source_id,
  reverses: row.reverses, reversedBy: row.reversed_by,
  invoiceId: row.invoice_id, at: row.at.toISOString(), recordedByName: row.recorded_by_name, note: row.note,
});

/** Charges with who recorded them and the reversal that cancels each, oldest first. */
export function chargeRows(db: Knex) {
  return db('billing_charges as c')
    .leftJoin('users as u', 'u.id', 'c.recorded_by')
    .leftJoin('billing_charges as r', 'r.reverses', 'c.id')
    .leftJoin('billing_invoice_lines as l', 'l.charge_id', 'c.id')
    .orderBy([{ column: 'c.at' }, { column: 'c.recorded_at' }, { column: 'c.id' }])
    .select('c.id', 'c.patient_id', 'c.visit_id', 'c.service_code', 'c.description', 'c.category', 'c.quantity', 'c.unit_price_minor', 'c.amount_minor',
      'c.source', 'c.source_id', 'c.reverses', 'r.id as reversed_by', 'l.invoice_id', 'c.at', 'u.display_name as recorded_by_name', 'c.note');
}

export async function findCharge(db: Knex, id: string): Promise<ChargeRow | undefined> {
  return chargeRows(db).where('c.id', id).first() as Promise<ChargeRow | undefined>;
}
