import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMULARY_SEED } from '@hms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintDocumentSchema } from '../../../shared/printing/documents.js';
import type { PrintDocument, PrintDocumentInput } from '../../../shared/printing/documents.js';
import type { PrintPrescriptionItem } from '../../../shared/printing/clinical-documents.js';
import { WorkstationSettingsSchema } from '../../../shared/settings.js';
import { readPdf, renderPdfPage, scanBarcodes } from '../../test-support/pdf-reader.js';
import { renderPdf } from './pdf.js';
import { PrinterService } from './printer-service.js';

// The doctor's A5 printouts read back as the pharmacist reads the paper (its text) and as the
// pharmacy's scanner reads it (the page drawn at 300 dpi, its codes decoded by ZXing).

const context = { hospitalName: 'St. Mary Hospital', hospitalAddress: 'PO Box 12, Kisumu', workstationId: 'opd-room-3', printedAt: '2026-03-02 09:20' };

function product(code: string): PrintPrescriptionItem['product'] {
  const drug = FORMULARY_SEED.find((candidate) => candidate.code === code);
  if (drug === undefined) throw new Error(`no ${code}`);
  return { genericName: drug.genericName, strengthText: drug.strengthText, strength: drug.strength, form: drug.form, components: drug.components };
}

const patient = {
  mrn: 'HMS-000123', name: 'Amina Wanjiru Yusuf', sex: 'F', birthDate: '1990-04-12',
  allergies: { status: 'recorded', items: ['Penicillin (rash)', 'Sulfonamides'] }, weightKg: 61.5,
} as const;

const items = [
  { product: product('amoxicillin-500mg-capsule'), dose: 1, doseUnit: 'capsule', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15 },
  { product: product('paracetamol-500mg-tablet'), dose: 0.5, doseUnit: 'tablet', route: 'oral', frequency: 'q6h_prn', durationDays: 3, quantity: 6, instructions: 'for fever or pain' },
  { product: product('colchicine-500mcg-tablet'), dose: 500, doseUnit: 'mcg', route: 'oral', frequency: 'bd', durationDays: 3, quantity: 6 },
] as const;

const prescription = (overrides: Partial<PrintDocumentInput & { kind: 'prescription' }> = {}): PrintDocument => PrintDocumentSchema.parse({
  kind: 'prescription',
  id: '0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10',
  number: 'RX-000123',
  writtenAt: '2026-03-02T09:15:00.000Z',
  patient,
  department: 'Outpatients',
  prescriber: { name: 'Dr. Peter Okello', registration: 'KMPDC A12345' },
  items,
  overriddenAlerts: 1,
  ...overrides,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-rx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the prescription, an A5 page', () => {
  it('reads as a pharmacist needs it: the patient, each item in words, the doctor and registration', async () => {
    const read = await readPdf(await renderPdf(prescription(), context, 'PDF'));
    expect(read.size).toBe('419.53 x 595.28');
    expect(read.pages).toBe(1);
    const lines = read.text.split('\n');
    for (const expected of [
      'St. Mary Hospital', 'PO Box 12, Kisumu', 'PRESCRIPTION', 'Outpatients',
      'Amina Wanjiru Yusuf', 'MRN HMS-000123', '35 years, F, born 12 Apr 1990, 61.5 kg',
      'Allergies: Penicillin (rash); Sulfonamides',
      'Amoxicillin 500 mg capsules', 'Take 1 capsule (500 mg) by mouth three times a day for 5 days.', 'Quantity: 15 (fifteen) capsules.',
      'Paracetamol 500 mg tablets', 'Take ½ tablet (250 mg) by mouth every 6 hours when needed for up to 3 days.', 'For fever or pain.', 'Quantity: 6 (six) tablets.',
      'Colchicine 500 microgram tablets', 'Take 1 tablet (500 micrograms) by mouth twice a day for 3 days.',
      '3 (three) items on this prescription. Nothing is to be added below this line.',
      'One safety alert was reviewed and overridden by the prescriber; the reasons are recorded in HMS.',
      'Dr. Peter Okello', 'Registration no. KMPDC A12345',
    ]) expect(lines.some((line) => line.includes(expected)), `"${expected}" in\n${read.text}`).toBe(true);
    expect(read.text).toMatch(/Date\s+2 Mar 2026 \d\d:15/);
    expect(read.text).toMatch(/No\.\s+RX-000123/);
    expect(read.text).not.toMatch(/mcg|µg/);
  });

  it('carries the number as a Code 128 and a QR that the pharmacy scanner reads', async () => {
    const page = await renderPdfPage(await renderPdf(prescription(), context, 'PDF'), 1, 300);
    const read = (await scanBarcodes(page)).map((barcode) => [barcode.format, barcode.text]);
    expect(read).toEqual(expect.arrayContaining([['Code128', 'RX-000123'], ['QRCode', 'RX-000123']]));
    expect(read).toHaveLength(2);
  });

  it('written offline, carries the desk\'s id in both codes and says the number comes later', async () => {
    const offline = prescription({ number: null, overriddenAlerts: 0 });
    const pdf = await renderPdf(offline, context, 'PDF');
    const read = await readPdf(pdf);
    expect(read.text).toMatch(/No\.\s+not yet assigned \(provisional\)/);
    expect(read.text.replace(/\n/g, ' ')).toContain('The prescription number is assigned when the network returns; the pharmacy scans this code to find it.');
    expect(read.text).not.toContain('safety alert');
    const codes = (await scanBarcodes(await renderPdfPage(pdf, 1, 300))).map((barcode) => [barcode.format, barcode.text]);
    expect(codes).toEqual(expect.arrayContaining([['Code128', '0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10'], ['QRCode', '0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10']]));
  });

  it('a reprint says so, and that the pharmacy dispenses the number once', async () => {
    const read = await readPdf(await renderPdf(prescription({ reprint: true }), context, 'PDF'));
    expect(read.text).toContain('PRESCRIPTION (REPRINT)');
    expect(read.text.replace(/\n/g, ' ')).toContain('Reprint: the pharmacy dispenses this prescription once, by its number, whichever copy is shown.');
    expect((await readPdf(await renderPdf(prescription(), context, 'PDF'))).text).not.toContain('REPRINT');
  });

  it('says when the registration number or the allergies are not on record', async () => {
    const read = await readPdf(await renderPdf(prescription({ prescriber: { name: 'Dr. New Doctor', registration: null }, patient: { ...patient, allergies: { status: 'notRecorded' } } }), context, 'PDF'));
    expect(read.text).toContain('Registration number: not on record');
    expect(read.text).toContain('Allergies: not recorded — ask the patient before dispensing');
  });

  it('runs onto a second page when the items need it, each page saying which prescription it belongs to', async () => {
    const many = Array.from({ length: 14 }, (_, index) => ({ ...items[index % 3]!, instructions: index % 2 === 0 ? 'Take with a full glass of water, after food, and do not lie down for thirty minutes afterwards.' : undefined }));
    const pdf = await renderPdf(prescription({ items: many }), context, 'PDF');
    const read = await readPdf(pdf);
    expect(read.pages).toBeGreaterThan(1);
    expect(read.text).toContain(`Prescription RX-000123 for Amina Wanjiru Yusuf, MRN HMS-000123 · page 1 of ${read.pages}`);
    expect(read.text).toContain(`Prescription RX-000123 for Amina Wanjiru Yusuf, MRN HMS-000123 · page ${read.pages} of ${read.pages}`);
    expect(read.text).toContain('14 (fourteen) items on this prescription.');
    // The codes and the signature stay together, on the last page.
    const last = (await scanBarcodes(await renderPdfPage(pdf, read.pages, 300))).map((barcode) => barcode.text);
    expect(last).toEqual(['RX-000123', 'RX-000123']);
  });

  it('refuses a prescription without items or with an unknown route, before anything prints', () => {
    expect(PrintDocumentSchema.safeParse({ ...prescription(), items: [] }).success).toBe(false);
    expect(PrintDocumentSchema.safeParse({ ...prescription(), items: [{ ...items[0], route: 'by mouth' }] }).success).toBe(false);
  });
});

describe('the visit summary, for the patient', () => {
  const summary = (): PrintDocument => PrintDocumentSchema.parse({
    kind: 'visitSummary',
    visitAt: '2026-03-02T09:00:00.000Z',
    patient,
    department: 'Outpatients',
    doctor: { name: 'Dr. Peter Okello', registration: 'KMPDC A12345' },
    diagnoses: [{ code: 'J20.9', description: 'Acute bronchitis, unspecified' }, { description: 'Gout', provisional: true }],
    medicines: items,
    orders: [{ name: 'Full blood count', kind: 'lab' }, { name: 'Chest X-ray', kind: 'imaging' }],
    advice: 'Drink plenty of fluids and rest.\nCome back in one week, or sooner if the fever does not settle.',
  });

  it('lists what was found, the medicines in words, the orders, the advice and the doctor', async () => {
    const read = await readPdf(await renderPdf(summary(), context, 'PDF'));
    expect(read.size).toBe('419.53 x 595.28');
    for (const expected of [
      'VISIT SUMMARY', 'Amina Wanjiru Yusuf', 'What the doctor found', 'Acute bronchitis, unspecified J20.9', 'Gout (to be confirmed)',
      'Your medicines', 'Take 1 capsule (500 mg) by mouth three times a day for 5 days.', 'Tests ordered', 'Full blood count (lab)', 'Chest X-ray (imaging)',
      'Advice and follow-up', 'Drink plenty of fluids and rest.', 'Come back in one week, or sooner if the fever does not settle.',
      'Dr. Peter Okello', 'Registration no. KMPDC A12345',
    ]) expect(read.text, expected).toContain(expected);
    // The patient's copy carries no override note and no code to dispense from.
    expect(read.text).not.toContain('safety alert');
    expect(await scanBarcodes(await renderPdfPage(await renderPdf(summary(), context, 'PDF'), 1, 150))).toEqual([]);
  });
});

describe('printed silently on the page printer', () => {
  it('goes to the page printer chosen in settings (here a folder), never to the receipt printer', async () => {
    const settings = WorkstationSettingsSchema.parse({
      serverUrl: 'http://hms:7400', workstationId: 'opd-room-3',
      receiptPrinter: { kind: 'pdf', target: { type: 'folder', dir: join(dir, 'receipts') } },
      pagePrinter: { kind: 'pdf', target: { type: 'folder', dir: join(dir, 'pages') } },
    });
    const printers = new PrinterService({ settings: () => settings, now: () => new Date('2026-03-02T09:20:00Z'), hospital: () => ({ name: 'St. Mary Hospital', address: null }) });
    const outcome = await printers.print(prescription());
    expect(outcome.role).toBe('page');
    expect(outcome.file).toMatch(/pages\/prescription-20260302T092000-[0-9a-f]{6}\.pdf$/);
    expect((await readPdf(outcome.file!)).text).toContain('Registration no. KMPDC A12345');
    await expect(readdir(join(dir, 'receipts'))).rejects.toThrow();
  });

  it('hands the A5 PDF to the system queue (lp, not raw) of a laser printer', async () => {
    const lp = join(dir, 'lp');
    const out = join(dir, 'lp.out');
    await writeFile(lp, `#!/bin/sh\necho "$@" > "${out}.args"\ncat > "${out}"\n`);
    await chmod(lp, 0o755);
    const settings = WorkstationSettingsSchema.parse({ serverUrl: 'http://hms:7400', workstationId: 'opd-room-3', pagePrinter: { kind: 'pdf', target: { type: 'queue', queue: 'consult-3' } } });
    const printers = new PrinterService({ settings: () => settings, now: () => new Date('2026-03-02T09:20:00Z'), lpCommand: lp });
    const outcome = await printers.print(prescription());
    expect(outcome.printer).toBe('PDF to system queue "consult-3"');
    expect((await readFile(`${out}.args`, 'utf8')).trim()).toBe('-d consult-3 -t HMS -');
    const printed = await readPdf(out);
    expect(printed.size).toBe('419.53 x 595.28');
    expect(printed.text).toContain('Take 1 capsule (500 mg) by mouth three times a day for 5 days.');
  });
});
