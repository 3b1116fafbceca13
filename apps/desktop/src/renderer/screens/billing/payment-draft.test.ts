import { describe, expect, it } from 'vitest';
import { checkCount, checkPayment } from './payment-draft.js';

const cash = { method: 'cash' as const, invoiceId: 'inv', amount: '', tendered: '', reference: '' };

describe('a payment as typed', () => {
  it('takes cash with the change from what was handed over; a partial payment is less than the balance', () => {
    expect(checkPayment({ ...cash, amount: '300', tendered: '500' }, 1_000_00, 2)).toEqual({ ok: true, params: { method: 'cash', amountMinor: 300_00, invoiceId: 'inv', tenderedMinor: 500_00 }, changeMinor: 200_00 });
    expect(checkPayment({ ...cash, amount: '300' }, 1_000_00, 2)).toEqual({ ok: true, params: { method: 'cash', amountMinor: 300_00, invoiceId: 'inv' }, changeMinor: 0 });
  });

  it('refuses less cash than the amount, more than the balance, nothing, and a card or mobile money without its reference', () => {
    expect(checkPayment({ ...cash, amount: '300', tendered: '200' }, 1_000_00, 2)).toEqual({ ok: false, fields: { tendered: 'Less cash was handed over than the amount paid' } });
    expect(checkPayment({ ...cash, amount: '1000.01' }, 1_000_00, 2)).toMatchObject({ ok: false, fields: { amount: 'The amount is more than the invoice\'s balance' } });
    expect(checkPayment({ ...cash, amount: '0' }, 1_000_00, 2)).toMatchObject({ ok: false });
    expect(checkPayment({ ...cash, amount: '4.505' }, 1_000_00, 2)).toMatchObject({ ok: false, fields: { amount: 'The amount has at most 2 decimal places' } });
    expect(checkPayment({ ...cash, method: 'mobile_money', amount: '100' }, 1_000_00, 2)).toEqual({ ok: false, fields: { reference: 'Enter the transaction reference' } });
    expect(checkPayment({ ...cash, method: 'card', amount: '100', reference: ' ' }, 1_000_00, 2)).toEqual({ ok: false, fields: { reference: 'Enter the terminal reference' } });
  });

  it('sends a deposit without an invoice, a reference trimmed, no tendered amount for other methods', () => {
    expect(checkPayment({ ...cash, method: 'mobile_money', invoiceId: '', amount: '2,500', tendered: '9000', reference: ' QK7H2 ' }, undefined, 2))
      .toEqual({ ok: true, params: { method: 'mobile_money', amountMinor: 2_500_00, reference: 'QK7H2' }, changeMinor: 0 });
    expect(checkPayment({ ...cash, method: 'bank_transfer', amount: '10' }, 20_00, 2)).toEqual({ ok: true, params: { method: 'bank_transfer', amountMinor: 10_00, invoiceId: 'inv' }, changeMinor: 0 });
  });
});

describe('a drawer counted by denomination', () => {
  const expected = { floatMinor: 5_000_00, cashInMinor: 1_300_00, cashOutMinor: 200_00 };
  it('adds the pieces up against float + cash in - cash out, the variance signed', () => {
    expect(checkCount({ 100_000: '6', 5_000: '1' }, [100_000, 50_000, 5_000], expected)).toEqual({
      ok: true,
      counts: [{ valueMinor: 100_000, count: 6 }, { valueMinor: 50_000, count: 0 }, { valueMinor: 5_000, count: 1 }],
      expectedMinor: 6_100_00, countedMinor: 6_050_00, varianceMinor: -50_00,
    });
    expect(checkCount({ 100_000: '6', 5_000: '2' }, [100_000, 5_000], expected)).toMatchObject({ ok: true, varianceMinor: 0 });
  });

  it('refuses a count that is not a whole number of pieces', () => {
    expect(checkCount({ 100_000: '2.5', 5_000: '-1' }, [100_000, 5_000], expected)).toEqual({ ok: false, problems: { 100_000: 'a whole number of pieces', 5_000: 'a whole number of pieces' } });
  });
});
