import { drugDisplayName, gtinCheckDigit } from '@hms/core';
import type { FormularyDrugData } from '@hms/core';
import type { Knex } from 'knex';

const DEMO_GRN = 'GRN-DEMO-1';
const DAY_MS = 86_400_000;

/** Demo GTINs (GS1's 0506 test prefix range is ours to invent in a demo): scanning them at receipt names the item. */
const demoGtin = (payload: string) => `${payload}${gtinCheckDigit(payload)}`;

const DEMO_STOCK: ReadonlyArray<{ code: string; gtin: string; batches: ReadonlyArray<{ batch: string; days: number; main: number; dispensary: number }> }> = [
  { code: 'amoxicillin-500mg-capsule', gtin: demoGtin('0506000000001'), batches: [{ batch: 'AMX-A1', days: 120, main: 0, dispensary: 60 }, { batch: 'AMX-B2', days: 540, main: 500, dispensary: 200 }, { batch: 'AMX-OLD', days: -10, main: 0, dispensary: 30 }] },
  { code: 'paracetamol-500mg-tablet', gtin: demoGtin('0506000000002'), batches: [{ batch: 'PCM-2207', days: 400, main: 2000, dispensary: 500 }] },
  { code: 'metformin-500mg-tablet', gtin: demoGtin('0506000000003'), batches: [{ batch: 'MET-11', days: 75, main: 0, dispensary: 90 }, { batch: 'MET-12', days: 700, main: 900, dispensary: 0 }] },
  { code: 'amlodipine-5mg-tablet', gtin: demoGtin('0506000000004'), batches: [{ batch: 'AML-3', days: 300, main: 600, dispensary: 120 }] },
];

/**
 * Demo stock (issue 12): a few common drugs in the main store and the dispensary, amoxicillin in
 * two batches of different expiry and one expired batch (FEFO and the refusal show at once).
 * Written once (the demo note's number marks it), straight to the ledger, whose trigger keeps the balances.
 */
export async function seedDemoStock(trx: Knex.Transaction, now: Date): Promise<void> {
  if ((await trx('goods_received_notes').where({ number: DEMO_GRN }).first('id')) !== undefined) return;
  const storekeeper: { id: string } | undefined = await trx('users').where({ username: 'storekeeper' }).first('id');
  if (storekeeper === undefined) return;
  const locations: Array<{ id: string; code: string }> = await trx('stock_locations').whereIn('code', ['MAIN', 'DISP']).select('id', 'code');
  const main = locations.find((location) => location.code === 'MAIN')!.id;
  const dispensary = locations.find((location) => location.code === 'DISP')!.id;
  const [grn] = await trx('goods_received_notes').insert({ number: DEMO_GRN, supplier: 'Demo Medical Supplies', location_id: main, received_at: now, received_by: storekeeper.id }).returning('id');
  const grnId = (grn as { id: string }).id;
  for (const entry of DEMO_STOCK) {
    const drug: { id: string; code: string; data: FormularyDrugData } | undefined = await trx('drugs').where({ code: entry.code }).first('id', 'code', 'data');
    if (drug === undefined) continue;
    await trx('stock_items').insert({ id: drug.id, kind: 'drug', drug_id: drug.id, code: drug.code, name: drugDisplayName(drug.data), unit: drug.data.form, created_at: now, created_by: storekeeper.id }).onConflict('id').ignore();
    await trx('stock_item_gtins').insert({ gtin: entry.gtin, item_id: drug.id, learned_at: now }).onConflict('gtin').ignore();
    for (const batch of entry.batches) {
      const expiry = new Date(now.getTime() + batch.days * DAY_MS).toISOString().slice(0, 10);
      const [row] = await trx('stock_batches')
        .insert({ item_id: drug.id, batch_number: batch.batch, expiry_date: expiry, gtin: entry.gtin, supplier: 'Demo Medical Supplies', unit_cost_minor: 500, received_at: now, grn_id: grnId })
        .returning('id');
      const batchId = (row as { id: string }).id;
      const base = { at: now, recorded_at: now, item_id: drug.id, batch_id: batchId, document_type: 'grn', document_id: grnId, actor_id: storekeeper.id };
      const movements = [
        ...(batch.main > 0 ? [{ ...base, kind: 'receipt', location_id: main, quantity: batch.main, unit_cost_minor: 500 }] : []),
        ...(batch.dispensary > 0 ? [{ ...base, kind: 'receipt', location_id: dispensary, quantity: batch.dispensary, unit_cost_minor: 500 }] : []),
      ];
      if (movements.length > 0) await trx('stock_ledger').insert(movements);
    }
  }
}
