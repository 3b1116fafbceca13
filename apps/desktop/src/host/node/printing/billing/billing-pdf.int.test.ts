import { createCanvas } from '@napi-rs/canvas';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimDocumentOf, invoiceDocumentOf, paymentReceiptOf, shiftReportOf } from '../../../../shared/printing/billing/builders.js';
import { PrintDocumentSchema } from '../../../../shared/printing/documents.js';
import type { PrintDocument } from '../../../../shared/printing/documents.js';
import { charge, claim, context, ids, invoiceOf, patient, payment, refund, settings, shift, visitCharges } from '../../../test-support/billing-fixtures.js';
import { readPdf, renderPdfPage, scanBarcodes } from '../../../test-support/pdf-reader.js';
import { renderPdf } from '../pdf.js';

// Every cashier's page drawn by pdfmake and read back with pdf.js: the figures that matter
// (totals add up, shares, balance, numbers), the barcode scanned, paging of a long invoice.
// HMS_PRINT_SAMPLES=<dir> keeps the PDFs to look at (pdftoppm -png).

async function render(document: unknown): Promise<{ pdf: Buffer; text: string; pages: number; size: string }> {
  const parsed: PrintDocument = PrintDocumentSchema.parse(document);
  const pdf = await renderPdf(parsed, context, 'Page printer');
  const samples = process.env.HMS_PRINT_SAMPLES;
  if (samples !== undefined && samples !== '') {
    await mkdir(samples, { recursive: true });
    await writeFile(join(samples, `${parsed.kind}-${'paper' in parsed ? parsed.paper : ''}${Date.now()}.pdf`), pdf);
  }
  const read = await readPdf(pdf);
  return { pdf, ...read };
}

/** The amount printed after `label` on its line, in minor units ("Total KES 3,117.00" -> 311700). */
function amountAfter(text: string, label: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(label));
  const match = line === undefined ? null : /(-?[\d,]+)\.(\d\d)\s*$/.exec(line);
  if (match === null) throw new Error(`no amount after "${label}" in\n${text}`);
  const value = Number(match[1]!.replace(/[-,]/g, '')) * 100 + Number(match[2]);
  return match[1]!.startsWith('-') ? -value : value;
}

const patientRecord = patient;
const cashPayer = { name: 'Cash', kind: 'cash' as const };
const insurer = { name: 'AAR Insurance', kind: 'insurance' as const };

describe('the invoice PDF (A4)', () => {
  it('a cash invoice: items by department with subtotals, the total, payments and the balance, the number as a barcode', async () => {
    const mobile = payment(2, 'mobile_money', 50_000, { reference: 'QGH7K2LM9P' });
    const invoice = invoiceOf(visitCharges, { payments: [payment(1, 'cash', 200_000, { changeMinor: 50_000 }), mobile, refund(3, mobile, 10_000, 'Paid twice by mistake')] });
    const read = await render(invoiceDocumentOf({ invoice, patient: patientRecord, payer: cashPayer, settings }));
    expect(read.size).toBe('595.28 x 841.89');
    expect(read.pages).toBe(1);
    const lines = read.text.split('\n');
    for (const expected of [
      'St. Mary Mission Hospital', 'INVOICE', 'Amina Wanjiru Yusuf', 'MRN HMS-000123', 'Payer Cash', 'Invoice No. INV-2026-000042', 'Date 2 Mar 2026 14:00',
      'Registration', 'Consultation', 'Laboratory', 'Pharmacy',
      '2 Mar 2026 LAB-FBC Full blood count 1 800.00 800.00', '2 Mar 2026 DRG-AMOX500 Amoxicillin 500 mg capsules 21 12.50 262.50',
      'Laboratory subtotal 1,100.50', 'Pharmacy subtotal 316.50',
      'RCT-2026-000001 2 Mar 2026 14:06 Cash 2,000.00', 'RCT-2026-000002 2 Mar 2026 14:07 Mobile money QGH7K2LM9P 500.00', 'RFD-2026-000003 2 Mar 2026 14:08 Refund, Mobile money -100.00',
    ]) expect(lines.some((line) => line.includes(expected)), `"${expected}" in\n${read.text}`).toBe(true);
    // A cash invoice has no payer column.
    expect(read.text).not.toContain('Payer share');
    const subtotals = lines.filter((line) => / subtotal /.test(line)).map((line) => amountAfter(line, line.split(' subtotal')[0]!));
    expect(subtotals.reduce((sum, value) => sum + value, 0)).toBe(amountAfter(read.text, 'Total'));
    expect(amountAfter(read.text, 'Total')).toBe(311_700);
    expect(amountAfter(read.text, 'Paid')).toBe(240_000);
    expect(amountAfter(read.text, 'Balance due')).toBe(amountAfter(read.text, 'Total') - amountAfter(read.text, 'Paid'));
    const codes = await scanBarcodes(await renderPdfPage(read.pdf, 1, 300));
    expect(codes.map((code) => [code.format, code.text])).toContainEqual(['Code128', 'INV-2026-000042']);
  });

  it('an insured invoice: payer and member number, each line\'s two shares, the payer\'s and the patient\'s totals', async () => {
    // 20 % co-insurance on everything but drugs, which the scheme excludes.
    const invoice = invoiceOf(visitCharges, { split: (item) => (item.category === 'drug' ? item.amountMinor : Math.ceil(item.amountMinor / 5)) });
    const read = await render(invoiceDocumentOf({ invoice, patient: patientRecord, payer: insurer, coverage: { scheme: 'AAR Corporate Gold', memberNumber: 'AAR-778812-01', preAuthorisation: 'PA-2026-0091' }, settings }));
    for (const expected of ['Payer AAR Insurance', 'Scheme AAR Corporate Gold', 'Member No. AAR-778812-01', 'Pre-authorisation PA-2026-0091', 'Date Service Qty Unit price Amount Payer Patient', 'No payments yet.']) expect(read.text).toContain(expected);
    expect(read.text).toContain('LAB-FBC Full blood count 1 800.00 800.00 640.00 160.00');
    expect(read.text).toContain('DRG-PCM500 Paracetamol 500 mg tablets 18 3.00 54.00 0.00 54.00');
    const payer = amountAfter(read.text, 'Payer share (AAR Insurance)');
    const patientShare = amountAfter(read.text, 'Patient share');
    expect(payer).toBe(invoice.payerMinor);
    expect(patientShare).toBe(invoice.patientMinor);
    expect(payer + patientShare).toBe(amountAfter(read.text, 'Total'));
    expect(amountAfter(read.text, 'Balance due')).toBe(patientShare);
  });

  it('45 items run onto a second page with the table head repeated, every page footed with its number, long names wrapped', async () => {
    const many = Array.from({ length: 45 }, (_, index) => charge(100 + index, `LAB-T${String(index).padStart(2, '0')}`, index === 3 ? 'Extended thyroid function panel with free T3, free T4, TSH, anti-TPO and anti-thyroglobulin antibodies, repeated' : `Laboratory test number ${index + 1}`, index < 30 ? 'lab' : 'procedure', 1, 10_000 + index));
    const invoice = invoiceOf(many);
    const read = await render(invoiceDocumentOf({ invoice, patient: { ...patientRecord, name: 'Nyambura Wairimu Kamau-Odhiambo Achieng Wanjiku Atieno' }, payer: cashPayer, settings }));
    expect(read.pages).toBe(2);
    expect(read.text.split('\n').filter((line) => line === 'Date Service Qty Unit price Amount')).toHaveLength(2);
    expect(read.text).toContain('page 1 of 2');
    expect(read.text).toContain('Invoice INV-2026-000042 for Nyambura Wairimu Kamau-Odhiambo Achieng Wanjiku Atieno, MRN HMS-000123 · page 2 of 2');
    expect(read.text).toContain('LAB-T03 Extended thyroid function panel with free T3, free T4, TSH, anti- 1 100.03 100.03\nTPO and anti-thyroglobulin antibodies, repeated');
    for (let index = 0; index < 45; index += 1) expect(read.text).toContain(`LAB-T${String(index).padStart(2, '0')} `);
    expect(amountAfter(read.text, 'Total')).toBe(many.reduce((sum, item) => sum + item.amountMinor, 0));
  });

  it('prints the hospital\'s logo when one is set, and a void invoice says so', async () => {
    const canvas = createCanvas(64, 64);
    const draw = canvas.getContext('2d');
    draw.fillStyle = '#1f6f43';
    draw.fillRect(8, 8, 48, 48);
    const logo = `data:image/png;base64,${canvas.toBuffer('image/png').toString('base64')}`;
    const invoice = { ...invoiceOf(visitCharges), status: 'void' as const, balanceMinor: 0, voidedAt: '2026-03-02T11:30:00.000Z', voidReason: 'Issued to the wrong patient' };
    const read = await render(invoiceDocumentOf({ invoice, patient: patientRecord, payer: cashPayer, settings: { ...settings, logo } }));
    expect(read.pdf.toString('latin1')).toContain('/Subtype /Image');
    expect(read.text).toContain('INVOICE — VOID');
    expect(read.text).toContain('Voided Issued to the wrong patient');
    expect(amountAfter(read.text, 'Balance due')).toBe(0);
    const plain = await render(invoiceDocumentOf({ invoice: invoiceOf(visitCharges), patient: patientRecord, payer: cashPayer, settings }));
    expect(plain.pdf.toString('latin1')).not.toContain('/Subtype /Image');
  });

  it('refuses an invoice whose shares or balance do not add up', () => {
    const invoice = invoiceOf(visitCharges, { payments: [payment(1, 'cash', 100)] });
    const document = invoiceDocumentOf({ invoice, patient: patientRecord, payer: cashPayer, settings });
    expect(() => PrintDocumentSchema.parse({ ...document, balanceMinor: document.balanceMinor + 1 })).toThrow(/balanceMinor/);
    expect(() => PrintDocumentSchema.parse({ ...document, totalMinor: document.totalMinor - 1 })).toThrow(/sum of the items/);
    expect(() => invoiceDocumentOf({ invoice: { ...invoice, payments: [] }, patient: patientRecord, payer: cashPayer, settings })).toThrow(/payments and deposits less their refunds/);
    expect(() => invoiceDocumentOf({ invoice: { ...invoice, creditedMinor: 500, balanceMinor: invoice.balanceMinor - 500 }, patient: patientRecord, payer: cashPayer, settings })).toThrow(/credit notes/);
  });
});

describe('the receipt PDF', () => {
  it.each([['A5', '419.53 x 595.28'], ['A6', '297.64 x 419.53']] as const)('on %s: the receipt\'s figures and its number as a barcode', async (paper, size) => {
    const receipt = paymentReceiptOf({ payment: payment(7, 'cash', 200_000, { changeMinor: 50_000 }), patient: patientRecord, cashier: 'Rita Cashier', invoice: { number: 'INV-2026-000042', balanceMinor: 111_700 }, settings, paper });
    const read = await render(receipt);
    expect(read.size).toBe(size);
    expect(read.pages).toBe(1);
    for (const expected of ['PAYMENT RECEIPT', 'Receipt No. RCT-2026-000007', 'Date 2 Mar 2026 14:12', 'Cashier Rita Cashier', 'Patient Amina Wanjiru Yusuf', 'Invoice INV-2026-000042', 'Method Cash']) expect(read.text).toContain(expected);
    expect(amountAfter(read.text, 'Amount paid')).toBe(200_000);
    expect(amountAfter(read.text, 'Tendered') - amountAfter(read.text, 'Change')).toBe(200_000);
    expect(amountAfter(read.text, 'Balance left')).toBe(111_700);
    const codes = await scanBarcodes(await renderPdfPage(read.pdf, 1, 300));
    expect(codes.map((code) => code.text)).toContain('RCT-2026-000007');
  });

  it('on the receipt printer\'s PDF fallback: an 80 mm slip, offline receipts marked with their desk', async () => {
    const receipt = paymentReceiptOf({ payment: payment(7, 'mobile_money', 50_000, { receiptNumber: 'CSH1-RCT-2026-000007', reference: 'QGH7K2LM9P' }), patient: patientRecord, cashier: 'Rita Cashier', invoice: { number: 'INV-2026-000042', balanceMinor: 0 }, settings });
    const read = await render(receipt);
    expect(read.size.startsWith('226.77 x ')).toBe(true);
    expect(read.text).toContain('Receipt No. CSH1-RCT-2026-000007');
    expect(read.text).toContain('Reference QGH7K2LM9P');
    expect(read.text).toContain('Balance paid in full');
    expect(read.text.replace(/\n/g, ' ')).toContain('Taken offline: numbered by this desk\'s own series. Desk CSH1.');
  });
});

describe('the shift report PDF', () => {
  // Float 5,000.00; cash taken 3,117.00, 200.00 of it refunded: 7,917.00 expected; counted 7,900.00.
  const counts = [{ valueMinor: 100_000, count: 7 }, { valueMinor: 50_000, count: 1 }, { valueMinor: 20_000, count: 1 }, { valueMinor: 5_000, count: 4 }];
  const totals = {
    byMethod: [
      { method: 'cash' as const, payments: 2, paymentsMinor: 311_700, refunds: 1, refundsMinor: 20_000 },
      { method: 'mobile_money' as const, payments: 1, paymentsMinor: 50_000, refunds: 0, refundsMinor: 0 },
      { method: 'card' as const, payments: 1, paymentsMinor: 30_000, refunds: 0, refundsMinor: 0 },
    ],
    payments: 4, paymentsMinor: 391_700, refunds: 1, refundsMinor: 20_000, voids: 1, cashInMinor: 311_700, cashOutMinor: 20_000, expectedCashMinor: 791_700,
  };
  const closed = shift({ expectedCashMinor: 791_700, countedCashMinor: 790_000, varianceMinor: -1_700, varianceNote: 'Change given twice to one patient; reported to the supervisor.', counts, totals });

  it('float, totals by method, refunds, voids, the count by denomination, expected, variance and its note', async () => {
    const refunds = [refund(5, payment(1, 'cash', 200_000), 20_000, 'Lab test not done')];
    const read = await render(shiftReportOf({ shift: closed, refunds, voids: [{ number: 'INV-2026-000040', at: '2026-03-02T09:00:00.000Z', amountMinor: 20_000, reason: 'Wrong patient' }], desk: 'Window 2', settings }));
    for (const expected of [
      'SHIFT REPORT', 'Cashier Rita Cashier', 'Desk Window 2', 'Opened 2 Mar 2026 08:00', 'Closed 2 Mar 2026 17:00',
      'Cash 2 3,117.00 1 200.00 2,917.00', 'Mobile money 1 500.00 0 0.00 500.00', 'Card 1 300.00 0 0.00 300.00', 'All methods 4 3,917.00 1 200.00 3,717.00',
      'Refunds (1)', 'RFD-2026-000005 2 Mar 2026 14:10 Cash Lab test not done 200.00', 'Voids (1)', 'INV-2026-000040 2 Mar 2026 12:00 Wrong patient 200.00',
      '1,000.00 × 7 7,000.00', '50.00 × 4 200.00',
      'Variance note Change given twice to one patient; reported to the supervisor.',
    ]) expect(read.text, expected).toContain(expected);
    const expected = amountAfter(read.text, 'Expected in the drawer');
    expect(amountAfter(read.text, 'Float') + amountAfter(read.text, '+ Cash taken') - amountAfter(read.text, '− Cash refunded')).toBe(expected);
    expect(amountAfter(read.text, 'Counted')).toBe(counts.reduce((sum, row) => sum + row.valueMinor * row.count, 0));
    expect(amountAfter(read.text, 'Variance (Short)')).toBe(amountAfter(read.text, 'Counted') - expected);
  });

  it('an open shift says so, and refunds and voids the desk has no detail of are counted, not listed', async () => {
    const open = shift({ status: 'open', closedAt: null, totals });
    const read = await render(shiftReportOf({ shift: open, settings }));
    expect(read.text).toContain('SHIFT REPORT — SHIFT STILL OPEN');
    expect(read.text).toContain('Closed not yet');
    expect(read.text).toContain('Refunds (1)\nCounted in the totals above; not listed one by one here.');
    expect(read.text).toContain('Voids (1)\nInvoices voided in the shift; not listed one by one here.');
    expect(amountAfter(read.text, 'Expected in the drawer')).toBe(791_700);
    expect(read.text).not.toContain('Variance');
  });

  it('refuses a report whose variance is not counted less expected, or whose expected cash is not float plus in less out', () => {
    expect(() => shiftReportOf({ shift: { ...closed, varianceMinor: 100 }, settings })).toThrow(/counted less expected/);
    expect(() => shiftReportOf({ shift: { ...closed, countedCashMinor: 790_100, varianceMinor: -1_600 }, settings })).toThrow(/sum of the denominations/);
    expect(() => shiftReportOf({ shift: { ...closed, expectedCashMinor: 800_000 }, settings })).toThrow(/float plus cash taken/);
  });
});

describe('the claim PDF', () => {
  it('a payer\'s batch: period, each invoice with member number and payer share, totals', async () => {
    const first = invoiceOf(visitCharges, { split: (item) => Math.ceil(item.amountMinor / 5) });
    const second = invoiceOf([charge(20, 'CONS-SP', 'Consultation, specialist', 'consultation', 1, 250_000)], { id: ids.visit, number: 'INV-2026-000051', split: () => 50_000 });
    const batch = claim([first, second]);
    const read = await render(claimDocumentOf({
      claim: batch, reference: 'CLM-AAR-2026-03', payer: { name: 'AAR Insurance', code: 'AAR' },
      invoices: [{ invoice: first, patient: { name: patient.name, mrn: patient.mrn }, memberNumber: 'AAR-778812-01' }, { invoice: second, patient: { name: 'Baraka Otieno', mrn: 'HMS-000200' }, memberNumber: 'AAR-100245-00' }],
      preparedAt: '2026-04-01T06:00:00.000Z', preparedBy: 'Grace Supervisor', settings,
    }));
    for (const expected of [
      'INSURANCE CLAIM — DRAFT', 'Payer AAR Insurance', 'Payer code AAR', 'Period 1 Mar 2026 – 31 Mar 2026', 'Claim CLM-AAR-2026-03', 'Prepared 1 Apr 2026 09:00 by Grace Supervisor',
      '1 INV-2026-000042 2 Mar 2026 Amina Wanjiru Yusuf HMS-000123 AAR-778812-01 3,117.00 2,493.60',
      '2 INV-2026-000051 2 Mar 2026 Baraka Otieno HMS-000200 AAR-100245-00 2,500.00 2,000.00',
      '2 invoices 5,617.00 4,493.60',
    ]) expect(read.text, expected).toContain(expected);
    expect(amountAfter(read.text, 'Claimed')).toBe(first.payerMinor + second.payerMinor);
  });
});
