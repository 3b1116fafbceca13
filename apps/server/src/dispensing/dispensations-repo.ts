import { HmsError } from '@hms/core';
import type { Knex } from 'knex';

interface LineRow {
  dispensation_id: string;
  prescription_id: string;
  patient_id: string;
  location_id: string;
  dispensed_by: string;
  dispensed_by_name: string;
  dispensed_at: Date;
  recorded_at: Date;
  offline: boolean;
  id: string;
  prescription_item_id: string;
  item_id: string;
  name: string;
  unit: string;
  batch_id: string;
  batch_number: string;
  expiry_date: string;
  quantity: number;
  chosen_by: 'fefo' | 'pharmacist' | 'offline_desk';
  fefo_batch_id: string | null;
  reason: string | null;
  substituted_for: string | null;
  substitution_reason: string | null;
  returned: string | number;
}

/** A prescription's dispensations, oldest first, each line with what came back and what is still out (what a return may take). */
export async function dispensationsOf(db: Knex, prescriptionId: string) {
  const header: { id: string; number: string; patient_id: string; mrn: string; patient_name: string } | undefined = await db('prescriptions as p')
    .join('patients as pa', 'pa.id', 'p.patient_id').where('p.id', prescriptionId)
    .first('p.id', 'p.number', 'p.patient_id', 'pa.mrn', db.raw(`concat_ws(' ', pa.given_name, nullif(pa.middle_name, ''), pa.family_name) as patient_name`));
  if (header === undefined) throw HmsError.notFound('The prescription');
  const rows: LineRow[] = (await db.raw(
    `select d.id as dispensation_id, d.prescription_id, d.patient_id, d.location_id, d.dispensed_by, u.display_name as dispensed_by_name, d.dispensed_at, d.recorded_at, d.offline,
            l.id, l.prescription_item_id, l.item_id, i.name, i.unit, l.batch_id, b.batch_number, b.expiry_date::text as expiry_date, l.quantity, l.chosen_by, l.fefo_batch_id,
            l.reason, l.substituted_for, l.substitution_reason, coalesce(r.returned, 0) as returned
       from dispensations d
       join users u on u.id = d.dispensed_by
       join dispensation_lines l on l.dispensation_id = d.id
       join stock_items i on i.id = l.item_id
       join stock_batches b on b.id = l.batch_id
       left join lateral (select sum(x.quantity) as returned from dispensing_returns x where x.dispensation_line_id = l.id) r on true
      where d.prescription_id = ?
      order by d.dispensed_at, d.id, l.id`,
    [prescriptionId],
  )).rows;
  const byDispensation = new Map<string, LineRow[]>();
  for (const row of rows) byDispensation.set(row.dispensation_id, [...(byDispensation.get(row.dispensation_id) ?? []), row]);
  const items = [...byDispensation.values()].map((lines) => {
    const first = lines[0]!;
    return {
      id: first.dispensation_id, prescriptionId: first.prescription_id, patientId: first.patient_id, locationId: first.location_id, dispensedBy: first.dispensed_by,
      dispensedByName: first.dispensed_by_name, dispensedAt: first.dispensed_at.toISOString(), recordedAt: first.recorded_at.toISOString(), offline: first.offline,
      lines: lines.map((line) => ({
        id: line.id, prescriptionItemId: line.prescription_item_id, itemId: line.item_id, name: line.name, unit: line.unit, batchId: line.batch_id, batchNumber: line.batch_number,
        expiry: line.expiry_date, quantity: line.quantity, chosenBy: line.chosen_by, fefoBatchId: line.fefo_batch_id, reason: line.reason,
        substitution: line.substituted_for === null ? null : { prescribedItemId: line.substituted_for, reason: line.substitution_reason! },
        returned: Number(line.returned), out: line.quantity - Number(line.returned),
      })),
    };
  });
  return { prescriptionId: header.id, number: header.number, patient: { id: header.patient_id, mrn: header.mrn, name: header.patient_name }, items };
}
