import type { MethodName } from '@hms/core';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { insertTestEncounter } from './clinical-cases.js';
import { drugIdByCode, insertTestPrescription } from './pharmacology.js';
import { insertTestStock, prescriptionItemIds, stockLocationId } from './pharmacy.js';
import type { MatrixCases } from './rbac-cases.js';

type PharmacyMethod = Extract<MethodName, `${'stock' | 'batches' | 'dispensing'}.${string}`>;

async function matrixDoctorId(db: Knex): Promise<string> {
  return ((await db('users').where({ username: 'matrix.doctor' }).first('id')) as { id: string }).id;
}

/** A paracetamol prescription with dispensary stock to take it from. */
async function dispensable(db: Knex) {
  const encounter = await insertTestEncounter(db);
  const prescription = await insertTestPrescription(db, encounter, await matrixDoctorId(db));
  await insertTestStock(db, { location: 'DISP', quantity: 50 });
  return { prescriptionId: prescription.id, itemId: (await prescriptionItemIds(db, prescription.id))[0]! };
}

/** A transfer request from the main store to the dispensary, written straight to the tables; `issued` puts its units in transit. */
async function transferRequestFixture(db: Knex, issued: boolean): Promise<string> {
  const stock = await insertTestStock(db, { location: issued ? 'TRANSIT' : 'MAIN', quantity: 10 });
  const [request] = await db('stock_transfer_requests').insert({
    number: `TR-T${randomUUID().slice(0, 8)}`, from_location_id: await stockLocationId(db, 'MAIN'), to_location_id: await stockLocationId(db, 'DISP'),
    status: issued ? 'issued' : 'requested', requested_at: new Date(), requested_by: await matrixDoctorId(db), ...(issued ? { issued_at: new Date(), issued_by: await matrixDoctorId(db) } : {}),
  }).returning('id');
  const requestId = (request as { id: string }).id;
  await db('stock_transfer_request_lines').insert({ request_id: requestId, position: 0, item_id: stock.itemId, requested: 4 });
  if (issued) await db('stock_transfer_request_issues').insert({ request_id: requestId, batch_id: stock.batchId, item_id: stock.itemId, issued: 4 });
  return requestId;
}

/** RBAC matrix cases of pharmacy stock and dispensing (issue 12). */
export const pharmacyMatrixCases: Pick<MatrixCases, PharmacyMethod> = {
  'stock.locations': { params: () => ({}) },
  'dispensing.substitutes': { params: async ({ db }) => ({ prescriptionId: (await dispensable(db)).prescriptionId }) },
  'stock.saveLocation': { params: ({ unique }) => ({ code: `W-${unique('').toUpperCase()}`, name: 'Ward 7 store', kind: 'ward' }) },
  'stock.items': { params: () => ({ query: 'paracetamol' }) },
  'stock.createItem': { params: ({ unique }) => ({ code: unique('gloves-'), name: 'Examination gloves, medium', unit: 'pair' }) },
  'stock.receive': {
    params: async ({ db, unique }) => ({
      locationId: await stockLocationId(db, 'MAIN'), supplier: 'Kenya Medical Supplies Authority',
      lines: [{ itemId: await drugIdByCode(db, 'paracetamol-500mg-tablet'), batchNumber: unique('B').slice(0, 20), expiry: '2031-01-31', quantity: 100, unitCostMinor: 250 }],
    }),
  },
  'stock.adjust': {
    params: async ({ db }) => {
      const stock = await insertTestStock(db, { location: 'MAIN', quantity: 10 });
      return { locationId: stock.locationId, reason: 'damaged' as const, note: 'Blister crushed in storage', lines: [{ batchId: stock.batchId, quantity: -1 }] };
    },
  },
  'stock.transfer': {
    params: async ({ db }) => {
      const stock = await insertTestStock(db, { location: 'MAIN', quantity: 10 });
      return { fromLocationId: stock.locationId, toLocationId: await stockLocationId(db, 'DISP'), lines: [{ batchId: stock.batchId, quantity: 5 }] };
    },
  },
  'stock.onHand': { params: async ({ db }) => ({ locationId: await stockLocationId(db, 'DISP') }) },
  'stock.batches': { params: async ({ db }) => ({ itemId: (await insertTestStock(db, { quantity: 1 })).itemId }) },
  'stock.ledger': { params: async ({ db }) => ({ locationId: await stockLocationId(db, 'MAIN') }) },
  'stock.discrepancies': { params: () => ({}) },
  'stock.watch': { params: () => ({}) },
  'stock.resolveDiscrepancy': {
    params: async ({ db }) => {
      const stock = await insertTestStock(db, { location: 'DISP', quantity: 4 });
      const [row] = await db('stock_discrepancies').insert({
        kind: 'transit_shortfall', location_id: stock.locationId, item_id: stock.itemId, batch_id: stock.batchId, quantity: 1, document_type: 'transfer_request', document_id: randomUUID(), detected_at: new Date(),
      }).returning('id');
      return { discrepancyId: (row as { id: string }).id, counted: 4, note: 'Shelf counted: four, as the books say' };
    },
  },
  'stock.setPrice': { params: async ({ db }) => ({ itemId: await drugIdByCode(db, 'paracetamol-500mg-tablet'), priceMinor: 500 }) },
  'stock.prices': { params: async ({ db }) => ({ itemId: await drugIdByCode(db, 'paracetamol-500mg-tablet') }) },
  'stock.count': {
    params: async ({ db }) => {
      const stock = await insertTestStock(db, { location: 'MAIN', quantity: 10 });
      return { locationId: stock.locationId, lines: [{ batchId: stock.batchId, counted: 9 }] };
    },
  },
  // Counted by the matrix's set-up administrator, so whoever approves is another person.
  'stock.approveCount': {
    params: async ({ db }) => {
      const stock = await insertTestStock(db, { location: 'MAIN', quantity: 10 });
      const counter = ((await db('users').where({ username: 'matrix.setup' }).first('id')) as { id: string }).id;
      const [count] = await db('stock_counts').insert({ location_id: stock.locationId, counted_at: new Date(), counted_by: counter }).returning('id');
      const countId = (count as { id: string }).id;
      await db('stock_count_lines').insert({ count_id: countId, batch_id: stock.batchId, item_id: stock.itemId, book: 10, counted: 9 });
      return { countId, approve: true };
    },
  },
  'stock.counts': { params: () => ({}) },
  'stock.nearExpiry': { params: async ({ db }) => ({ locationId: await stockLocationId(db, 'DISP'), withinDays: 30 as const }) },
  'stock.setReorderLevel': { params: async ({ db }) => ({ locationId: await stockLocationId(db, 'DISP'), itemId: await drugIdByCode(db, 'paracetamol-500mg-tablet'), level: 200 }) },
  'stock.lowStock': { params: () => ({}) },
  'stock.valuation': { params: () => ({}) },
  'stock.consumption': { params: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  'stock.requestTransfer': {
    params: async ({ db }) => ({
      fromLocationId: await stockLocationId(db, 'MAIN'), toLocationId: await stockLocationId(db, 'DISP'), lines: [{ itemId: await drugIdByCode(db, 'paracetamol-500mg-tablet'), quantity: 20 }],
    }),
  },
  'stock.issueTransfer': { params: async ({ db }) => ({ requestId: await transferRequestFixture(db, false) }) },
  'stock.receiveTransfer': { params: async ({ db }) => ({ requestId: await transferRequestFixture(db, true) }) },
  'stock.transferRequests': { params: () => ({}) },
  'stock.quarantine': {
    params: async ({ db }) => {
      const stock = await insertTestStock(db, { location: 'DISP', quantity: 5, expiry: '2024-01-31' });
      return { locationId: stock.locationId, lines: [{ batchId: stock.batchId, quantity: 5 }] };
    },
  },
  'stock.quarantined': { params: () => ({}) },
  'batches.recall': { params: async ({ db }) => ({ batchId: (await insertTestStock(db, { quantity: 1 })).batchId, reason: 'Manufacturer recall: out-of-specification dissolution' }) },
  'batches.recipients': { params: async ({ db }) => ({ batchId: (await insertTestStock(db, { quantity: 1 })).batchId }) },
  'batches.recalls': { params: () => ({}) },
  'dispensing.worklist': { params: () => ({}) },
  'dispensing.dispensations': { params: async ({ db }) => ({ prescriptionId: (await dispensable(db)).prescriptionId }) },
  'dispensing.dispense': {
    params: async ({ db }) => {
      const { prescriptionId, itemId } = await dispensable(db);
      return { prescriptionId, lines: [{ prescriptionItemId: itemId, quantity: 6 }] };
    },
  },
  'dispensing.return': {
    params: async ({ db }) => {
      const { prescriptionId, itemId } = await dispensable(db);
      const prescription: { patient_id: string } = await db('prescriptions').where({ id: prescriptionId }).first('patient_id');
      const stock = await insertTestStock(db, { location: 'DISP', quantity: 5 });
      const [dispensation] = await db('dispensations')
        .insert({ prescription_id: prescriptionId, patient_id: prescription.patient_id, location_id: stock.locationId, dispensed_by: await matrixDoctorId(db), dispensed_at: new Date(), recorded_at: new Date(), offline: false })
        .returning('id');
      const [line] = await db('dispensation_lines')
        .insert({ dispensation_id: (dispensation as { id: string }).id, prescription_item_id: itemId, item_id: stock.itemId, batch_id: stock.batchId, quantity: 2, chosen_by: 'fefo' })
        .returning('id');
      return { dispensationLineId: (line as { id: string }).id, quantity: 1, reason: 'Unopened: the patient had the same tablets at home' };
    },
  },
};
