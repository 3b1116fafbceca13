import { describe, expect, it } from 'vitest';
import { moneyCounts, paymentsCast, unitInvoice } from '../test-support/billing-payments.js';
import { TEST_PASSWORD, createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let supervisor: TestClient;
let approver: TestUser;
let cashier: TestClient;
const stack = useTestStack({ setup: async (s) => { ({ supervisor, approver, cashier } = await paymentsCast(s, 'payments.approver')); } });

const year = new Date().getUTCFullYear();
const sequencesOf = async (key: string, from: number) => (await stack.db('billing_payments').where({ series_key: key }).where('sequence', '>=', from).orderBy('sequence').pluck('sequence')).map(Number);
const nextOf = async (key: string) => Number(((await stack.db('billing_number_series').where({ series_key: key }).first('next_number')) as { next_number: number } | undefined)?.next_number ?? 1);

describe('payments.take', () => {
  it('gives change for cash, takes part of an invoice, refuses more than its balance, and invoices.get shows what is paid', async () => {
    const { patientId, invoiceId } = await unitInvoice(stack.db, cashier, 10);
    const cash = await cashier.call('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 4_000, tenderedMinor: 5_000 });
    expect(cash.payment).toMatchObject({ kind: 'payment', invoiceId, method: 'cash', amountMinor: 4_000, tenderedMinor: 5_000, changeMinor: 1_000, offlineDeskCode: null, flags: [] });
    expect(cash.payment.receiptNumber).toMatch(new RegExp(`^RCT-${year}-\\d{6}$`));
    expect(cash.balanceMinor).toBe(6_000);
    const mobile = await cashier.call('payments.take', { patientId, invoiceId, method: 'mobile_money', amountMinor: 2_500, reference: 'MPESA-QX81' });
    expect([mobile.payment.reference, mobile.balanceMinor]).toEqual(['MPESA-QX81', 3_500]);

    const before = await moneyCounts(stack.db);
    const over = await cashier.callError('payments.take', { patientId, invoiceId, method: 'bank_transfer', amountMinor: 3_501 });
    expect([over.code, over.details?.['reason'], over.details?.['balanceMinor']]).toEqual(['CONFLICT', 'exceeds_balance', 3_500]);
    const noReference = await cashier.callError('payments.take', { patientId, invoiceId, method: 'card', amountMinor: 100 });
    expect(noReference.details?.['fields']).toEqual({ reference: 'is required: the card terminal\'s reference' });
    const short = await cashier.callError('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 1_000, tenderedMinor: 900 });
    expect(short.details?.['fields']).toEqual({ tenderedMinor: 'is 100 short of the amount' });
    const other = await insertTestPatient(stack.db);
    const foreign = await cashier.callError('payments.take', { patientId: other.id, invoiceId, method: 'cash', amountMinor: 100 });
    expect(foreign.details?.['fields']).toEqual({ invoiceId: 'is not an invoice of this patient' });
    const supervisorPays = await supervisor.callError('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 100 });
    expect(supervisorPays.code).toBe('FORBIDDEN');
    expect(await moneyCounts(stack.db)).toEqual(before);

    const { invoice } = await cashier.call('invoices.get', { invoiceId });
    expect(invoice).toMatchObject({ status: 'issued', patientMinor: 10_000, paidMinor: 6_500, creditedMinor: 0, balanceMinor: 3_500 });
    expect(invoice.payments.map((payment) => payment.id)).toEqual([cash.payment.id, mobile.payment.id]);
    expect(await stack.db('audit_log').where({ action: 'payments.take', entity_id: patientId }).count('* as n')).toEqual([{ n: 2 }]);
    await expect(stack.db('billing_payments').where({ id: cash.payment.id }).update({ amount_minor: 1 })).rejects.toThrow();
  });

  it('holds a deposit on the patient\'s account and applies it to a later invoice, oldest first, up to the balance', async () => {
    const patient = await insertTestPatient(stack.db);
    const first = await cashier.call('payments.take', { patientId: patient.id, method: 'cash', amountMinor: 3_000 });
    const second = await cashier.call('payments.take', { patientId: patient.id, method: 'bank_transfer', amountMinor: 4_000, reference: 'EFT 22' });
    expect([first.balanceMinor, first.payment.invoiceId, first.payment.unappliedMinor, second.depositBalanceMinor]).toEqual([null, null, 3_000, 7_000]);
    const nothing = await cashier.callError('payments.applyDeposit', { invoiceId: (await unitInvoice(stack.db, cashier, 1)).invoiceId });
    expect([nothing.code, nothing.details?.['reason']]).toEqual(['CONFLICT', 'nothing_to_apply']);

    await cashier.call('charges.add', { patientId: patient.id, serviceCode: 'PAY-UNIT', quantity: 5 });
    const { invoice } = await cashier.call('invoices.create', { patientId: patient.id, kind: 'final' });
    const applied = await cashier.call('payments.applyDeposit', { invoiceId: invoice.id });
    expect(applied.applications.map((row) => [row.depositId, row.amountMinor])).toEqual([[first.payment.id, 3_000], [second.payment.id, 2_000]]);
    expect([applied.balanceMinor, applied.depositBalanceMinor]).toEqual([0, 2_000]);
    const read = (await cashier.call('invoices.get', { invoiceId: invoice.id })).invoice;
    expect([read.paidMinor, read.balanceMinor, read.depositsApplied.length]).toEqual([5_000, 0, 2]);
    const again = await cashier.callError('payments.applyDeposit', { invoiceId: invoice.id });
    expect(again.details?.['reason']).toBe('nothing_to_apply');
    const listed = await cashier.call('payments.forPatient', { patientId: patient.id });
    expect([listed.depositBalanceMinor, listed.payments.find((row) => row.id === second.payment.id)!.unappliedMinor]).toEqual([2_000, 2_000]);
    expect(await stack.db('audit_log').where({ action: 'payments.forPatient', entity_id: patient.id }).count('* as n')).toEqual([{ n: 1 }]);
  });

  it('never overpays an invoice online with ten cashiers paying it at once on their own connections, and numbers their receipts without a gap', async () => {
    const cashiers = await Promise.all(Array.from({ length: 10 }, () => stack.resumed(['cashier'])));
    await Promise.all(cashiers.map((client) => client.call('shifts.open', { floatMinor: 0 })));
    const { patientId, invoiceId } = await unitInvoice(stack.db, cashier, 10);
    const key = `receipt/${year}`;
    const first = await nextOf(key);
    const outcomes = await Promise.allSettled(cashiers.map((client) => client.call('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 3_000 })));
    const taken = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(taken).toHaveLength(3);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect((outcome.reason as { details: { reason: string } }).details.reason).toBe('exceeds_balance');
    const { invoice } = await cashier.call('invoices.get', { invoiceId });
    expect([invoice.paidMinor, invoice.balanceMinor]).toEqual([9_000, 1_000]);
    expect(await sequencesOf(key, first)).toEqual([first, first + 1, first + 2]);
  });

  it('numbers receipts gaplessly with twenty cashiers taking deposits at once', async () => {
    const cashiers = await Promise.all(Array.from({ length: 20 }, () => stack.resumed(['cashier'])));
    await Promise.all(cashiers.map((client) => client.call('shifts.open', { floatMinor: 0 })));
    const patients = await Promise.all(cashiers.map(() => insertTestPatient(stack.db)));
    const key = `receipt/${year}`;
    const first = await nextOf(key);
    const results = await Promise.all(cashiers.map((client, index) => client.call('payments.take', { patientId: patients[index]!.id, method: 'cash', amountMinor: 100 + index })));
    const sequences = await sequencesOf(key, first);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, index) => first + index));
    expect(new Set(results.map((result) => result.payment.receiptNumber)).size).toBe(20);
  });
});

describe('payments.refund', () => {
  it('is refused without an approval and with a wrong one, done with a supervisor\'s, never past what was paid less earlier refunds', async () => {
    const { patientId, invoiceId } = await unitInvoice(stack.db, cashier, 5);
    const { payment } = await cashier.call('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 5_000 });
    const otherCashier = await createTestUser(stack.db, 'refund.cashier', ['cashier']);
    const before = await moneyCounts(stack.db);
    const without = await cashier.callError('payments.refund', { paymentId: payment.id, amountMinor: 1_000, reason: 'Overcharged' });
    expect([without.code, without.details?.['reason']]).toEqual(['FORBIDDEN', 'approval_required']);
    const wrong = await cashier.callError('payments.refund', { paymentId: payment.id, amountMinor: 1_000, reason: 'Overcharged', approval: { username: approver.username, password: 'not the password' } });
    expect([wrong.code, wrong.details?.['reason']]).toEqual(['FORBIDDEN', 'approval_refused']);
    const notSupervisor = await cashier.callError('payments.refund', { paymentId: payment.id, amountMinor: 1_000, reason: 'Overcharged', approval: { username: otherCashier.username, password: TEST_PASSWORD } });
    expect(notSupervisor.details?.['reason']).toBe('approval_refused');
    expect(await moneyCounts(stack.db)).toEqual(before);

    const approval = { username: approver.username, password: TEST_PASSWORD };
    const { refund } = await cashier.call('payments.refund', { paymentId: payment.id, amountMinor: 2_000, reason: 'Overcharged', approval });
    expect(refund).toMatchObject({ kind: 'refund', refundOf: payment.id, invoiceId, amountMinor: 2_000, method: 'cash', reason: 'Overcharged', approvedByName: `Test ${approver.username}` });
    expect(refund.receiptNumber).toMatch(new RegExp(`^RFD-${year}-\\d{6}$`));
    const beyond = await cashier.callError('payments.refund', { paymentId: payment.id, amountMinor: 3_001, reason: 'Again', approval });
    expect([beyond.code, beyond.details?.['reason'], beyond.details?.['refundableMinor']]).toEqual(['CONFLICT', 'exceeds_refundable', 3_000]);
    expect((await cashier.callError('payments.refund', { paymentId: refund.id, amountMinor: 1, reason: 'x', approval })).details?.['reason']).toBe('is_refund');

    const { invoice } = await cashier.call('invoices.get', { invoiceId });
    expect([invoice.paidMinor, invoice.balanceMinor]).toEqual([3_000, 2_000]);
    const shift = (await cashier.call('shifts.current', {})).shift!;
    expect(shift.totals.refundsMinor).toBeGreaterThanOrEqual(2_000);
    const audit = await stack.db('audit_log').where({ action: 'payments.refund', entity_id: patientId }).first('after');
    expect((audit as { after: { approvedBy: string } }).after.approvedBy).toBe(approver.username);
  });

  it('refunds of a deposit stop at what is not yet applied', async () => {
    const patient = await insertTestPatient(stack.db);
    const { payment } = await cashier.call('payments.take', { patientId: patient.id, method: 'cash', amountMinor: 3_000 });
    await cashier.call('charges.add', { patientId: patient.id, serviceCode: 'PAY-UNIT', quantity: 2 });
    const { invoice } = await cashier.call('invoices.create', { patientId: patient.id, kind: 'final' });
    await cashier.call('payments.applyDeposit', { invoiceId: invoice.id });
    const approval = { username: approver.username, password: TEST_PASSWORD };
    const beyond = await cashier.callError('payments.refund', { paymentId: payment.id, amountMinor: 1_001, reason: 'Leaving', approval });
    expect(beyond.details?.['refundableMinor']).toBe(1_000);
    await cashier.call('payments.refund', { paymentId: payment.id, amountMinor: 1_000, reason: 'Leaving', approval });
    expect((await cashier.call('payments.forPatient', { patientId: patient.id })).depositBalanceMinor).toBe(0);
  });
});
