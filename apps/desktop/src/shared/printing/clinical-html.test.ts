import { describe, expect, it } from 'vitest';
import { prescriptionHtml, visitSummaryHtml } from './clinical-html.js';
import { PrintDocumentSchema } from './documents.js';
import type { PrescriptionDocument, VisitSummaryDocument } from './documents.js';

// The browser workstation's page: the same words as the PDF, nothing a name could inject.

const patient = { mrn: 'HMS-000123', name: 'Amina <b>Yusuf</b>', sex: 'F', birthDate: '1990-04-12', allergies: { status: 'noneKnown' } } as const;
const item = {
  product: { genericName: 'amoxicillin', strengthText: '500 mg', strength: { amount: 500, unit: 'mg' }, form: 'capsule' },
  dose: 1, doseUnit: 'capsule', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15, instructions: 'after food & water',
} as const;
const rx = (number: string | null) => PrintDocumentSchema.parse({
  kind: 'prescription', id: '0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10', number, writtenAt: '2026-03-02T09:15:00.000Z', patient,
  prescriber: { name: 'Dr. Peter Okello', registration: 'KMPDC A12345' }, items: [item],
}) as PrescriptionDocument;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/\s+/g, ' ');

describe('the prescription as a browser page', () => {
  it('writes each item in words, the doctor\'s registration, and a barcode of the number', () => {
    const coded: string[] = [];
    const html = prescriptionHtml(rx('RX-000123'), 'St. Mary Hospital', (value) => (coded.push(value), '<svg></svg>'));
    const read = text(html);
    expect(read).toContain('Amoxicillin 500 mg capsules Take 1 capsule (500 mg) by mouth three times a day for 5 days. After food & water. Quantity: 15 (fifteen) capsules.');
    expect(read).toContain('No known allergies');
    expect(read).toContain('Registration no. KMPDC A12345');
    expect(read).toContain('1 (one) item on this prescription.');
    expect(coded).toEqual(['RX-000123']);
    expect(html).not.toContain('<b>Yusuf</b>');
    expect(read).toContain('Amina <b>Yusuf</b>');
  });

  it('carries the id, marked provisional, when the number is not assigned yet', () => {
    const coded: string[] = [];
    const read = text(prescriptionHtml(rx(null), 'St. Mary Hospital', (value) => (coded.push(value), '')));
    expect(coded).toEqual(['0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10']);
    expect(read).toContain('not yet assigned (provisional)');
    expect(read).toContain('The prescription number is assigned when the network returns');
  });

  it('a visit summary lists the findings, medicines, orders and advice', () => {
    const summary = PrintDocumentSchema.parse({
      kind: 'visitSummary', visitAt: '2026-03-02T09:00:00.000Z', patient: { ...patient, allergies: { status: 'notRecorded' } },
      doctor: { name: 'Dr. Peter Okello', registration: null }, diagnoses: [{ code: 'J20.9', description: 'Acute bronchitis' }], medicines: [item],
      orders: [{ name: 'Full blood count', kind: 'lab' }], advice: 'Come back in one week.',
    }) as VisitSummaryDocument;
    const read = text(visitSummaryHtml(summary, 'St. Mary Hospital'));
    for (const expected of ['Acute bronchitis J20.9', 'Take 1 capsule (500 mg) by mouth three times a day for 5 days.', 'Full blood count (lab)', 'Come back in one week.', 'Registration number: not on record']) {
      expect(read).toContain(expected);
    }
    // The patient's copy does not tell them to ask themselves about allergies.
    expect(read).toContain('Allergies: not recorded');
    expect(read).not.toContain('before dispensing');
  });
});
