import { describe, expect, it } from 'vitest';
import { moneyCounts, paymentsCast, unitInvoice } from '../test-support/billing-payments.js';
import { TEST_PASSWORD, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let supervisor: TestClient;
let approver: TestUser;
let cashier: TestClient;
const stack = useTestStack({ setup: async (s) => { ({ supervisor, approver, cashier } = await paymentsCast(s, 'offline.approver')); } });

const year = new Date().getUTCFullYear();
const receipt = (sequence: number) => ({ deskCode: 'CSH1', number: `CSH1-RCT-${year}-${String(sequence).padStart(6, '0')}`, takenAt: new Date(Date.now() - 3_600_000).toISOString() });
const approval = () => ({ username: approver.username, password: TEST_PASSWORD });

describe('offline payments replayed', () => {
  it('keep the desk\'s receipt number, answer a replay the same writing nothing twice, and refuse the number for other money', async () => {
    const { patientId, invoiceId } = await unitInvoice(stack.db, cashier, 4);
    const params = { patientId, invoiceId, method: 'cash' as const, amountMinor: 1_500, tenderedMinor: 2_000, offlineReceipt: receipt(1) };
    const first = await cashier.call('payments.take', params);
    expect(first.payment).toMatchObject({ receiptNumber: 'CSH1-RCT-' + year + '-000001', offlineDeskCode: 'CSH1', takenAt: params.offlineReceipt.takenAt, changeMinor: 500, flags: [] });
    const before = await moneyCounts(stack.db);
    const replays = await Promise.all([cashier.call('payments.take', params), (await stack.resumed(['cashier'])).call('payments.take', params)]);
    for (const replay of replays) expect(replay).toEqual(first);
    const after = await moneyCounts(stack.db);
    expect({ ...after, audit_log: before.audit_log }).toEqual(before);
    const taken = await cashier.callError('payments.take', { ...params, amountMinor: 1_400 });
    expect([taken.code, taken.details?.['reason'], taken.details?.['paymentId']]).toEqual(['CONFLICT', 'receipt_number_taken', first.payment.id]);
    const notDesks = await cashier.callError('payments.take', { ...params, offlineReceipt: { ...receipt(2), deskCode: 'CSH2' } });
    expect(notDesks.code).toBe('VALIDATION');
  });

  it('keep an overpayment and a payment against a voided invoice as money received, flagged into the conflicts inbox', async () => {
    const { patientId, invoiceId } = await unitInvoice(stack.db, cashier, 2);
    const over = await cashier.call('payments.take', { patientId, invoiceId, method: 'mobile_money', amountMinor: 2_600, reference: 'MM-77', offlineReceipt: receipt(10) });
    expect([over.payment.flags, over.balanceMinor]).toEqual([['overpayment'], -600]);

    const voided = await unitInvoice(stack.db, cashier, 3);
    const { invoice: voidInvoice } = await cashier.call('invoices.void', { invoiceId: voided.invoiceId, reason: 'Wrong patient', approval: approval() });
    expect([voidInvoice.status, voidInvoice.balanceMinor, voidInvoice.voidReason]).toEqual(['void', 0, 'Wrong patient']);
    const online = await cashier.callError('payments.take', { patientId: voided.patientId, invoiceId: voided.invoiceId, method: 'cash', amountMinor: 100 });
    expect([online.code, online.details?.['reason']]).toEqual(['CONFLICT', 'invoice_void']);
    const offVoid = await cashier.call('payments.take', { patientId: voided.patientId, invoiceId: voided.invoiceId, method: 'cash', amountMinor: 3_000, offlineReceipt: receipt(11) });
    expect(offVoid.payment.flags).toEqual(['invoice_void']);

    const { conflicts } = await cashier.call('payments.conflicts', {});
    const mine = conflicts.filter((conflict) => [over.payment.id, offVoid.payment.id].includes(conflict.payment.id));
    expect(mine.map((conflict) => [conflict.reason, conflict.excessMinor])).toEqual([['overpayment', 600], ['invoice_void', 3_000]]);
    const { conflict } = await supervisor.call('payments.resolveConflict', { conflictId: mine[0]!.id, resolution: 'Excess 600 refunded on RFD' });
    expect([conflict.resolvedByName !== null, conflict.resolution]).toEqual([true, 'Excess 600 refunded on RFD']);
    expect((await cashier.call('payments.conflicts', {})).conflicts.map((row) => row.id)).not.toContain(mine[0]!.id);
    expect((await cashier.call('payments.conflicts', { status: 'all' })).conflicts.map((row) => row.id)).toContain(mine[0]!.id);
    expect((await supervisor.callError('payments.resolveConflict', { conflictId: mine[0]!.id, resolution: 'again' })).details?.['reason']).toBe('already_resolved');
    expect((await cashier.callError('payments.resolveConflict', { conflictId: mine[1]!.id, resolution: 'x' })).code).toBe('FORBIDDEN');
  });

  it('without an open shift a replay is refused (it waits in the desk\'s inbox) and nothing is written', async () => {
    const lone = await stack.signedIn(['cashier']);
    const { patientId, invoiceId } = await unitInvoice(stack.db, cashier, 1);
    const before = await moneyCounts(stack.db);
    const error = await lone.callError('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 500, offlineReceipt: { ...receipt(1), deskCode: 'CSH9', number: `CSH9-RCT-${year}-000001` } });
    expect([error.code, error.details?.['reason']]).toEqual(['CONFLICT', 'no_open_shift']);
    expect(await moneyCounts(stack.db)).toEqual(before);
  });
});

describe('invoices.adjust and invoices.void', () => {
  it('credits an invoiced charge by a credit note, discounts and writes off, each approved, never past the balance', async () => {
    const { patientId, invoiceId, chargeId } = await unitInvoice(stack.db, cashier, 6);
    const before = await moneyCounts(stack.db);
    const unapproved = await cashier.callError('invoices.adjust', { invoiceId, kind: 'discount', amountMinor: 500, reason: 'Staff' });
    expect(unapproved.details?.['reason']).toBe('approval_required');
    const noCharges = await cashier.callError('invoices.adjust', { invoiceId, kind: 'credit_note', reason: 'x', approval: approval() });
    expect(noCharges.details?.['fields']).toEqual({ chargeIds: 'is required for a credit note' });
    const tooMuch = await cashier.callError('invoices.adjust', { invoiceId, kind: 'write_off', amountMinor: 6_001, reason: 'Destitute', approval: approval() });
    expect(tooMuch.details?.['reason']).toBe('exceeds_balance');
    expect(await moneyCounts(stack.db)).toEqual(before);

    const discount = await cashier.call('invoices.adjust', { invoiceId, kind: 'discount', amountMinor: 500, reason: 'Staff', approval: approval() });
    expect(discount.adjustment).toMatchObject({ kind: 'discount', amountMinor: 500, chargeIds: [], approvedByName: `Test ${approver.username}` });
    expect(discount.adjustment.number).toMatch(new RegExp(`^CRN-${year}-\\d{6}$`));
    await cashier.call('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 5_000 });
    // The charge (6,000) is more than is left to pay (500): refund before crediting it.
    expect((await cashier.callError('invoices.adjust', { invoiceId, kind: 'credit_note', chargeIds: [chargeId], reason: 'Not done', approval: approval() })).details?.['reason']).toBe('exceeds_balance');
    const written = await supervisor.call('invoices.adjust', { invoiceId, kind: 'write_off', amountMinor: 500, reason: 'Below collection cost' });
    expect([written.invoice.creditedMinor, written.invoice.paidMinor, written.invoice.balanceMinor, written.adjustment.approvedByName]).toEqual([1_000, 5_000, 0, null]);
    expect(await stack.db('audit_log').where({ action: 'invoices.adjust', entity_id: patientId }).count('* as n')).toEqual([{ n: 2 }]);
    expect((await cashier.callError('invoices.void', { invoiceId, reason: 'x', approval: approval() })).details?.['reason']).toBe('invoice_has_money');
  });

  it('a credit note reverses charges at their patient share once', async () => {
    const { invoiceId, chargeId } = await unitInvoice(stack.db, cashier, 3);
    const { adjustment, invoice } = await supervisor.call('invoices.adjust', { invoiceId, kind: 'credit_note', chargeIds: [chargeId], reason: 'Service not given' });
    expect([adjustment.amountMinor, adjustment.chargeIds, invoice.balanceMinor]).toEqual([3_000, [chargeId], 0]);
    const twice = await supervisor.callError('invoices.adjust', { invoiceId, kind: 'credit_note', chargeIds: [chargeId], reason: 'again' });
    expect([twice.code, twice.details?.['reason'], twice.details?.['chargeIds']]).toEqual(['CONFLICT', 'already_credited', [chargeId]]);
    const other = await unitInvoice(stack.db, cashier, 1);
    const foreign = await supervisor.callError('invoices.adjust', { invoiceId: other.invoiceId, kind: 'credit_note', chargeIds: [chargeId], reason: 'x' });
    expect(foreign.details?.['fields']).toEqual({ 'chargeIds.0': 'is not a charge on this invoice' });
  });
});
