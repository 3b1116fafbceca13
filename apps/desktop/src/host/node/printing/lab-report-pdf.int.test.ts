import { LabReportSchema, LabResultSchema, LabWorklistEntrySchema } from '@hms/core';
import type { LabResult } from '@hms/core';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkstationSettingsSchema } from '../../../shared/settings.js';
import { PrinterService } from './printer-service.js';
import { PrintDocumentSchema } from '../../../shared/printing/documents.js';
import { labReportDocumentFromReport, labReportDocumentOf } from '../../../shared/printing/lab-report-builder.js';
import { printableHtml } from '../../../shared/printing/print-page.js';
import { readPdf } from '../../test-support/pdf-reader.js';
import { renderPdf } from './pdf.js';

// The lab's patient report made from the server's request (lab.request's shapes), drawn by
// pdfmake and read back with pdf.js as the doctor reads the paper: ranges, flags, units,
// comments, who validated and released, a correction after release, and a preliminary copy.

const context = { hospitalName: 'St. Mary Hospital', hospitalAddress: 'PO Box 12, Kisumu', workstationId: 'lab-bench-1', printedAt: '2026-03-02 11:40' };
const ids = { request: '7d0c2c9e-1f43-4a8e-9d55-2b1e0a4d6c01', fbc: '7d0c2c9e-1f43-4a8e-9d55-2b1e0a4d6c02', rbg: '7d0c2c9e-1f43-4a8e-9d55-2b1e0a4d6c03', edta: '7d0c2c9e-1f43-4a8e-9d55-2b1e0a4d6c04', fluoride: '7d0c2c9e-1f43-4a8e-9d55-2b1e0a4d6c05', patient: '7d0c2c9e-1f43-4a8e-9d55-2b1e0a4d6c06' };
const specimen = (id: string, barcode: string, container: 'edta' | 'fluoride', tests: string[]) => ({
  id, requestId: ids.request, barcode, container, status: 'received', tests, collectedAt: '2026-03-02T08:05:00.000Z', collectedByName: 'Ann Phlebotomist',
  receivedAt: '2026-03-02T08:20:00.000Z', rejectedAt: null, rejectionReason: null, rejectionNote: null, recollectionOf: null,
});
const entry = LabWorklistEntrySchema.parse({
  requestId: ids.request, accession: 'L2600012344', orderId: null, patientId: ids.patient, mrn: 'HMS-000123', patientName: 'Amina Wanjiru Yusuf', priority: 'urgent',
  orderedAt: '2026-03-02T07:50:00.000Z', requestedBy: 'Dr. Peter Okello',
  tests: [
    { id: ids.fbc, orderItemId: null, code: 'FBC', name: 'Full blood count', section: 'haematology', status: 'released' },
    { id: ids.rbg, orderItemId: null, code: 'RBG', name: 'Random blood glucose', section: 'chemistry', status: 'released' },
  ],
  specimens: [specimen(ids.edta, 'L2600012344-1', 'edta', ['FBC']), specimen(ids.fluoride, 'L2600012344-2', 'fluoride', ['RBG'])],
});

let sequence = 0;
function result(testId: string, specimenId: string, analyte: string, value: string, unit: string, flag: LabResult['flag'], range: [number, number, number | null, number | null], more: Partial<LabResult> = {}): LabResult {
  sequence += 1;
  return LabResultSchema.parse({
    id: `5a5a5a5a-0000-4000-8000-${String(sequence).padStart(12, '0')}`, testId, specimenId, patientId: ids.patient, analyte, version: 1, value, unit, flag,
    range: { low: range[0], high: range[1], criticalLow: range[2], criticalHigh: range[3], text: `${range[0]}–${range[1]}`, source: 'AACB/RCPA' },
    status: 'released', comment: null, enteredAt: '2026-03-02T09:00:00.000Z', enteredByName: 'Tom Technologist', enteredAtDesk: null,
    validatedAt: '2026-03-02T09:10:00.000Z', validatedByName: 'Tom Technologist', releasedAt: '2026-03-02T09:30:00.000Z', releasedByName: 'Dr. Sara Pathologist',
    amendmentReason: null, supersedes: null, ...more,
  });
}

const hgb = result(ids.fbc, ids.edta, 'HGB', '98', 'g/L', 'L', [115, 165, 70, null], { comment: 'Hypochromic cells seen on film.' });
const wbc = result(ids.fbc, ids.edta, 'WBC', '7.2', '10*9/L', null, [4, 11, 1, 50]);
const pltFirst = result(ids.fbc, ids.edta, 'PLT', '45', '10*9/L', 'L', [150, 400, 20, 1000]);
const plt = result(ids.fbc, ids.edta, 'PLT', '450', '10*9/L', 'H', [150, 400, 20, 1000], { version: 2, supersedes: pltFirst.id, amendmentReason: 'Transcription error: the analyser read 450.', releasedAt: '2026-03-02T10:05:00.000Z' });
const glu = result(ids.rbg, ids.fluoride, 'GLU', '1.9', 'mmol/L', 'LL', [3.9, 7.8, 2.5, 25]);

const patient = { mrn: 'HMS-000123', name: 'Amina Wanjiru Yusuf', sex: 'F', birthDate: '1990-04-12' };
const report = (results: LabResult[], releasedOnly = false) => PrintDocumentSchema.parse(labReportDocumentOf({ entry, results }, patient, { reportedAt: '2026-03-02T11:40:00.000Z', releasedOnly }));

describe('the lab report, an A5 page', () => {
  it('prints each test\'s values with unit, flag and the range in force, the patient, the specimens and the sign-off', async () => {
    const read = await readPdf(await renderPdf(report([hgb, wbc, pltFirst, plt, glu]), context, 'PDF'));
    expect(read.size).toBe('419.53 x 595.28');
    expect(read.pages).toBe(1);
    const lines = read.text.split('\n');
    const has = (expected: string) => expect(lines.some((line) => line.includes(expected)), `"${expected}" in\n${read.text}`).toBe(true);
    for (const expected of [
      'St. Mary Hospital', 'LABORATORY REPORT — AMENDED', 'Amina Wanjiru Yusuf', 'MRN HMS-000123', '35 years, F, born 12 Apr 1990',
      'Accession L2600012344', 'Requested by Dr. Peter Okello', 'Priority URGENT',
      'Specimen L2600012344-1 EDTA (purple) collected 2 Mar 2026 ', 'Specimen L2600012344-2 Fluoride oxalate (grey)',
      'Full blood count', 'Test Result Flag Unit Reference range',
      'HGB 98 L g/L 115–165', 'WBC 7.2 ×10⁹/L 4–11', 'PLT 450 H ×10⁹/L 150–400',
      'Comment: Hypochromic cells seen on film.', 'Amended (was 45): Transcription error: the analyser read 450.',
      'Random blood glucose', 'GLU 1.9 LL mmol/L 3.9–7.8',
      'Validated by Tom Technologist at 2 Mar 2026', 'released by Dr. Sara Pathologist at 2 Mar 2026',
      'Flags: L low, H high', 'Laboratory report L2600012344 for Amina Wanjiru Yusuf, MRN HMS-000123 · page 1 of 1',
    ]) has(expected);
    expect(read.text).toMatch(/Specimen L2600012344-1 EDTA \(purple\) collected 2 Mar 2026 \d\d:05 received \d\d:20/);
    expect(read.text).not.toContain('PRELIMINARY');
    // The superseded platelet count is named only as what the correction replaced.
    expect(lines.filter((line) => line.startsWith('PLT'))).toEqual(['PLT 450 H ×10⁹/L 150–400']);
  });

  it('the lab\'s copy before release is marked preliminary and says which values are not released', async () => {
    const entered = { ...glu, status: 'entered' as const, validatedAt: null, validatedByName: null, releasedAt: null, releasedByName: null };
    const read = await readPdf(await renderPdf(report([hgb, wbc, plt, entered]), context, 'PDF'));
    expect(read.text).toContain('LABORATORY REPORT — PRELIMINARY');
    expect(read.text).toContain('GLU 1.9 LL mmol/L 3.9–7.8');
    expect(read.text).toContain('(not validated, not released)');
    expect(read.text).toContain('Not validated yet; not released yet.');
    expect(read.text.replace(/\n/g, ' ')).toContain('Preliminary: tests to follow, and results marked "not released", are not final');
  });

  it('the released-only copy leaves unreleased values off and says the test is not released yet', async () => {
    const validated = { ...glu, status: 'validated' as const, releasedAt: null, releasedByName: null };
    const read = await readPdf(await renderPdf(report([hgb, wbc, plt, validated], true), context, 'PDF'));
    expect(read.text).not.toContain('GLU');
    expect(read.text).toContain('Random blood glucose\nNot released yet');
  });

  it('leaves out values read from a rejected specimen and says the specimen is awaited', async () => {
    const rejected = { ...entry, specimens: [entry.specimens[0]!, { ...entry.specimens[1]!, status: 'rejected' as const, rejectionReason: 'haemolysed' as const }], tests: [entry.tests[0]!, { ...entry.tests[1]!, status: 'awaiting_collection' as const }] };
    const document = PrintDocumentSchema.parse(labReportDocumentOf({ entry: rejected, results: [hgb, wbc, plt, glu] }, patient, { reportedAt: '2026-03-02T11:40:00.000Z', releasedOnly: false }));
    const read = await readPdf(await renderPdf(document, context, 'PDF'));
    expect(read.text).not.toContain('GLU');
    expect(read.text).not.toContain('L2600012344-2');
    expect(read.text).toContain('Random blood glucose\nSpecimen awaited');
  });

  it('the browser page and the screen view say the same: values, flags and ranges', () => {
    const html = printableHtml(report([hgb, wbc, pltFirst, plt, glu]), 'St. Mary Hospital');
    expect(html).toContain('size:A5');
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const expected of ['HGB 98 L g/L 115–165', 'GLU 1.9 LL mmol/L 3.9–7.8', 'Amended (was 45): Transcription error: the analyser read 450.', 'released by Dr. Sara Pathologist']) expect(text).toContain(expected);
  });

  it('from the server\'s lab.report: released values, the correction with the value and unit it replaced, tests to follow', async () => {
    const released = (analyte: string, value: string, unit: string, flag: LabResult['flag'], text: string, amendment: unknown = null) => ({
      resultId: `6b6b6b6b-0000-4000-8000-${String((sequence += 1)).padStart(12, '0')}`, analyte, value, unit, flag, range: { low: null, high: null, criticalLow: null, criticalHigh: null, text, source: 'AACB/RCPA' },
      comment: null, specimenBarcode: 'L2600012344-2', version: amendment === null ? 1 : 2, validatedByName: 'Tom Technologist', validatedAt: '2026-03-02T09:10:00.000Z',
      releasedByName: 'Dr. Sara Pathologist', releasedAt: '2026-03-02T09:30:00.000Z', amendment,
    });
    const fromServer = LabReportSchema.parse({
      hospital: { name: 'St. Mary Hospital', address: null }, requestId: ids.request, accession: 'L2600012344', orderId: null, priority: 'routine',
      patient: { id: ids.patient, name: 'Baraka Otieno', mrn: 'HMS-000200', sex: 'M', birthDate: '2026-02-20', birthDateEstimated: false, age: '10 d' },
      requestedBy: 'Dr. Peter Okello', orderedAt: '2026-03-02T07:50:00.000Z',
      specimens: [{ barcode: 'L2600012344-2', container: 'serum', tests: ['UE'], collectedAt: '2026-03-02T08:05:00.000Z', collectedByName: 'Ann', receivedAt: null }],
      tests: [{ testId: ids.rbg, code: 'UE', name: 'Urea and electrolytes', section: 'chemistry', results: [
        released('K', '6.9', 'mmol/L', 'HH', '3.5–5.2'),
        released('CREAT', '88', 'umol/L', null, '45–90', { reason: 'Entered in mg/dL by mistake', amendedByName: 'Dr. Sara Pathologist', amendedAt: '2026-03-02T10:00:00.000Z', previousValue: '1.0', previousUnit: 'mg/dL', firstReleasedAt: '2026-03-02T09:30:00.000Z' }),
      ] }],
      pendingTests: [{ code: 'FBC', name: 'Full blood count' }],
      releasedAt: '2026-03-02T10:00:00.000Z', amended: true, generatedAt: '2026-03-02T11:40:00.000Z',
    });
    const read = await readPdf(await renderPdf(PrintDocumentSchema.parse(labReportDocumentFromReport(fromServer)), context, 'PDF'));
    for (const expected of [
      'LABORATORY REPORT — PRELIMINARY', 'Baraka Otieno', '10 days, M, born 20 Feb 2026', 'Specimen L2600012344-2 Serum SST (gold) collected 2 Mar 2026',
      'K 6.9 HH mmol/L 3.5–5.2', 'CREAT 88 µmol/L 45–90', 'Amended (was 1.0 mg/dL): Entered in mg/dL by mistake', 'Full blood count\nTo follow',
    // pdf.js reads the micro sign back as the Greek mu (its compatibility form): compared in that form.
    ]) expect(read.text.normalize('NFKC'), expected).toContain(expected.normalize('NFKC'));
    expect(read.text).not.toContain('Priority');
  });

  it('goes to the page printer (here a folder), never the receipt or label printer, and a long range in force wraps in its column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hms-lab-report-'));
    try {
      const settings = WorkstationSettingsSchema.parse({
        serverUrl: 'http://hms:7400', workstationId: 'lab-bench-1',
        receiptPrinter: { kind: 'pdf', target: { type: 'folder', dir: join(dir, 'receipts') } },
        pagePrinter: { kind: 'pdf', target: { type: 'folder', dir: join(dir, 'pages') } },
      });
      const printers = new PrinterService({ settings: () => settings, now: () => new Date('2026-03-02T11:40:00Z'), hospital: () => ({ name: 'St. Mary Hospital', address: null }) });
      const noted = { ...glu, range: { ...glu.range!, text: '3.9–7.8 (adult, age not recorded)' } };
      const outcome = await printers.print(report([hgb, wbc, plt, noted]));
      expect(outcome.role).toBe('page');
      expect(outcome.file).toMatch(/pages\/labReport-20260302T114000-[0-9a-f]{6}\.pdf$/);
      const read = await readPdf(outcome.file!);
      expect(read.text).toContain('GLU 1.9 LL mmol/L 3.9–7.8 (adult, age not');
      expect(read.text).toContain('recorded)');
      await expect(readdir(join(dir, 'receipts'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
