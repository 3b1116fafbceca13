import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintDocument } from '../../../shared/printing/documents.js';
import { HostFailure } from '../../../shared/result.js';
import { WorkstationSettingsSchema } from '../../../shared/settings.js';
import { readPdf, renderPdfPage, scanBarcodes } from '../../test-support/pdf-reader.js';
import { renderPdf } from './pdf.js';
import { PrinterService } from './printer-service.js';

// The PDF fallback, read back as a person would read the paper (its text, line by line) and
// as a scanner would (the page drawn at 300 dpi, its barcodes decoded by ZXing).

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-pdf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const context = { hospitalName: 'St. Mary Hospital', workstationId: 'reception-1', printedAt: '2026-03-02 09:15' };
const patient = { mrn: 'HMS-000123', name: 'Amina Wanjiru Yusuf', sex: 'F', birthDate: '1990-04-12', phone: '0722 123 456' };

async function text(document: PrintDocument): Promise<{ text: string; pages: number; size: string }> {
  const pdf = await renderPdf(document, context, 'PDF into folder /tmp');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return readPdf(pdf);
}

describe('PDF fallback (pdfmake)', () => {
  it('renders a registration slip on an 80 mm page', async () => {
    const slip = await text({ kind: 'registrationSlip', patient, registeredAt: '2026-03-02T09:10:00.000Z', registeredBy: 'Rita Clerk' });
    expect(slip.text).toContain('St. Mary Hospital');
    expect(slip.text).toContain('Patient registration');
    expect(slip.text).toContain('Amina Wanjiru Yusuf');
    expect(slip.text).toMatch(/MRN\s+HMS-000123/);
    expect(slip.text).toContain('DOB 12 Apr 1990');
    expect(slip.text).toContain('Rita Clerk');
    expect(slip.pages).toBe(1);
    expect(slip.size).toMatch(/^226\.77\d* x /);
  });

  it('renders a queue token with its number large', async () => {
    const token = await text({ kind: 'queueToken', token: 'A-014', department: 'Outpatients', doctor: 'Dr. Okello', patient, issuedAt: '2026-03-02T09:10:00.000Z', waitingAhead: 1 });
    expect(token.text).toContain('A-014');
    expect(token.text).toContain('Outpatients');
    expect(token.text).toContain('Dr. Okello');
    expect(token.text).toContain('1 patient ahead of you');
  });

  it('renders a wristband sheet (A4 landscape) and labels, one page per copy', async () => {
    const band = await text({ kind: 'wristband', patient });
    expect(band.text).toContain('Amina Wanjiru Yusuf');
    expect(band.text).toContain('HMS-000123');
    expect(band.size).toBe('841.89 x 595.28');
    const labels = await text({ kind: 'label', patient, copies: 3, caption: 'Blood sample' });
    expect(labels.pages).toBe(3);
    expect(labels.text).toContain('Blood sample');
  });

  it('renders a medication label on one 50 x 25 mm page, every line of it readable', async () => {
    const label = await text({
      kind: 'medicationLabel', patient: { mrn: patient.mrn, name: patient.name }, medicine: 'Amoxicillin 500 mg capsules',
      directions: 'take 1 capsule (500 mg) by mouth three times a day for 5 days', instructions: 'Finish the course.', quantity: '10 (ten) capsules',
      batchNumber: 'AMX-E1', expiry: '2027-04-01', dispensedAt: '2026-03-02T09:10:00.000Z', pharmacy: 'Dispensary', prescriptionNumber: 'RX-000001',
    });
    expect(label.pages).toBe(1);
    expect(label.size).toBe('141.73 x 70.87');
    const flat = label.text.replace(/\s+/g, ' ');
    for (const line of ['Amina Wanjiru Yusuf', 'MRN HMS-000123 RX-000001', 'Amoxicillin 500 mg capsules', 'Take 1 capsule (500 mg) by mouth three times a day for 5 days.', 'Finish the course.', 'Qty 10 (ten) capsules', 'Batch AMX-E1 Exp 2027-04-01', 'St. Mary Hospital, Dispensary']) {
      expect(flat).toContain(line);
    }
  });

  it('draws barcodes that a scanner reads back as the MRN, in Code 128', async () => {
    for (const document of [{ kind: 'registrationSlip', patient, registeredAt: '2026-03-02T09:10:00.000Z' }, { kind: 'wristband', patient }] as const) {
      const page = await renderPdfPage(await renderPdf(document, context, 'PDF'), 1, 300);
      const read = await scanBarcodes(page);
      expect(read.map((barcode) => [barcode.format, barcode.text])).toEqual([['Code128', 'HMS-000123']]);
    }
  });

  it('saves into the chosen folder when the fallback is a folder', async () => {
    const settings = WorkstationSettingsSchema.parse({
      serverUrl: 'http://hms:7400', workstationId: 'reception-1', receiptPrinter: { kind: 'pdf', target: { type: 'folder', dir: join(dir, 'slips') } },
    });
    const printers = new PrinterService({ settings: () => settings, now: () => new Date('2026-03-02T09:15:00Z') });
    const outcome = await printers.print({ kind: 'testPage', role: 'receipt' });
    expect(outcome.file).toMatch(/slips\/testPage-20260302T091500-[0-9a-f]{6}\.pdf$/);
    expect((await readPdf(outcome.file!)).text).toContain('Receipt printer test page');
  });

  it('prints the page printer\'s test page on A5, in the page printer\'s own folder, with both its codes readable', async () => {
    const settings = WorkstationSettingsSchema.parse({
      serverUrl: 'http://hms:7400', workstationId: 'opd-room-3',
      receiptPrinter: { kind: 'pdf', target: { type: 'folder', dir: join(dir, 'receipts') } },
      pagePrinter: { kind: 'pdf', target: { type: 'folder', dir: join(dir, 'pages') } },
    });
    const printers = new PrinterService({ settings: () => settings, now: () => new Date('2026-03-02T09:15:00Z') });
    const outcome = await printers.print({ kind: 'testPage', role: 'page' });
    expect(outcome.role).toBe('page');
    expect(outcome.file).toMatch(/pages\/testPage-20260302T091500-[0-9a-f]{6}\.pdf$/);
    const read = await readPdf(outcome.file!);
    expect(read.size).toBe('419.53 x 595.28');
    expect(read.text).toContain('PAGE PRINTER TEST');
    expect(read.text).toContain(`PDF into folder ${join(dir, 'pages')}`);
    const codes = await scanBarcodes(await renderPdfPage(outcome.file!, 1, 300));
    expect(codes.map((code) => [code.format, code.text]).sort()).toEqual([['Code128', 'HMS-TEST-128'], ['QRCode', 'HMS-TEST-QR']]);
  });

  it('refuses to print on a page printer this workstation does not have', async () => {
    const settings = WorkstationSettingsSchema.parse({ serverUrl: 'http://hms:7400', workstationId: 'opd-room-3' });
    const printers = new PrinterService({ settings: () => settings, now: () => new Date() });
    const error = await printers.print({ kind: 'testPage', role: 'page' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HostFailure);
    expect((error as HostFailure).code).toBe('PRINTER_NOT_CONFIGURED');
    expect((error as HostFailure).message).toBe('No page printer (for prescriptions) is set up on this workstation. Choose one in Settings.');
  });
});
