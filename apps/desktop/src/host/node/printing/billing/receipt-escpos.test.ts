import { describe, expect, it } from 'vitest';
import { paymentReceiptOf } from '../../../../shared/printing/billing/builders.js';
import { PaymentReceiptDocumentSchema } from '../../../../shared/printing/billing/documents.js';
import { context, invoiceOf, patient, payment, refund, settings, visitCharges } from '../../../test-support/billing-fixtures.js';
import { readEscPos, receiptText } from '../../../test-support/escpos-read.js';
import { encodeOn, PC858, printsOn } from '../escpos-code-pages.js';
import { paymentReceiptEscPos } from './receipt-escpos.js';
import { pairLines, wrap } from './receipt-text.js';

// The thermal receipt read back from its bytes as the paper shows it: every line within the
// paper's width, the figures that matter on their lines, the receipt number as a code, a cut.

const cash = payment(7, 'cash', 200_000, { changeMinor: 50_000 });
const invoice = invoiceOf(visitCharges, { payments: [cash] });
const receipt = (more: Partial<Parameters<typeof paymentReceiptOf>[0]> = {}) =>
  paymentReceiptOf({ payment: cash, patient, cashier: 'Rita Cashier', invoice, settings, ...more });
const pad = (label: string, value: string, width: number) => `${label}${' '.repeat(width - label.length - value.length)}${value}`;

describe('the payment receipt on the thermal roll', () => {
  it.each([32, 48])('prints every line within %i columns, the figures on their own lines, and ends with a cut', (columns) => {
    const reading = readEscPos(paymentReceiptEscPos(receipt(), context, columns));
    const text = receiptText(reading);
    expect(reading.initialised).toBe(true);
    expect(reading.codePage).toBe(19);
    for (const line of reading.lines) expect(line.text.length * line.width, `"${line.text}"`).toBeLessThanOrEqual(columns);
    const header = reading.lines.find((line) => line.text.startsWith('St. Mary'))!;
    expect(header).toMatchObject({ bold: true, height: 2, align: 'center' });
    for (const expected of [
      pad('Receipt No.', 'RCT-2026-000007', columns),
      // 11:12 UTC is 14:12 in Nairobi: the hospital's wall clock, whatever the workstation's zone.
      pad('Date', '2 Mar 2026 14:12', columns),
      pad('Cashier', 'Rita Cashier', columns),
      pad('MRN', 'HMS-000123', columns),
      pad('Invoice', 'INV-2026-000042', columns),
      pad('Method', 'Cash', columns),
      pad('AMOUNT PAID', 'KSh 2,000.00', columns),
      pad('Tendered', 'KSh 2,500.00', columns),
      pad('Change', 'KSh 500.00', columns),
      pad('Balance left', 'KSh 1,117.00', columns),
    ]) expect(text, expected).toContain(expected);
    expect(reading.lines.find((line) => line.text.startsWith('AMOUNT PAID'))).toMatchObject({ bold: true, height: 2 });
    expect(text.join('\n')).toContain('Amina Wanjiru Yusuf');
    expect(reading.cuts).toBe(1);
    expect(reading.endsWithCut).toBe(true);
    expect(reading.codes.map((code) => code.data)).toEqual(['RCT-2026-000007']);
  });

  it('draws a Code 128 where it fits the 80 mm head and a QR code with the number under it on 58 mm', () => {
    expect(readEscPos(paymentReceiptEscPos(receipt(), context, 48)).codes[0]!.kind).toBe('code128');
    const narrow = readEscPos(paymentReceiptEscPos(receipt(), context, 32));
    expect(narrow.codes[0]!.kind).toBe('qr');
    expect(receiptText(narrow)[narrow.codes[0]!.afterLine]).toBe('RCT-2026-000007');
  });

  it('wraps a long patient name under its label instead of cutting it', () => {
    const long = { ...patient, name: 'Nyambura Wairimu Kamau-Odhiambo Achieng Wanjiku' };
    const text = receiptText(readEscPos(paymentReceiptEscPos(receipt({ patient: long }), context, 32)));
    const at = text.indexOf('Patient');
    expect(at).toBeGreaterThan(0);
    expect(text.slice(at + 1, at + 3).map((line) => line.trim()).join(' ')).toBe(long.name);
    expect(text.slice(at + 1, at + 3).every((line) => line.length === 32)).toBe(true);
  });

  it('a card payment shows its terminal reference and no tendered or change; a deposit says it is held', () => {
    const card = payment(8, 'card', 111_700, { reference: 'AUTH 448812' });
    const text = receiptText(readEscPos(paymentReceiptEscPos(paymentReceiptOf({ payment: card, patient, cashier: 'Rita Cashier', invoice: { number: 'INV-2026-000042', balanceMinor: 0 }, settings }), context, 48)));
    expect(text).toContain(pad('Reference', 'AUTH 448812', 48));
    expect(text).toContain(pad('Balance', 'paid in full', 48));
    expect(text.some((line) => line.startsWith('Tendered') || line.startsWith('Change'))).toBe(false);
    const deposit = paymentReceiptOf({ payment: payment(9, 'mobile_money', 50_000, { invoiceId: null, reference: 'QGH7K2LM9P' }), patient, cashier: 'Rita Cashier', invoice: null, settings });
    const depositText = receiptText(readEscPos(paymentReceiptEscPos(deposit, context, 48)));
    expect(depositText).toContain(pad('Method', 'Mobile money', 48));
    expect(depositText).toContain(pad('Deposit', 'held for later invoices', 48));
    expect(depositText.some((line) => line.startsWith('Invoice'))).toBe(false);
  });

  it('an offline receipt prints its desk-series number and says it was numbered by the desk', () => {
    const offline = payment(10, 'cash', 200_000, { receiptNumber: 'CSH1-RCT-2026-000007' });
    const reading = readEscPos(paymentReceiptEscPos(receipt({ payment: offline }), context, 48));
    const text = receiptText(reading);
    expect(text).toContain(pad('Receipt No.', 'CSH1-RCT-2026-000007', 48));
    expect(text.join(' ')).toContain('Taken offline: numbered by this desk\'s own series. Desk CSH1.');
    expect(reading.codes).toEqual([expect.objectContaining({ kind: 'code128', data: 'CSH1-RCT-2026-000007' })]);
    // The server's own numbers say nothing of the kind.
    expect(receiptText(readEscPos(paymentReceiptEscPos(receipt(), context, 48))).join(' ')).not.toContain('offline');
  });

  it('prints the euro sign and accents through PC858, and falls back to the ISO code for a symbol the roll lacks', () => {
    const euro = receipt({ settings: { ...settings, money: { code: 'EUR', minorDigits: 2, symbol: '€' } }, patient: { ...patient, name: 'Zoë Müller-Łukasz' } });
    const text = receiptText(readEscPos(paymentReceiptEscPos(euro, context, 48)));
    expect(text).toContain(pad('AMOUNT PAID', '€ 2,000.00', 48));
    expect(text).toContain(pad('Patient', 'Zoë Müller-Lukasz', 48));
    const naira = receipt({ settings: { ...settings, money: { code: 'NGN', minorDigits: 2, symbol: '₦' } } });
    expect(receiptText(readEscPos(paymentReceiptEscPos(naira, context, 48)))).toContain(pad('AMOUNT PAID', 'NGN 2,000.00', 48));
  });

  it('formats money by the currency\'s exponent: none for UGX, three digits for KWD', () => {
    const ugx = paymentReceiptOf({ payment: payment(11, 'cash', 150_000), patient, cashier: 'Rita', invoice: { number: 'INV-2026-000042', balanceMinor: 2_500 }, settings: { ...settings, money: { code: 'UGX', minorDigits: 0 } } });
    expect(receiptText(readEscPos(paymentReceiptEscPos(ugx, context, 48)))).toContain(pad('AMOUNT PAID', 'UGX 150,000', 48));
    const kwd = paymentReceiptOf({ payment: payment(12, 'cash', 12_345), patient, cashier: 'Rita', invoice: { number: 'INV-2026-000042', balanceMinor: 5 }, settings: { ...settings, money: { code: 'KWD', minorDigits: 3 } } });
    const text = receiptText(readEscPos(paymentReceiptEscPos(kwd, context, 48)));
    expect(text).toContain(pad('AMOUNT PAID', 'KWD 12.345', 48));
    expect(text).toContain(pad('Balance left', 'KWD 0.005', 48));
  });

  it('a refund says what it refunds, why and who approved it, with no tendered or change', () => {
    const back = refund(12, cash, 30_000, 'Lab test not done: the sample could not be taken, refunded in cash at the window');
    const reading = readEscPos(paymentReceiptEscPos(paymentReceiptOf({ payment: back, patient, invoice: { number: 'INV-2026-000042', balanceMinor: 141_700 }, refundOf: cash.receiptNumber, settings }), context, 32));
    const text = receiptText(reading);
    expect(text).toContain('REFUND RECEIPT');
    expect(text).toContain(pad('Receipt No.', 'RFD-2026-000012', 32));
    expect(text).toContain(pad('Refund of', 'RCT-2026-000007', 32));
    expect(text).toContain(pad('Approved by', 'Grace Supervisor', 32));
    const reason = text.indexOf('Reason');
    expect(text.slice(reason + 1, reason + 4).map((line) => line.trim()).join(' ')).toBe('Lab test not done: the sample could not be taken, refunded in cash at the window');
    expect(text).toContain(pad('AMOUNT REFUNDED', 'KSh 300.00', 32));
    expect(text).toContain(pad('Balance left', 'KSh 1,417.00', 32));
    expect(text.some((line) => line.startsWith('Tendered') || line.startsWith('AMOUNT PAID'))).toBe(false);
    for (const line of reading.lines) expect(line.text.length * line.width).toBeLessThanOrEqual(32);
  });

  it('a copy says so', () => {
    expect(receiptText(readEscPos(paymentReceiptEscPos(receipt({ reprint: true }), context, 48)))).toContain('PAYMENT RECEIPT (COPY)');
  });
});

describe('the receipt document', () => {
  it('refuses change that does not add up with what was tendered, and change without cash', () => {
    const good = receipt();
    expect(() => PaymentReceiptDocumentSchema.parse({ ...good, changeMinor: 49_999 })).toThrow(/tendered is the amount plus the change/);
    expect(() => PaymentReceiptDocumentSchema.parse({ ...good, method: 'card', tenderedMinor: null })).toThrow(/change is given from cash tendered only/);
    expect(() => PaymentReceiptDocumentSchema.parse({ ...good, timeZone: '+03:00' })).toThrow(/IANA/);
  });
});

describe('receipt text and PC858', () => {
  it('wraps at word boundaries and cuts a word longer than the line', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(pairLines('Patient', 'Amina', 20)).toEqual(['Patient        Amina']);
    expect(pairLines('Patient', 'Amina Wanjiru Yusuf Achieng', 20)).toEqual(['Patient', ' Amina Wanjiru Yusuf', '             Achieng']);
  });

  it('maps the euro, pound and accents to their PC858 bytes', () => {
    expect(encodeOn(PC858, '€£é')).toEqual([0xd5, 0x9c, 0x82]);
    expect(printsOn(PC858, 'KSh')).toBe(true);
    expect(printsOn(PC858, '₦')).toBe(false);
    expect(Buffer.from(encodeOn(PC858, 'Ł漢')).toString('latin1')).toBe('L?');
  });
});
