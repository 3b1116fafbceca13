import { substitutionProblem } from '@hms/core';
import type { FormularyDrugData, ItemOnHand } from '@hms/core';
import type { Knex } from 'knex';
import { onHandAt } from '../stock/index.js';

/**
 * What generic substitution may hand out for each item of a prescription: the other active
 * formulary products of the prescribed one's generic, strength and way of giving (core
 * substitutionProblem, the rule dispensing.dispense checks) that have usable units at the location, their batches in FEFO order.
 * Products and stock only: no patient is named, so this read is not a patient-record read.
 */
export async function substitutesFor(db: Knex, prescriptionId: string, locationId: string, today: string): Promise<Array<{ prescriptionItemId: string; substitutes: ItemOnHand[] }> | undefined> {
  const items: Array<{ id: string }> = await db('prescription_items').where({ prescription_id: prescriptionId }).orderBy('position').select('id');
  if (items.length === 0) return undefined;
  const rows: Array<{ prescription_item_id: string; drug_id: string; prescribed: FormularyDrugData; prescribed_generic: string; generic: string; data: FormularyDrugData }> = (await db.raw(
    `select pi.id as prescription_item_id, d.id as drug_id, d.generic, d.data, prescribed.generic as prescribed_generic, prescribed.data as prescribed
       from prescription_items pi
       join drugs prescribed on prescribed.id = pi.drug_id
       join drugs d on lower(trim(d.generic)) = lower(trim(prescribed.generic)) and d.id <> prescribed.id and d.active
       join stock_items si on si.id = d.id
      where pi.prescription_id = ?
      order by pi.position, d.code`,
    [prescriptionId],
  )).rows;
  const candidates = rows.filter((row) => substitutionProblem(
    { generic: row.prescribed_generic, strengthText: row.prescribed.strengthText, form: row.prescribed.form }, { generic: row.generic, strengthText: row.data.strengthText, form: row.data.form },
  ) === undefined);
  const held = new Map<string, ItemOnHand | undefined>();
  await Promise.all([...new Set(candidates.map((candidate) => candidate.drug_id))].map(async (drugId) => {
    held.set(drugId, (await onHandAt(db, locationId, drugId, today))[0]);
  }));
  return items.map((item) => ({
    prescriptionItemId: item.id,
    substitutes: candidates
      .filter((candidate) => candidate.prescription_item_id === item.id)
      .flatMap((candidate) => {
        const stock = held.get(candidate.drug_id);
        return stock !== undefined && stock.usable > 0 ? [stock] : [];
      }),
  }));
}
