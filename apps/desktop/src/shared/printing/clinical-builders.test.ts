import { FORMULARY_SEED } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { HostFailure } from '../result.js';
import { prescriptionDocumentOf, visitSummaryDocumentOf } from './clinical-builders.js';
import { PrintDocumentSchema } from './documents.js';
import { writtenItem } from './clinical-format.js';

const drug = FORMULARY_SEED.find((candidate) => candidate.code === 'amoxicillin-500mg-capsule')!;
const drugId = '9d0e7a34-1c1f-4d5e-8b6a-3f2a1b0c9d8e';
const prescription = {
  id: '0b9f3c1e-6a57-4d2b-9a43-2f1d7c9e8a10', number: 'RX-000123', status: 'active' as const, createdAt: '2026-03-02T09:15:00.000Z', prescriberName: 'Dr. Peter Okello', prescriberRegistration: 'A12345',
  overrides: [{ alertKey: 'k', ruleCode: 'r', ruleVersion: 1, severity: 'major' as const, message: 'm', reason: 'benefit outweighs' }],
  items: [{ drugId, dose: 1, doseUnit: 'capsule' as const, route: 'oral' as const, frequency: 'tds' as const, durationDays: 5, quantity: 15, instructions: null }],
};
const patient = { mrn: 'HMS-000123', name: 'Amina Yusuf', allergies: { status: 'noneKnown' as const } };

describe('a prescription from the wire, ready to print', () => {
  it('takes each item\'s product from the formulary, the registration and the count of overrides', () => {
    const document = PrintDocumentSchema.parse(prescriptionDocumentOf(prescription, (id) => (id === drugId ? drug : undefined), patient, { department: 'Outpatients' }));
    if (document.kind !== 'prescription') throw new Error('not a prescription');
    expect(document.prescriber).toEqual({ name: 'Dr. Peter Okello', registration: 'A12345' });
    expect(document.overriddenAlerts).toBe(1);
    expect(writtenItem(document.items[0]!).text).toBe('Amoxicillin 500 mg capsules: take 1 capsule (500 mg) by mouth three times a day for 5 days. Quantity: 15 (fifteen) capsules.');
  });

  it('refuses, typed, when a product is not in the kept formulary (it cannot be written out)', () => {
    expect(() => prescriptionDocumentOf(prescription, () => undefined, patient)).toThrow(HostFailure);
  });

  it('refuses to print a cancelled prescription, which a pharmacy could still dispense from paper', () => {
    const cancelled = { ...prescription, status: 'cancelled' as const };
    expect(() => prescriptionDocumentOf(cancelled, () => drug, patient)).toThrow(expect.objectContaining({ code: 'CONFLICT', details: expect.objectContaining({ reason: 'cancelled' }) }));
  });
});

describe('a visit summary from the encounter', () => {
  it('marks provisional diagnoses, leaves out what was cancelled, words the order kinds, and takes the plan as advice', () => {
    const encounter = {
      startedAt: '2026-03-02T09:00:00.000Z', doctorName: 'Dr. Peter Okello', department: 'Outpatients',
      diagnoses: [
        { code: 'J20.9', description: 'Acute bronchitis', certainty: 'confirmed' as const },
        { code: 'M10.9', description: 'Gout', certainty: 'provisional' as const },
      ].map((diagnosis) => ({ ...diagnosis, id: drugId, encounterId: drugId, rank: 'primary' as const, problemId: null, addedAt: '2026-03-02T09:05:00.000Z', addedBy: drugId })),
      note: { sections: { plan: '  Rest; come back in a week.  ' } },
    };
    const summary = PrintDocumentSchema.parse(visitSummaryDocumentOf(
      encounter, 'A12345',
      [prescription, { ...prescription, status: 'cancelled' as const }],
      [{ name: 'Full blood count', kind: 'lab', status: 'ordered' }, { name: 'Chest X-ray', kind: 'radiology', status: 'ordered' }, { name: 'Malaria RDT', kind: 'lab', status: 'cancelled' }],
      () => drug, patient,
    ));
    if (summary.kind !== 'visitSummary') throw new Error('not a visit summary');
    expect(summary.diagnoses.map((diagnosis) => [diagnosis.description, diagnosis.provisional])).toEqual([['Acute bronchitis', false], ['Gout', true]]);
    expect(summary.medicines).toHaveLength(1);
    expect(summary.orders).toEqual([{ name: 'Full blood count', kind: 'laboratory test' }, { name: 'Chest X-ray', kind: 'X-ray or scan' }]);
    expect(summary.advice).toBe('Rest; come back in a week.');
    expect(summary.doctor).toEqual({ name: 'Dr. Peter Okello', registration: 'A12345' });
  });
});
