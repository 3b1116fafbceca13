import { describe, expect, it } from 'vitest';
import { balancesOf, movementProblem, offlineShortfall } from './ledger.js';

describe('stock ledger arithmetic', () => {
  it('holds each kind to its direction, and adjustments to their reason\'s', () => {
    expect(movementProblem('receipt', 10)).toBeUndefined();
    expect(movementProblem('receipt', -10)).toMatch(/must add stock/);
    expect(movementProblem('dispense', 3)).toMatch(/must remove stock/);
    expect(movementProblem('transfer_out', -3)).toBeUndefined();
    expect(movementProblem('adjustment', -2, 'damaged')).toBeUndefined();
    expect(movementProblem('adjustment', 2, 'damaged')).toMatch(/must remove stock for damaged/);
    expect(movementProblem('adjustment', 2, 'found')).toBeUndefined();
    expect(movementProblem('adjustment', 2, 'count_correction')).toBeUndefined();
    expect(movementProblem('adjustment', -2, 'count_correction')).toBeUndefined();
    expect(movementProblem('adjustment', 2)).toMatch(/needs a reason/);
    expect(movementProblem('receipt', 0)).toMatch(/not 0/);
    expect(movementProblem('receipt', 1.5)).toMatch(/whole number/);
  });

  it('sums movements per batch and location, dropping balances that reach zero', () => {
    const balances = balancesOf([
      { batchId: 'b1', locationId: 'store', quantity: 100 },
      { batchId: 'b1', locationId: 'store', quantity: -40 },
      { batchId: 'b1', locationId: 'dispensary', quantity: 40 },
      { batchId: 'b1', locationId: 'dispensary', quantity: -40 },
      { batchId: 'b2', locationId: 'store', quantity: 7 },
    ]);
    expect([...balances]).toEqual([['b1|store', 60], ['b2|store', 7]]);
  });

  it('finds the shortfall an offline dispense leaves to be posted as a discrepancy', () => {
    expect(offlineShortfall(10, 4)).toBe(0);
    expect(offlineShortfall(2, 5)).toBe(3);
    expect(offlineShortfall(0, 5)).toBe(5);
  });
});
