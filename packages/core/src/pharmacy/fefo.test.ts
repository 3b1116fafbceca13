import { describe, expect, it } from 'vitest';
import { chosenBatchProblem, fefoFirst, planFefo } from './fefo.js';
import type { StockBatchState } from './fefo.js';

const today = '2026-12-02';
const batch = (batchId: string, expiry: string, onHand: number, recalled = false): StockBatchState => ({ batchId, batchNumber: batchId.toUpperCase(), expiry, onHand, recalled });

const shelf = [
  batch('late', '2028-01-31', 100),
  batch('early', '2027-03-31', 10),
  batch('expired', '2026-12-01', 50),
  batch('recalled', '2027-01-31', 50, true),
  batch('empty', '2026-12-31', 0),
  batch('today', '2026-12-02', 5),
];

describe('FEFO', () => {
  it('takes the earliest-expiring usable batch: never expired, recalled or empty; usable on its expiry day', () => {
    expect(fefoFirst(shelf, today)?.batchId).toBe('today');
    expect(fefoFirst(shelf, '2026-12-03')?.batchId).toBe('early');
  });

  it('runs a larger quantity on into the next batches in expiry order', () => {
    expect(planFefo(shelf, 3, today)).toEqual({ ok: true, allocations: [{ batchId: 'today', quantity: 3 }] });
    expect(planFefo(shelf, 20, today)).toEqual({ ok: true, allocations: [{ batchId: 'today', quantity: 5 }, { batchId: 'early', quantity: 10 }, { batchId: 'late', quantity: 5 }] });
  });

  it('answers how much is usable when there is not enough', () => {
    expect(planFefo(shelf, 116, today)).toEqual({ ok: false, available: 115 });
    expect(planFefo([batch('expired', '2026-01-01', 9)], 1, today)).toEqual({ ok: false, available: 0 });
  });

  it('breaks expiry ties by batch number so every desk agrees', () => {
    expect(fefoFirst([batch('b', '2027-01-31', 1), batch('a', '2027-01-31', 1)], today)?.batchId).toBe('a');
  });

  it('refuses a chosen batch that is recalled, expired, short, elsewhere, or not FEFO\'s without a reason', () => {
    expect(chosenBatchProblem(shelf, 'recalled', 1, today, 'patient asked')).toBe('batch_recalled');
    expect(chosenBatchProblem(shelf, 'expired', 1, today, 'patient asked')).toBe('batch_expired');
    expect(chosenBatchProblem(shelf, 'early', 11, today, 'x')).toBe('insufficient_stock');
    expect(chosenBatchProblem(shelf, 'elsewhere', 1, today, 'x')).toBe('not_here');
    expect(chosenBatchProblem(shelf, 'late', 1, today, undefined)).toBe('reason_required');
    expect(chosenBatchProblem(shelf, 'late', 1, today, '  ')).toBe('reason_required');
    expect(chosenBatchProblem(shelf, 'late', 1, today, 'Blister pack for a child who cannot swallow')).toBeUndefined();
    expect(chosenBatchProblem(shelf, 'today', 5, today, undefined)).toBeUndefined();
  });
});
