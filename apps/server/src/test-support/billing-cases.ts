import type { MethodName } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { MatrixCases, MatrixContext } from './rbac-cases.js';
import { insertTestPatient } from './patients.js';
import { TEST_PASSWORD, createTestUser } from './users.js';

type BillingMethod = Extract<MethodName, `${'prices' | 'charges' | 'invoices' | 'payments' | 'shifts' | 'coverage' | 'claims'}.${string}`>;

const approval = { username: 'billing.supervisor', password: 'not checked before the method is served' };

/** A priced service in the catalogue (set through the protocol, as a supervisor would). */
async function matrixService({ db, unique }: MatrixContext): Promise<string> {
  const code = unique('SVC').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const user = await createTestUser(db, unique('bsup'), ['billing_supervisor']);
  await db('billing_services').insert({ code, name: 'Matrix service', category: 'other', created_at: new Date(), created_by: user.id });
  const cash: { id: string } = await db('billing_payers').where({ kind: 'cash' }).first('id');
  await db('billing_prices').insert({ service_code: code, payer_id: cash.id, price_minor: 1_000, effective_from: new Date(Date.now() - 60_000), set_at: new Date(), set_by: user.id });
  return code;
}

/** A manual charge of a new patient, and a supervisor's approval for a cashier's reversal of it. */
async function matrixCharge(ctx: MatrixContext): Promise<{ patientId: string; chargeId: string; approval: { username: string; password: string } }> {
  const code = await matrixService(ctx);
  const patient = await insertTestPatient(ctx.db);
  const [row] = (await ctx.db('billing_charges').insert({
    patient_id: patient.id, service_code: code, description: 'Matrix service', category: 'other', quantity: 1, unit_price_minor: 1_000, amount_minor: 1_000,
    source: 'manual', source_id: randomUUID(), at: new Date(), recorded_at: new Date(),
  }).returning('id')) as { id: string }[];
  const supervisor = await createTestUser(ctx.db, ctx.unique('bsup'), ['billing_supervisor']);
  return { patientId: patient.id, chargeId: row!.id, approval: { username: supervisor.username, password: TEST_PASSWORD } };
}

/** An invoice (of no lines: the matrix reads it back) inserted directly under a series of its own. */
async function matrixInvoice(ctx: MatrixContext): Promise<string> {
  const { patientId } = await matrixCharge(ctx);
  const user = await createTestUser(ctx.db, ctx.unique('cash'), ['cashier']);
  const key = `invoice/1998`;
  const [row] = (await ctx.db.raw(`insert into billing_number_series (series_key, next_number) values (?, 2) on conflict (series_key) do update set next_number = billing_number_series.next_number + 1 returning next_number - 1 as taken`, [key])).rows as Array<{ taken: number }>;
  const taken = row!.taken;
  const cash: { id: string } = await ctx.db('billing_payers').where({ kind: 'cash' }).first('id');
  const [invoice] = (await ctx.db('billing_invoices').insert({
    number: `INV-1998-${String(taken).padStart(6, '0')}`, series_key: key, sequence: taken, kind: 'interim', patient_id: patientId, payer_id: cash.id,
    total_minor: 1_000, payer_minor: 0, patient_minor: 1_000, issued_at: new Date(), issued_by: user.id,
  }).returning('id')) as Array<{ id: string }>;
  return invoice!.id;
}

/** RBAC matrix cases of billing (issue 15): valid params for every method of the contract. */
export const billingMatrixCases: Pick<MatrixCases, BillingMethod> = {
  'prices.list': { params: () => ({}) },
  'prices.set': { params: ({ unique }) => ({ serviceCode: unique('SVC').toUpperCase().replace(/[^A-Z0-9]/g, ''), service: { name: 'Matrix service', category: 'other' }, priceMinor: 1_000 }) },
  'charges.forPatient': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'charges.add': { params: async (ctx) => ({ patientId: (await insertTestPatient(ctx.db)).id, serviceCode: await matrixService(ctx), quantity: 1 }) },
  'charges.reverse': { params: async (ctx) => {
    const { chargeId, approval: supervisor } = await matrixCharge(ctx);
    return { chargeId, approval: supervisor, reason: 'Entered twice' };
  } },
  'invoices.create': { params: async (ctx) => ({ patientId: (await matrixCharge(ctx)).patientId, kind: 'interim' }) },
  'invoices.get': { params: async (ctx) => ({ invoiceId: await matrixInvoice(ctx) }) },
  'payments.take': { params: () => ({ patientId: randomUUID(), method: 'cash', amountMinor: 500, tenderedMinor: 1_000 }) },
  'payments.refund': { params: () => ({ paymentId: randomUUID(), amountMinor: 500, reason: 'Paid twice', approval }) },
  'shifts.open': { params: () => ({ floatMinor: 5_000 }) },
  'shifts.close': { params: () => ({ shiftId: randomUUID(), counts: [{ valueMinor: 1_000, count: 5 }] }) },
  'shifts.current': { params: () => ({}) },
  'shifts.list': { params: () => ({}) },
  'shifts.get': { params: () => ({ shiftId: randomUUID() }) },
  'payments.forPatient': { params: () => ({ patientId: randomUUID() }) },
  'payments.applyDeposit': { params: () => ({ invoiceId: randomUUID() }) },
  'payments.conflicts': { params: () => ({}) },
  'payments.resolveConflict': { params: () => ({ conflictId: randomUUID(), resolution: 'Excess refunded' }) },
  'invoices.adjust': { params: () => ({ invoiceId: randomUUID(), kind: 'discount', amountMinor: 100, reason: 'Staff discount', approval }) },
  'invoices.void': { params: () => ({ invoiceId: randomUUID(), reason: 'Issued to the wrong patient', approval }) },
  'coverage.set': { params: () => ({ patientId: randomUUID(), schemeId: randomUUID(), memberNumber: 'M-1', validFrom: new Date().toISOString() }) },
  'claims.create': { params: () => ({ payerId: randomUUID(), periodFrom: '2026-01-01T00:00:00Z', periodTo: '2026-02-01T00:00:00Z' }) },
  'claims.postRemittance': { params: () => ({ claimId: randomUUID(), reference: 'RA-1', items: [{ invoiceId: randomUUID(), paidMinor: 100, rejectedMinor: 0 }] }) },
};
