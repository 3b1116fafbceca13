import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { drugIdByCode } from './pharmacology.js';

/** A seeded stock location's id: `MAIN` (main store) or `DISP` (dispensary). */
export async function stockLocationId(db: Knex, code: 'MAIN' | 'DISP' | (string & {})): Promise<string> {
  const row: { id: string } | undefined = await db('stock_locations').where({ code }).first('id');
  if (row === undefined) throw new Error(`no stock location ${code}`);
  return row.id;
}

async function anyUserId(db: Knex): Promise<string> {
  const row: { id: string } | undefined = await db('users').orderBy('username').first('id');
  if (row !== undefined) return row.id;
  const [created] = await db('users').insert({ username: `stock.${randomUUID().slice(0, 8)}`, display_name: 'Stock fixture', roles: ['storekeeper'], password_hash: 'x' }).returning('id');
  return (created as { id: string }).id;
}

export interface TestStockOptions {
  /** A formulary product code (paracetamol 500 mg tablets unless given). */
  drugCode?: string;
  location?: string;
  quantity?: number;
  expiry?: string;
  batchNumber?: string;
}

/**
 * A received batch written straight to the tables (test setup, not audited): the drug's stock
 * item, a goods-received note, the batch and its receipt in the ledger (whose trigger keeps the balance).
 */
export async function insertTestStock(db: Knex, options: TestStockOptions = {}): Promise<{ itemId: string; batchId: string; locationId: string; batchNumber: string }> {
  const itemId = await drugIdByCode(db, options.drugCode ?? 'paracetamol-500mg-tablet');
  const locationId = await stockLocationId(db, options.location ?? 'DISP');
  const userId = await anyUserId(db);
  const now = new Date();
  const drug: { code: string } = await db('drugs').where({ id: itemId }).first('code');
  await db('stock_items').insert({ id: itemId, kind: 'drug', drug_id: itemId, code: drug.code, name: drug.code, unit: 'tablet', created_at: now }).onConflict('id').ignore();
  const [grn] = await db('goods_received_notes')
    .insert({ number: `GRN-T${randomUUID().slice(0, 8)}`, supplier: 'Test Supplies', location_id: locationId, received_at: now, received_by: userId })
    .returning('id');
  const grnId = (grn as { id: string }).id;
  const batchNumber = options.batchNumber ?? `B${randomUUID().slice(0, 8).toUpperCase()}`;
  const [batch] = await db('stock_batches')
    .insert({ item_id: itemId, batch_number: batchNumber, expiry_date: options.expiry ?? '2030-12-31', supplier: 'Test Supplies', unit_cost_minor: 250, received_at: now, grn_id: grnId })
    .returning('id');
  const batchId = (batch as { id: string }).id;
  await db('stock_ledger').insert({
    at: now, recorded_at: now, kind: 'receipt', item_id: itemId, batch_id: batchId, location_id: locationId, quantity: options.quantity ?? 100, document_type: 'grn', document_id: grnId,
    actor_id: userId, unit_cost_minor: 250,
  });
  return { itemId, batchId, locationId, batchNumber };
}

/** The items of a prescription, in order. */
export async function prescriptionItemIds(db: Knex, prescriptionId: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await db('prescription_items').where({ prescription_id: prescriptionId }).orderBy('position').select('id');
  return rows.map((row) => row.id);
}

/** The newest ledger row's id (0 when empty): a mark to check only the movements made after it. */
export async function lastLedgerId(db: Knex): Promise<number> {
  const row = (await db.raw('select coalesce(max(id), 0) as id from stock_ledger')).rows[0] as { id: string | number };
  return Number(row.id);
}

/**
 * Ledger rows after `afterId` with no audit row of their document by the person who moved the
 * stock: a receipt's note, an adjustment, a transfer or quarantine, a transfer request's issue or
 * receipt, a dispensation (on the patient, naming it) or a return (likewise). Issue 12: every
 * movement is audited. Fixture rows (insertTestStock) are not, so a check starts after a mark.
 */
export async function unauditedMovements(db: Knex, afterId: number): Promise<Array<{ id: number; kind: string; documentType: string; documentId: string }>> {
  const rows: Array<{ id: string | number; kind: string; document_type: string; document_id: string }> = (await db.raw(
    `select l.id, l.kind, l.document_type, l.document_id
       from stock_ledger l
      where l.id > ?
        and not exists (
          select 1 from audit_log a
           where a.actor_id = l.actor_id
             and case l.document_type
                   when 'grn' then a.action = 'stock.receive' and a.entity_type = 'stock_grn' and a.entity_id = l.document_id::text
                   when 'adjustment' then a.action = 'stock.adjust' and a.entity_type = 'stock_adjustment' and a.entity_id = l.document_id::text
                   when 'transfer' then a.action in ('stock.transfer', 'stock.quarantine') and a.entity_type = 'stock_transfer' and a.entity_id = l.document_id::text
                   when 'transfer_request' then a.action in ('stock.issueTransfer', 'stock.receiveTransfer') and a.entity_type = 'stock_transfer_request' and a.entity_id = l.document_id::text
                   when 'dispensation' then a.action = 'dispensing.dispense' and a.entity_type = 'patient' and a.after ->> 'dispensationId' = l.document_id::text
                   when 'dispensing_return' then a.action = 'dispensing.return' and a.entity_type = 'patient' and a.after ->> 'returnId' = l.document_id::text
                   else false
                 end)
      order by l.id`,
    [afterId],
  )).rows;
  return rows.map((row) => ({ id: Number(row.id), kind: row.kind, documentType: row.document_type, documentId: row.document_id }));
}
