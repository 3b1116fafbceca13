import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { ManualClock, createTestUser, drugIdByCode, insertTestStock, stockLocationId, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from './ledger-repo.js';

const clock = new ManualClock(new Date('2026-12-02T08:00:00Z'));
let doctorUser: TestUser;
let doctor: TestClient;
let pharmacist: TestClient;
let storekeeper: TestClient;
let nurse: TestClient;
let main: string;
let dispensary: string;
const stack = useTestStack({
  clock,
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'reports.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    pharmacist = await s.signedIn(['pharmacist']);
    storekeeper = await s.signedIn(['storekeeper']);
    nurse = await s.signedIn(['nurse']);
    main = await stockLocationId(s.db, 'MAIN');
    dispensary = await stockLocationId(s.db, 'DISP');
  },
});

describe('reorder levels and the low-stock list', () => {
  it('lists an item whose usable units are below its level (expired ones do not count), audited when set; who may not changes nothing', async () => {
    const itemId = await drugIdByCode(stack.db, 'metformin-500mg-tablet');
    await insertTestStock(stack.db, { drugCode: 'metformin-500mg-tablet', location: 'DISP', quantity: 30, expiry: '2030-01-31' });
    await insertTestStock(stack.db, { drugCode: 'metformin-500mg-tablet', location: 'DISP', quantity: 50, expiry: '2026-01-31' });
    expect((await nurse.callError('stock.setReorderLevel', { locationId: dispensary, itemId, level: 100 })).code).toBe('FORBIDDEN');
    expect((await storekeeper.callError('stock.setReorderLevel', { locationId: dispensary, itemId, level: -1 })).code).toBe('VALIDATION');
    expect((await storekeeper.callError('stock.setReorderLevel', { locationId: dispensary, itemId: '00000000-0000-4000-8000-000000000000', level: 5 })).details).toEqual({ fields: { itemId: 'is not a stock item or formulary drug' } });
    expect(await stack.db('stock_reorder_levels').count('* as n')).toEqual([{ n: 0 }]);

    await storekeeper.call('stock.setReorderLevel', { locationId: dispensary, itemId, level: 20 });
    expect((await doctor.call('stock.lowStock', { locationId: dispensary })).items.filter((line) => line.item.id === itemId)).toEqual([]);
    await pharmacist.call('stock.setReorderLevel', { locationId: dispensary, itemId, level: 100 });
    const { items } = await doctor.call('stock.lowStock', { locationId: dispensary });
    expect(items.filter((line) => line.item.id === itemId)).toEqual([expect.objectContaining({ locationId: dispensary, level: 100, usable: 30, onHand: 80, inTransit: 0, shortBy: 70 })]);
    const audits = await stack.db('audit_log').where({ action: 'stock.setReorderLevel', entity_id: itemId }).orderBy('seq').select('before', 'after');
    expect(audits).toEqual([
      { before: { locationId: dispensary, level: null }, after: { locationId: dispensary, level: 20 } },
      { before: { locationId: dispensary, level: 20 }, after: { locationId: dispensary, level: 100 } },
    ]);
    await pharmacist.call('stock.setReorderLevel', { locationId: dispensary, itemId, level: null });
    expect((await doctor.call('stock.lowStock', {})).items.filter((line) => line.item.id === itemId)).toEqual([]);
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });
});

describe('valuation and consumption', () => {
  it('values each held batch at its own cost, and reports dispensed (less returns) and issued units and cost over hospital days', async () => {
    const code = 'ciprofloxacin-500mg-tablet';
    const itemId = await drugIdByCode(stack.db, code);
    const cheap = await insertTestStock(stack.db, { drugCode: code, location: 'MAIN', quantity: 40, expiry: '2028-01-31' });
    const dear = await insertTestStock(stack.db, { drugCode: code, location: 'DISP', quantity: 20, expiry: '2029-01-31' });
    await stack.db('stock_batches').where({ id: dear.batchId }).update({ unit_cost_minor: 900 });
    await storekeeper.call('stock.transfer', { fromLocationId: main, toLocationId: dispensary, lines: [{ batchId: cheap.batchId, quantity: 10 }] });

    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const { prescription } = await doctor.call('prescriptions.create', { encounterId: encounter.id, items: [{ drugId: itemId, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'bd', durationDays: 7, quantity: 14 }] });
    // FEFO takes the transferred (earlier) batch first: 10 at 250, then 4 at 900.
    const { dispensation } = await pharmacist.call('dispensing.dispense', { prescriptionId: prescription.id, lines: [{ prescriptionItemId: prescription.items[0]!.id, quantity: 14 }] });
    const dearLine = dispensation.lines.find((line) => line.batchId === dear.batchId)!;
    await pharmacist.call('dispensing.return', { dispensationLineId: dearLine.id, quantity: 1, reason: 'Unopened' });

    const value = await storekeeper.call('stock.valuation', {});
    const mine = value.items.filter((line) => line.item.id === itemId);
    expect(mine).toEqual(expect.arrayContaining([
      expect.objectContaining({ locationId: main, onHand: 30, valueMinor: 30 * 250 }),
      expect.objectContaining({ locationId: dispensary, onHand: 17, valueMinor: 17 * 900 }),
    ]));
    expect(value.totalMinor).toBe(value.items.reduce((sum, line) => sum + line.valueMinor, 0));

    const used = await pharmacist.call('stock.consumption', { from: '2026-12-02', to: '2026-12-02' });
    expect(used.items.filter((line) => line.item.id === itemId)).toEqual(expect.arrayContaining([
      expect.objectContaining({ locationId: main, dispensed: 0, dispensedCostMinor: 0, issued: 10, issuedCostMinor: 2500 }),
      expect.objectContaining({ locationId: dispensary, dispensed: 13, dispensedCostMinor: 10 * 250 + 3 * 900, issued: 0, issuedCostMinor: 0 }),
    ]));
    expect((await pharmacist.call('stock.consumption', { from: '2026-12-03', to: '2026-12-31' })).items.filter((line) => line.item.id === itemId)).toEqual([]);
    expect((await pharmacist.callError('stock.consumption', { from: '2026-12-03', to: '2026-12-01' })).code).toBe('VALIDATION');
    expect((await doctor.callError('stock.valuation', {})).code).toBe('FORBIDDEN');
    expect(await ledgerMismatches(stack.db)).toEqual([]);
  });
});
