import type { MethodName } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { MatrixCases, MatrixContext } from './rbac-cases.js';
import { insertTestPatient } from './patients.js';
import { TEST_PASSWORD, createTestUser } from './users.js';

type BillingMethod = Extract<MethodName, `${'prices' | 'charges' | 'invoices' | 'payments' | 'shifts' | 'coverage' | 'claims' | 'payers' | 'schemes'}.${string}`>;

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

/** The matrix cashier's open shift (opened if none): payments, refunds and closes happen in it. */
async function matrixShift({ db }: MatrixContext, username = 'matrix.cashier'): Promise<string> {
  const user: { id: string } = await db('users').where({ username }).first('id');
  const open: { id: string } | undefined = await db('billing_shifts').where({ cashier_id: user.id }).whereNull('closed_at').first('id');
  if (open !== undefined) return open.id;
  const [row] = (await db('billing_shifts').insert({ cashier_id: user.id, float_minor: 5_000, opened_at: new Date() }).returning('id')) as Array<{ id: string }>;
  return row!.id;
}

/** A deposit of a patient (a new one unless given) taken in a shift, inserted directly. */
async function matrixDeposit(ctx: MatrixContext, shiftId: string, patientId?: string): Promise<{ paymentId: string; patientId: string }> {
  const patient = patientId ?? (await insertTestPatient(ctx.db)).id;
  const shift: { cashier_id: string } = await ctx.db('billing_shifts').where({ id: shiftId }).first('cashier_id');
  const [row] = (await ctx.db('billing_payments').insert({
    kind: 'payment', receipt_number: ctx.unique('MATRIX-RCT'), series_key: ctx.unique('matrix'), sequence: 1, patient_id: patient, shift_id: shiftId, method: 'cash',
    amount_minor: 2_000, taken_at: new Date(), recorded_at: new Date(), taken_by: shift.cashier_id,
  }).returning('id')) as Array<{ id: string }>;
  return { paymentId: row!.id, patientId: patient };
}

/** Another cashier's open shift, for setups that must not touch the matrix cashier's. */
async function otherShift(ctx: MatrixContext): Promise<string> {
  const user = await createTestUser(ctx.db, ctx.unique('cash'), ['cashier']);
  return matrixShift(ctx, user.username);
}

async function supervisorApproval(ctx: MatrixContext) {
  const supervisor = await createTestUser(ctx.db, ctx.unique('bsup'), ['billing_supervisor']);
  return { username: supervisor.username, password: TEST_PASSWORD };
}

/** An insurer with a full-cover scheme (inserted directly), and a supervisor who saved it. */
async function matrixScheme(ctx: MatrixContext): Promise<{ payerId: string; schemeId: string; versionId: string; userId: string }> {
  const user = await createTestUser(ctx.db, ctx.unique('bsup'), ['billing_supervisor']);
  const code = ctx.unique('INS').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 30);
  const [payer] = (await ctx.db('billing_payers').insert({ code, name: 'Matrix insurer', kind: 'insurance' }).returning('id')) as Array<{ id: string }>;
  const [scheme] = (await ctx.db('billing_schemes').insert({ payer_id: payer!.id, code, created_at: new Date() }).returning('id')) as Array<{ id: string }>;
  const [version] = (await ctx.db('billing_scheme_versions').insert({
    scheme_id: scheme!.id, version: 1, name: 'Matrix scheme', rule_kind: 'full_cover', excluded_services: [], excluded_categories: [],
    pre_authorisation_required: false, active: true, saved_at: new Date(), saved_by: user.id,
  }).returning('id')) as Array<{ id: string }>;
  return { payerId: payer!.id, schemeId: scheme!.id, versionId: version!.id, userId: user.id };
}

/** A number of a series of the distant past, so the matrix never touches this year's series. */
async function matrixNumber(ctx: MatrixContext, key: string): Promise<number> {
  const [row] = (await ctx.db.raw(`insert into billing_number_series (series_key, next_number) values (?, 2) on conflict (series_key) do update set next_number = billing_number_series.next_number + 1 returning next_number - 1 as taken`, [key])).rows as Array<{ taken: number }>;
  return row!.taken;
}

/** An insured invoice (payer share 1,000) issued an hour ago, not claimed yet. */
async function matrixInsuredInvoice(ctx: MatrixContext): Promise<{ payerId: string; invoiceId: string; userId: string }> {
  const scheme = await matrixScheme(ctx);
  const patient = await insertTestPatient(ctx.db);
  const [coverage] = (await ctx.db('billing_coverages').insert({
    patient_id: patient.id, scheme_id: scheme.schemeId, member_number: 'MX-1', valid_from: new Date(Date.now() - 86_400_000), recorded_at: new Date(), recorded_by: scheme.userId,
  }).returning('id')) as Array<{ id: string }>;
  const sequence = await matrixNumber(ctx, 'invoice/1997');
  const [invoice] = (await ctx.db('billing_invoices').insert({
    number: `INV-1997-${String(sequence).padStart(6, '0')}`, series_key: 'invoice/1997', sequence, kind: 'final', patient_id: patient.id, payer_id: scheme.payerId,
    total_minor: 1_000, payer_minor: 1_000, patient_minor: 0, issued_at: new Date(Date.now() - 3_600_000), issued_by: scheme.userId,
  }).returning('id')) as Array<{ id: string }>;
  await ctx.db('billing_invoice_coverage').insert({ invoice_id: invoice!.id, coverage_id: coverage!.id, scheme_id: scheme.schemeId, scheme_version_id: scheme.versionId, member_number: 'MX-1', limit_year: 1997, over_limit_minor: 0 });
  return { payerId: scheme.payerId, invoiceId: invoice!.id, userId: scheme.userId };
}

/** A claim of one insured invoice, submitted when asked. */
async function matrixClaim(ctx: MatrixContext, submitted: boolean): Promise<{ claimId: string; invoiceId: string }> {
  const { payerId, invoiceId, userId } = await matrixInsuredInvoice(ctx);
  const sequence = await matrixNumber(ctx, 'claim/1997');
  const [claim] = (await ctx.db('billing_claims').insert({
    number: `CLM-1997-${String(sequence).padStart(6, '0')}`, series_key: 'claim/1997', sequence, payer_id: payerId,
    period_from: new Date(Date.now() - 86_400_000), period_to: new Date(), created_at: new Date(), created_by: userId,
  }).returning('id')) as Array<{ id: string }>;
  await ctx.db('billing_claim_items').insert({ claim_id: claim!.id, invoice_id: invoiceId, claimed_minor: 1_000 });
  if (submitted) await ctx.db('billing_claim_submissions').insert({ claim_id: claim!.id, submitted_at: new Date(), submitted_by: userId });
  return { claimId: claim!.id, invoiceId };
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
  'payments.take': { params: async (ctx) => {
    await matrixShift(ctx);
    return { patientId: (await insertTestPatient(ctx.db)).id, method: 'cash', amountMinor: 500, tenderedMinor: 1_000 };
  } },
  'payments.refund': { params: async (ctx) => {
    const { paymentId } = await matrixDeposit(ctx, await matrixShift(ctx));
    return { paymentId, amountMinor: 500, reason: 'Paid twice', approval: await supervisorApproval(ctx) };
  } },
  'shifts.open': { params: () => ({ floatMinor: 5_000 }), freshUser: true },
  'shifts.close': { params: async (ctx) => ({ shiftId: await matrixShift(ctx), counts: [{ valueMinor: 1_000, count: 5 }], varianceNote: 'Matrix count' }) },
  'shifts.current': { params: () => ({}) },
  'shifts.list': { params: () => ({}) },
  'shifts.get': { params: async (ctx) => ({ shiftId: await matrixShift(ctx) }) },
  'payments.forPatient': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'payments.applyDeposit': { params: async (ctx) => {
    const invoiceId = await matrixInvoice(ctx);
    const invoice: { patient_id: string } = await ctx.db('billing_invoices').where({ id: invoiceId }).first('patient_id');
    await matrixDeposit(ctx, await otherShift(ctx), invoice.patient_id);
    return { invoiceId };
  } },
  'payments.conflicts': { params: () => ({}) },
  'payments.resolveConflict': { params: async (ctx) => {
    const { paymentId } = await matrixDeposit(ctx, await otherShift(ctx));
    const [row] = (await ctx.db('billing_payment_conflicts').insert({ payment_id: paymentId, reason: 'overpayment', excess_minor: 500, detected_at: new Date() }).returning('id')) as Array<{ id: string }>;
    return { conflictId: row!.id, resolution: 'Excess refunded' };
  } },
  'invoices.adjust': { params: async (ctx) => ({ invoiceId: await matrixInvoice(ctx), kind: 'discount', amountMinor: 100, reason: 'Staff discount', approval: await supervisorApproval(ctx) }) },
  'invoices.void': { params: async (ctx) => ({ invoiceId: await matrixInvoice(ctx), reason: 'Issued to the wrong patient', approval: await supervisorApproval(ctx) }) },
  'coverage.set': { params: async (ctx) => ({ patientId: (await insertTestPatient(ctx.db)).id, schemeId: (await matrixScheme(ctx)).schemeId, memberNumber: 'M-1', validFrom: new Date().toISOString() }) },
  'claims.create': { params: async (ctx) => ({ payerId: (await matrixInsuredInvoice(ctx)).payerId, periodFrom: new Date(Date.now() - 86_400_000).toISOString(), periodTo: new Date(Date.now() + 60_000).toISOString() }) },
  'claims.postRemittance': { params: async (ctx) => {
    const { claimId, invoiceId } = await matrixClaim(ctx, true);
    return { claimId, reference: 'RA-1', items: [{ invoiceId, paidMinor: 1_000, rejectedMinor: 0 }] };
  } },
  'payers.list': { params: () => ({}) },
  'payers.save': { params: ({ unique }) => ({ code: unique('PAY').toUpperCase().replace(/[^A-Z0-9]/g, ''), name: 'Matrix insurer', kind: 'insurance' }) },
  'schemes.list': { params: () => ({}) },
  'schemes.save': { params: async (ctx) => ({ payerId: (await matrixScheme(ctx)).payerId, code: ctx.unique('SCH').toUpperCase().replace(/[^A-Z0-9]/g, ''), name: 'Matrix scheme', rule: { kind: 'full_cover' }, annualLimitMinor: null }) },
  'coverage.list': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'claims.list': { params: () => ({}) },
  'claims.get': { params: async (ctx) => ({ claimId: (await matrixClaim(ctx, false)).claimId }) },
  'claims.submit': { params: async (ctx) => ({ claimId: (await matrixClaim(ctx, false)).claimId }) },
  'claims.export': { params: async (ctx) => ({ claimId: (await matrixClaim(ctx, false)).claimId, format: 'csv' }) },
};
