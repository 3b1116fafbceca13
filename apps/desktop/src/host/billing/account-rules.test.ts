import { describe, expect, it } from 'vitest';
import type { InvoiceView, PaymentView, ReceiptView, ShiftView } from '../../shared/billing/views.js';
import { applyQueued, mergeReceipts, shiftTotals, withQueued } from './account-rules.js';

const invoice = (id: string, balanceMinor: number) => ({ id, paidMinor: 1_000, balanceMinor }) as InvoiceView;

const receipt = (receiptNumber: string, patch: Partial<ReceiptView> = {}): ReceiptView => ({
  receiptNumber, patientId: 'p1', invoiceId: 'a', method: 'cash', amountMinor: 1_000, changeMinor: 0, tenderedMinor: null, reference: null,
  takenAt: '2026-03-02T09:00:00.000Z', state: 'applied', paymentId: null, shiftId: 's1', refundedMinor: 0, ...patch,
});

const payment = (receiptNumber: string, patch: Partial<PaymentView> = {}) => ({
  id: `id-${receiptNumber}`, kind: 'payment', receiptNumber, patientId: 'p1', invoiceId: 'a', shiftId: 's1', method: 'cash', amountMinor: 1_000, tenderedMinor: null,
  changeMinor: 0, reference: null, takenAt: '2026-03-02T10:00:00.000Z', refundedMinor: 0, ...patch,
}) as PaymentView;

describe('balances kept for offline payments', () => {
  it('take off an invoice\'s balance the payments waiting to send, not those the server has or refused', () => {
    const [a, b] = applyQueued([invoice('a', 5_000), invoice('b', 2_000)], [
      { invoiceId: 'a', amountMinor: 1_500, state: 'queued' },
      { invoiceId: 'a', amountMinor: 700, state: 'applied' },
      { invoiceId: 'a', amountMinor: 300, state: 'refused' },
      { invoiceId: null, amountMinor: 900, state: 'queued' },
      { invoiceId: 'a', amountMinor: 500, state: 'queued' },
    ]);
    expect(a).toMatchObject({ balanceMinor: 3_000, paidMinor: 3_000 });
    expect(b).toMatchObject({ balanceMinor: 2_000, paidMinor: 1_000 });
  });

  it('list the server\'s payments (not its refunds) and, of this desk\'s, only what the server does not have; all of this desk\'s when the server gave none', () => {
    const server = [payment('RCT-2026-000002', { refundedMinor: 200 }), payment('RFD-2026-000001', { kind: 'refund' }), payment('CSH1-RCT-2026-000001')];
    const local = [
      receipt('RCT-2026-000002', { takenAt: '2026-03-02T10:00:00.000Z' }),
      receipt('CSH1-RCT-2026-000001', { state: 'applied' }),
      receipt('CSH1-RCT-2026-000002', { state: 'queued', takenAt: '2026-03-02T11:00:00.000Z' }),
      receipt('CSH1-RCT-2026-000003', { state: 'refused', takenAt: '2026-03-02T08:00:00.000Z' }),
    ];
    expect(mergeReceipts(server, local).map((row) => [row.receiptNumber, row.state, row.refundedMinor])).toEqual([
      ['CSH1-RCT-2026-000003', 'refused', 0],
      ['CSH1-RCT-2026-000001', 'applied', 0],
      ['RCT-2026-000002', 'applied', 200],
      ['CSH1-RCT-2026-000002', 'queued', 0],
    ]);
    expect(mergeReceipts(undefined, local)).toHaveLength(4);
  });
});

describe('a shift\'s takings', () => {
  it('sum cash in from cash payments, cash out from cash refunds, each method counted; refused ones left out', () => {
    expect(shiftTotals([
      { kind: 'payment', method: 'cash', amountMinor: 2_000, state: 'applied' },
      { kind: 'payment', method: 'cash', amountMinor: 500, state: 'queued' },
      { kind: 'payment', method: 'mobile_money', amountMinor: 3_000, state: 'applied' },
      { kind: 'payment', method: 'cash', amountMinor: 9_999, state: 'refused' },
      { kind: 'refund', method: 'cash', amountMinor: 400, state: 'applied' },
      { kind: 'refund', method: 'card', amountMinor: 100, state: 'applied' },
    ])).toEqual({
      cashInMinor: 2_500,
      cashOutMinor: 400,
      byMethod: [{ method: 'cash', count: 2, totalMinor: 2_500 }, { method: 'mobile_money', count: 1, totalMinor: 3_000 }],
    });
  });

  it('add to the server\'s running totals only the payments still waiting to send (those it has are in its totals)', () => {
    const shift = {
      totals: { cashInMinor: 2_000, cashOutMinor: 400, byMethod: [{ method: 'cash', payments: 1, paymentsMinor: 2_000, refunds: 1, refundsMinor: 400 }] },
    } as unknown as ShiftView;
    expect(withQueued(shift, [
      { kind: 'payment', method: 'cash', amountMinor: 2_000, state: 'applied' },
      { kind: 'payment', method: 'cash', amountMinor: 700, state: 'queued' },
      { kind: 'payment', method: 'card', amountMinor: 1_100, state: 'queued' },
    ])).toEqual({ cashInMinor: 2_700, cashOutMinor: 400, byMethod: [{ method: 'cash', count: 2, totalMinor: 2_700 }, { method: 'card', count: 1, totalMinor: 1_100 }] });
  });
});
