import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../shared/billing/views.js';
import { applyQueued, shiftTotals } from './account-rules.js';

const invoice = (id: string, balanceMinor: number) => ({ id, paidMinor: 1_000, balanceMinor }) as InvoiceView;

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

  it('sum a shift: cash in from cash payments, cash out from cash refunds, each method counted; refused ones left out', () => {
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
});
