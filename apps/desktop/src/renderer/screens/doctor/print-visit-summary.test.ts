import { FORMULARY_SEED } from '@hms/core';
import type { Chart, Doctor, Drug } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { ConsultationView } from '../../../shared/doctor/views.js';
import { PrintDocumentSchema } from '../../../shared/printing/documents.js';
import type { DiagnosisLine, OrderLine, PrescriptionLine } from './consultation-lists.js';
import { visitSummaryDocument } from './print-visit-summary.js';

const at = '2026-12-02T09:00:00.000Z';
const azithromycin = { ...FORMULARY_SEED.find((candidate) => candidate.code.startsWith('azithromycin-500mg'))!, id: '00000000-0000-4000-8000-000000000051' } as unknown as Drug;
const amoxicillin = { ...FORMULARY_SEED.find((candidate) => candidate.code === 'amoxicillin-500mg-capsule')!, id: '00000000-0000-4000-8000-000000000052' } as unknown as Drug;
const chart = {
  patient: { mrn: 'PAT-2026-000003-7', name: 'Mary Atieno', sex: 'F', birthDate: '1994-09-30', birthDateEstimated: false },
  allergies: { status: 'allergies', items: [{ id: 'a', status: 'active', substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: 'Hives', severity: 'moderate' }] },
  latestVitals: { weightKg: { value: 58, takenAt: at } },
} as unknown as Chart;
const doctor = { displayName: 'Demo Doctor', registrationNumber: 'DEMO-1001', department: 'OPD' } as Doctor;
// Offline: the start has not reached the server, so there is no server encounter yet.
const view = {
  visitId: 'v', patientId: 'p', patient: null, encounterId: 'e', doctorId: 'd', state: 'starting', encounter: null,
  note: { sections: {}, typedAt: null, savedTypedAt: null, unsent: true, refused: null }, writes: [], startedAt: at, updatedAt: at,
} as ConsultationView;
const diagnosis = (code: string, pending: DiagnosisLine['pending']): DiagnosisLine => ({ key: code, code, description: `${code} words`, certainty: 'provisional', rank: null, pending });
const order = (name: string, status: OrderLine['status'], pending: OrderLine['pending']): OrderLine => ({ key: name, name, kind: 'lab', priority: 'routine', status, orderedAt: at, pending });
const prescription = (drug: Drug, pending: PrescriptionLine['pending']): PrescriptionLine => ({
  id: drug.id, number: null, createdAt: at, status: 'active', overrides: 0, prescriberName: null, prescriberRegistration: null, pending, prescription: undefined, refusal: null,
  items: [{ drugId: drug.id, dose: 500, doseUnit: 'mg', route: 'oral', frequency: 'od', durationDays: 3, quantity: 3 }],
});

describe('the visit summary from what the desk shows', () => {
  it('prints what waits to be sent, and leaves out what the server refused or what was cancelled', () => {
    const document = PrintDocumentSchema.parse(visitSummaryDocument({
      view, chart, doctor, plan: ' Review in 48 h. ', drugs: [azithromycin, amoxicillin],
      diagnoses: [diagnosis('J189', 'queued'), diagnosis('R509', 'refused')],
      orders: [order('Full blood count', null, 'queued'), order('Chest X-ray', 'cancelled', null), order('Malaria RDT', null, 'refused')],
      prescriptions: [prescription(azithromycin, 'queued'), prescription(amoxicillin, 'refused')],
    }));
    if (document.kind !== 'visitSummary') throw new Error('not a visit summary');
    expect(document.visitAt).toBe(at);
    expect(document.diagnoses).toEqual([{ code: 'J189', description: 'J189 words', provisional: true }]);
    expect(document.orders).toEqual([{ name: 'Full blood count', kind: 'laboratory test' }]);
    expect(document.medicines.map((item) => item.product.genericName)).toEqual([(azithromycin as unknown as { genericName: string }).genericName]);
    expect(document.advice).toBe('Review in 48 h.');
    expect(document.doctor).toEqual({ name: 'Demo Doctor', registration: 'DEMO-1001' });
    expect(document.department).toBe('OPD');
    expect(document.patient.allergies).toEqual({ status: 'recorded', items: ['Penicillins (Hives)'] });
  });

  it('refuses, typed, when a medicine is not in the formulary kept here (it cannot be written out)', () => {
    expect(() => visitSummaryDocument({ view, chart, doctor, plan: undefined, drugs: [], diagnoses: [], orders: [], prescriptions: [prescription(azithromycin, 'queued')] }))
      .toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
