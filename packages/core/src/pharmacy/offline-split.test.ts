import { describe, expect, it } from 'vitest';
import { planOfflineLine } from './offline-split.js';

const batch = (batchId: string, expiry: string, onHand: number, recalled = false) => ({ batchId, batchNumber: batchId, expiry, onHand, recalled });

describe('planOfflineLine', () => {
  const today = '2026-12-02';

  it('takes the whole line from the desk\'s batch when its books hold it', () => {
    expect(planOfflineLine(batch('A', '2027-01-31', 30), [batch('B', '2027-02-28', 50)], 30, today)).toEqual({ allocations: [{ batchId: 'A', quantity: 30 }], shortfall: 0 });
  });

  it('runs on into the other usable batches in FEFO order, never an expired or recalled one', () => {
    const others = [batch('LATE', '2029-01-31', 50), batch('SOON', '2027-03-31', 5), batch('OLD', '2026-11-30', 50), batch('RECALLED', '2027-02-01', 50, true)];
    expect(planOfflineLine(batch('A', '2027-01-31', 20), others, 30, today)).toEqual({
      allocations: [{ batchId: 'A', quantity: 20 }, { batchId: 'SOON', quantity: 5 }, { batchId: 'LATE', quantity: 5 }], shortfall: 0,
    });
  });

  it('leaves only what no batch held as the shortfall, on the desk\'s batch', () => {
    expect(planOfflineLine(batch('A', '2027-01-31', 3), [batch('B', '2027-02-28', 4)], 10, today)).toEqual({
      allocations: [{ batchId: 'A', quantity: 6 }, { batchId: 'B', quantity: 4 }], shortfall: 3,
    });
    expect(planOfflineLine(batch('A', '2027-01-31', 0), [batch('B', '2027-02-28', 9)], 5, today)).toEqual({ allocations: [{ batchId: 'B', quantity: 5 }], shortfall: 0 });
    expect(planOfflineLine(batch('A', '2027-01-31', 0), [], 5, today)).toEqual({ allocations: [{ batchId: 'A', quantity: 5 }], shortfall: 5 });
  });
});
