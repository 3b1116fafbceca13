import { FORMULARY_SEED } from '@hms/core';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintDocumentSchema } from '../../../shared/printing/documents.js';
import { printableHtml } from '../../../shared/printing/print-page.js';
import { readPdf, renderPdfPage, scanBarcodes } from '../../test-support/pdf-reader.js';

// The browser workstation's printout, printed by a real Chromium (Debian's, as the browser
// suite uses) to PDF, the way its print dialog would print it, then read and scanned.

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.HMS_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});
afterAll(async () => {
  await browser.close();
});

async function printed(html: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(html);
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await page.close();
  }
}

const amoxicillin = FORMULARY_SEED.find((candidate) => candidate.code === 'amoxicillin-500mg-capsule')!;
const prescription = (number: string | null) => PrintDocumentSchema.parse({
  kind: 'prescription', id: '0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10', number, writtenAt: '2026-03-02T09:15:00.000Z',
  patient: { mrn: 'HMS-000123', name: 'Amina Wanjiru Yusuf', sex: 'F', birthDate: '1990-04-12', allergies: { status: 'recorded', items: ['Penicillin (rash)'] } },
  prescriber: { name: 'Dr. Peter Okello', registration: 'KMPDC A12345' },
  items: [{ product: amoxicillin, dose: 1, doseUnit: 'capsule', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15 }],
});

describe('the prescription printed from a browser', () => {
  it('is one A5 page with the items in words, the registration, and a Code 128 of the number', async () => {
    const pdf = await printed(printableHtml(prescription('RX-000123'), 'St. Mary Hospital'));
    const read = await readPdf(pdf);
    expect(read.pages).toBe(1);
    // A5 is 419.53 x 595.28 points; Chromium rounds its page to whole CSS pixels.
    const [width, height] = read.size.split(' x ').map(Number) as [number, number];
    expect(Math.abs(width - 419.53)).toBeLessThan(1);
    expect(Math.abs(height - 595.28)).toBeLessThan(1);
    expect(read.text).toContain('Take 1 capsule (500 mg) by mouth three times a day for 5 days.');
    expect(read.text).toContain('Registration no. KMPDC A12345');
    const codes = await scanBarcodes(await renderPdfPage(pdf, 1, 300));
    expect(codes.map((code) => [code.format, code.text])).toEqual([['Code128', 'RX-000123']]);
  });

  it('written offline, its barcode carries the desk\'s id', async () => {
    const pdf = await printed(printableHtml(prescription(null), 'St. Mary Hospital'));
    expect((await readPdf(pdf)).pages).toBe(1);
    const codes = await scanBarcodes(await renderPdfPage(pdf, 1, 300));
    expect(codes.map((code) => code.text)).toEqual(['0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10']);
  });
});
