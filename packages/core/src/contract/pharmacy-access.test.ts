import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.js';
import type { Role } from '../roles.js';
import { METHOD_NAMES, methods } from './index.js';
import { mayCall } from './method.js';

/**
 * Issue 12's RBAC rows, written out by hand so a change to who may touch stock is a visible
 * decision here, not a side effect of editing a shared list: pharmacists dispense and receive;
 * storekeepers receive and transfer; doctors see stock levels; nurses ask a store for their
 * ward's stock and receive it; administrators set up the locations (and read their names), nothing
 * else of stock; nobody else. The wire enforces the
 * contract (apps/server/src/gateway/rbac-matrix.int.test.ts).
 */
const P: Role = 'pharmacist';
const S: Role = 'storekeeper';
const D: Role = 'doctor';
const N: Role = 'nurse';
const A: Role = 'admin';
const expected: Record<string, readonly Role[]> = {
  'dispensing.worklist': [P], 'dispensing.dispense': [P], 'dispensing.return': [P], 'dispensing.dispensations': [P], 'dispensing.substitutes': [P],
  'batches.recall': [P], 'batches.recipients': [P], 'batches.recalls': [P], 'stock.setPrice': [P],
  'stock.receive': [P, S], 'stock.createItem': [P, S], 'stock.adjust': [P, S], 'stock.ledger': [P, S], 'stock.discrepancies': [P, S], 'stock.resolveDiscrepancy': [P, S],
  'stock.count': [P, S], 'stock.approveCount': [P, S], 'stock.counts': [P, S], 'stock.quarantine': [P, S], 'stock.setReorderLevel': [P, S],
  'stock.valuation': [P, S], 'stock.consumption': [P, S], 'stock.prices': [P, S],
  'stock.transfer': [S], 'stock.issueTransfer': [S],
  'stock.requestTransfer': [P, S, N], 'stock.receiveTransfer': [P, S, N], 'stock.transferRequests': [P, S, N],
  'stock.onHand': [P, S, D], 'stock.batches': [P, S, D], 'stock.locations': [P, S, D, A], 'stock.saveLocation': [S, A], 'stock.items': [P, S, D], 'stock.watch': [P, S, D],
  'stock.nearExpiry': [P, S, D], 'stock.lowStock': [P, S, D], 'stock.quarantined': [P, S, D],
};

const pharmacyMethods = METHOD_NAMES.filter((name) => /^(stock|dispensing|batches)\./.test(name));
const allowed = (name: string): Role[] => ROLES.filter((role) => mayCall(methods[name as keyof typeof methods].access, [role]));

describe('who may do what with stock and dispensing (issue 12 RBAC rows)', () => {
  it('names every stock, batch and dispensing method here', () => {
    expect([...pharmacyMethods].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const name of Object.keys(expected)) {
    it(`${name}: ${expected[name]!.join(', ')}`, () => {
      expect(allowed(name).sort()).toEqual([...expected[name]!].sort());
    });
  }

  it('gives receptionists, cashiers, lab technicians and radiologists nothing of it, and administrators only the locations', () => {
    for (const role of ['receptionist', 'cashier', 'lab_technician', 'radiologist'] as const) {
      expect(pharmacyMethods.filter((name) => allowed(name).includes(role)), role).toEqual([]);
    }
    expect(pharmacyMethods.filter((name) => allowed(name).includes('admin')).sort()).toEqual(['stock.locations', 'stock.saveLocation']);
  });
});
