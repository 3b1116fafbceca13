import { describe, expect, it } from 'vitest';
import { moneyCounts, priceUnitService, unitInvoice } from '../test-support/billing-payments.js';
import { useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

let supervisor: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    supervisor = await s.signedIn(['billing_supervisor']);
    await priceUnitService(supervisor);
  },
});

describe('shifts.open, shifts.current, shifts.close, shifts.list, shifts.get', () => {
  it('opens one shift per cashier, keeps running totals, refuses a close with an unexplained variance, closes once and keeps the report', async () => {
    const cashier = await stack.signedIn(['cashier']);
    expect((await cashier.call('shifts.current', {})).shift).toBeNull();
    const { shift } = await cashier.call('shifts.open', { floatMinor: 10_000 });
    expect(shift).toMatchObject({ status: 'open', floatMinor: 10_000, closedAt: null, counts: null, totals: { payments: 0, expectedCashMinor: 10_000 } });
    const again = await cashier.callError('shifts.open', { floatMinor: 1 });
    expect([again.code, again.details?.['reason'], again.details?.['shiftId']]).toEqual(['CONFLICT', 'shift_already_open', shift.id]);
    // The database itself refuses a second open shift.
    await expect(stack.db('billing_shifts').insert({ cashier_id: shift.cashierId, float_minor: 0, opened_at: new Date() })).rejects.toThrow(/billing_shifts_one_open/);

    const { invoiceId, patientId } = await unitInvoice(stack.db, cashier, 5);
    await cashier.call('payments.take', { patientId, invoiceId, method: 'cash', amountMinor: 3_000, tenderedMinor: 5_000 });
    await cashier.call('payments.take', { patientId, invoiceId, method: 'card', amountMinor: 2_000, reference: 'TERM-0091' });
    const current = (await cashier.call('shifts.current', {})).shift!;
    expect(current.totals).toMatchObject({ payments: 2, paymentsMinor: 5_000, cashInMinor: 3_000, cashOutMinor: 0, expectedCashMinor: 13_000 });
    expect(current.totals.byMethod.find((row) => row.method === 'card')).toEqual({ method: 'card', payments: 1, paymentsMinor: 2_000, refunds: 0, refundsMinor: 0 });

    // A supervisor sees every open shift; another cashier does not read this one.
    const other = await stack.signedIn(['cashier']);
    await other.call('shifts.open', { floatMinor: 0 });
    const open = (await supervisor.call('shifts.list', {})).shifts;
    expect(open.map((row) => row.id)).toContain(shift.id);
    expect(open.find((row) => row.id === shift.id)!.totals.paymentsMinor).toBe(5_000);
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect((await other.callError('shifts.get', { shiftId: shift.id })).code).toBe('NOT_FOUND');

    // Short by 500 with no note: refused, nothing written.
    const before = await moneyCounts(stack.db);
    const counts = [{ valueMinor: 5_000, count: 2 }, { valueMinor: 1_000, count: 2 }, { valueMinor: 500, count: 1 }];
    const unexplained = await cashier.callError('shifts.close', { shiftId: shift.id, counts });
    expect(unexplained.code).toBe('VALIDATION');
    expect(unexplained.details?.['fields']).toEqual({ varianceNote: 'is required: the drawer is short by 500' });
    const twice = await cashier.callError('shifts.close', { shiftId: shift.id, counts: [{ valueMinor: 1_000, count: 1 }, { valueMinor: 1_000, count: 1 }] });
    expect(twice.code).toBe('VALIDATION');
    expect((await other.callError('shifts.close', { shiftId: shift.id, counts, varianceNote: 'x' })).code).toBe('NOT_FOUND');
    expect(await moneyCounts(stack.db)).toEqual(before);
    expect((await cashier.call('shifts.current', {})).shift!.status).toBe('open');

    const { shift: closed } = await cashier.call('shifts.close', { shiftId: shift.id, counts, varianceNote: 'A 500 coin given as change twice' });
    expect(closed).toMatchObject({ status: 'closed', expectedCashMinor: 13_000, countedCashMinor: 12_500, varianceMinor: -500, varianceNote: 'A 500 coin given as change twice', counts });
    expect(closed.totals).toEqual(current.totals);
    const double = await cashier.callError('shifts.close', { shiftId: shift.id, counts, varianceNote: 'again' });
    expect([double.code, double.details?.['reason']]).toEqual(['CONFLICT', 'shift_closed']);
    expect((await supervisor.call('shifts.get', { shiftId: shift.id })).shift).toEqual(closed);
    expect((await cashier.call('shifts.get', { shiftId: shift.id })).shift).toEqual(closed);
    expect((await supervisor.call('shifts.list', { status: 'closed' })).shifts.map((row) => row.id)).toContain(shift.id);
    expect((await supervisor.call('shifts.list', {})).shifts.map((row) => row.id)).not.toContain(shift.id);
    expect(await stack.db('audit_log').where({ action: 'shifts.close', entity_id: shift.id }).count('* as n')).toEqual([{ n: 1 }]);

    // After the close no payment is taken without a new shift; the closed shift is never changed.
    const none = await cashier.callError('payments.take', { patientId, method: 'cash', amountMinor: 100 });
    expect([none.code, none.details?.['reason']]).toEqual(['CONFLICT', 'no_open_shift']);
    await expect(stack.db('billing_shifts').where({ id: shift.id }).update({ variance_note: 'rewritten' })).rejects.toThrow();
    await expect(stack.db('billing_shifts').where({ id: shift.id }).delete()).rejects.toThrow();
    const { shift: next } = await cashier.call('shifts.open', { floatMinor: 2_000 });
    expect(next.id).not.toBe(shift.id);
  });

  it('a count matching the drawer (float + cash taken) needs no note', async () => {
    const cashier = await stack.signedIn(['cashier']);
    const { shift } = await cashier.call('shifts.open', { floatMinor: 1_000 });
    const { patientId } = await unitInvoice(stack.db, cashier, 1);
    await cashier.call('payments.take', { patientId, method: 'cash', amountMinor: 700 });
    const { shift: closed } = await cashier.call('shifts.close', { shiftId: shift.id, counts: [{ valueMinor: 100, count: 17 }] });
    expect(closed).toMatchObject({ expectedCashMinor: 1_700, countedCashMinor: 1_700, varianceMinor: 0, varianceNote: null });
  });
});
