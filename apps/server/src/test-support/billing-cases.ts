import type { MethodName } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { MatrixCases } from './rbac-cases.js';

type BillingMethod = Extract<MethodName, `${'prices' | 'charges' | 'invoices' | 'payments' | 'shifts' | 'coverage' | 'claims'}.${string}`>;

const approval = { username: 'billing.supervisor', password: 'not checked before the method is served' };

/** RBAC matrix cases of billing (issue 15): valid params for every method of the contract. */
export const billingMatrixCases: Pick<MatrixCases, BillingMethod> = {
  'prices.list': { params: () => ({}) },
  'prices.set': { params: ({ unique }) => ({ serviceCode: unique('SVC').toUpperCase().replace(/[^A-Z0-9]/g, ''), service: { name: 'Matrix service', category: 'other' }, priceMinor: 1_000 }) },
  'charges.forPatient': { params: () => ({ patientId: randomUUID() }) },
  'charges.add': { params: () => ({ patientId: randomUUID(), serviceCode: 'REG', quantity: 1 }) },
  'charges.reverse': { params: () => ({ chargeId: randomUUID(), reason: 'Entered twice', approval }) },
  'invoices.create': { params: () => ({ patientId: randomUUID(), kind: 'interim' }) },
  'invoices.get': { params: () => ({ invoiceId: randomUUID() }) },
  'payments.take': { params: () => ({ patientId: randomUUID(), method: 'cash', amountMinor: 500, tenderedMinor: 1_000 }) },
  'payments.refund': { params: () => ({ paymentId: randomUUID(), amountMinor: 500, reason: 'Paid twice', approval }) },
  'shifts.open': { params: () => ({ floatMinor: 5_000 }) },
  'shifts.close': { params: () => ({ shiftId: randomUUID(), counts: [{ valueMinor: 1_000, count: 5 }] }) },
  'coverage.set': { params: () => ({ patientId: randomUUID(), schemeId: randomUUID(), memberNumber: 'M-1', validFrom: new Date().toISOString() }) },
  'claims.create': { params: () => ({ payerId: randomUUID(), periodFrom: '2026-01-01T00:00:00Z', periodTo: '2026-02-01T00:00:00Z' }) },
  'claims.postRemittance': { params: () => ({ claimId: randomUUID(), reference: 'RA-1', items: [{ invoiceId: randomUUID(), paidMinor: 100, rejectedMinor: 0 }] }) },
};
