import { balancesOf } from '@hms/core';
import type { LedgerMovement } from '@hms/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, drugIdByCode, insertTestPrescription, lastLedgerId, prescriptionItemIds, stockLocationId, unauditedMovements, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { ledgerMismatches } from '../stock/index.js';

let doctor: TestUser;
let pharmacist: TestClient;
let storekeeper: TestClient;
let main: string;
let dispensary: string;
const stack = useTestStack({
  setup: async (s) => {
    doctor = await createTestUser(s.db, 'property.doctor', ['doctor']);
    pharmacist = await s.resumed(['pharmacist']);
    storekeeper = await s.resumed(['storekeeper']);
    main = await stockLocationId(s.db, 'MAIN');
    dispensary = await stockLocationId(s.db, 'DISP');
  },
});

type Op =
  | { kind: 'receive'; location: 0 | 1; batch: number; quantity: number }
  | { kind: 'dispense'; quantity: number; offline: boolean; batch: number }
  | { kind: 'return'; quantity: number }
  | { kind: 'transfer'; from: 0 | 1; batch: number; quantity: number }
  | { kind: 'adjust'; location: 0 | 1; batch: number; quantity: number };

const batchIndex = fc.integer({ min: 0, max: 2 });
const location = fc.constantFrom<0 | 1>(0, 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), location, batch: batchIndex, quantity: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('dispense' as const), quantity: fc.integer({ min: 1, max: 12 }), offline: fc.boolean(), batch: batchIndex }),
  fc.record({ kind: fc.constant('return' as const), quantity: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('transfer' as const), from: location, batch: batchIndex, quantity: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('adjust' as const), location, batch: batchIndex, quantity: fc.integer({ min: -15, max: 15 }).filter((n) => n !== 0) }),
);

/**
 * Randomized runs of receipts, dispenses (online and offline replays), returns, transfers and
 * adjustments, four at a time from two desks, against PostgreSQL. Whatever was accepted or
 * refused: the maintained balances equal the ledger's sums, equal the movements the accepted
 * calls reported, and none is below zero; and every movement has its audit row.
 */
describe('the stock ledger under a randomized run', () => {
  it('sums to the balances, whatever the order and the races', async () => {
    const drugId = await drugIdByCode(stack.db, 'paracetamol-500mg-tablet');
    const locations = [main, dispensary];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 8, maxLength: 24 }), async (ops) => {
        run += 1;
        const mark = await lastLedgerId(stack.db);
        const batches = [0, 1, 2].map((i) => ({ number: `P${run}-${i}`, expiry: `2029-0${i + 1}-28`, id: undefined as string | undefined }));
        const reported: LedgerMovement[] = [];
        const dispensedLines: Array<{ id: string; left: number }> = [];
        const seeded = await storekeeper.call('stock.receive', {
          locationId: dispensary, supplier: 'Property supplier',
          lines: batches.map((batch) => ({ itemId: drugId, batchNumber: batch.number, expiry: batch.expiry, quantity: 20, unitCostMinor: 100 })),
        });
        seeded.lines.forEach((line, i) => {
          batches[i]!.id = line.batch.id;
          reported.push({ batchId: line.batch.id, locationId: dispensary, quantity: 20 });
        });
        const apply = async (step: Op): Promise<void> => {
          switch (step.kind) {
            case 'receive': {
              const batch = batches[step.batch]!;
              await storekeeper.call('stock.receive', { locationId: locations[step.location]!, supplier: 'Property supplier', lines: [{ itemId: drugId, batchNumber: batch.number, expiry: batch.expiry, quantity: step.quantity, unitCostMinor: 100 }] });
              reported.push({ batchId: batch.id!, locationId: locations[step.location]!, quantity: step.quantity });
              return;
            }
            case 'dispense': {
              const encounter = await insertTestEncounter(stack.db, { doctorId: doctor.id });
              const { id } = await insertTestPrescription(stack.db, encounter, doctor.id);
              const [itemId] = await prescriptionItemIds(stack.db, id);
              const result = await pharmacist.call('dispensing.dispense', {
                prescriptionId: id,
                lines: [{ prescriptionItemId: itemId!, quantity: step.quantity, ...(step.offline ? { batchId: batches[step.batch]!.id! } : {}) }],
                ...(step.offline ? { dispensedAt: new Date(Date.now() - 60_000).toISOString() } : {}),
              });
              for (const line of result.dispensation.lines) {
                reported.push({ batchId: line.batchId, locationId: dispensary, quantity: -line.quantity });
                dispensedLines.push({ id: line.id, left: line.quantity });
              }
              for (const discrepancy of result.discrepancies) reported.push({ batchId: discrepancy.batchId, locationId: dispensary, quantity: discrepancy.quantity });
              return;
            }
            case 'return': {
              const line = dispensedLines.find((candidate) => candidate.left >= step.quantity);
              if (line === undefined) return;
              line.left -= step.quantity;
              const result = await pharmacist.call('dispensing.return', { dispensationLineId: line.id, quantity: step.quantity, reason: 'Unopened' });
              reported.push({ batchId: result.batchId, locationId: dispensary, quantity: step.quantity });
              return;
            }
            case 'transfer': {
              const result = await storekeeper.call('stock.transfer', { fromLocationId: locations[step.from]!, toLocationId: locations[1 - step.from]!, lines: [{ batchId: batches[step.batch]!.id!, quantity: step.quantity }] });
              for (const movement of result.movements) reported.push({ batchId: movement.batchId, locationId: movement.locationId, quantity: movement.quantity });
              return;
            }
            case 'adjust': {
              const result = await storekeeper.call('stock.adjust', { locationId: locations[step.location]!, reason: 'count_correction', note: 'Counted', lines: [{ batchId: batches[step.batch]!.id!, quantity: step.quantity }] });
              for (const movement of result.movements) reported.push({ batchId: movement.batchId, locationId: movement.locationId, quantity: movement.quantity });
              return;
            }
          }
        };
        for (let at = 0; at < ops.length; at += 4) {
          const outcomes = await Promise.allSettled(ops.slice(at, at + 4).map(apply));
          for (const outcome of outcomes) {
            // A refusal is a typed rule (not enough stock, more than was dispensed), never a failure.
            if (outcome.status === 'rejected') expect((outcome.reason as { code: string }).code).toBe('CONFLICT');
          }
        }
        expect(await ledgerMismatches(stack.db)).toEqual([]);
        // Every accepted movement is audited, by the one who made it.
        expect(await unauditedMovements(stack.db, mark)).toEqual([]);
        const ids = batches.map((batch) => batch.id!);
        const rows: Array<{ batch_id: string; location_id: string; quantity: number }> = await stack.db('stock_balances').whereIn('batch_id', ids).where('quantity', '<>', 0).select('batch_id', 'location_id', 'quantity');
        // FEFO may also take what earlier runs left at the dispensary: compare this run's batches.
        expect(new Map(rows.map((row) => [`${row.batch_id}|${row.location_id}`, row.quantity]))).toEqual(balancesOf(reported.filter((movement) => ids.includes(movement.batchId))));
        expect(rows.every((row) => row.quantity > 0)).toBe(true);
      }),
      { numRuns: 5 },
    );
  }, 120_000);
});
