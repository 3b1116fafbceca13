import type { Chart } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { patientFactsFromChart } from './patient-facts.js';

const reading = (value: number) => ({ value, takenAt: '2026-12-01T09:00:00.000Z', vitalsId: '30000000-0000-4000-8000-000000000001' });
const allergy = (id: string, status: 'active' | 'inactive' | 'refuted') => ({
  id, revision: 1, patientId: '20000000-0000-4000-8000-000000000001', substance: { kind: 'drugClass' as const, code: 'penicillins', text: 'Penicillin' },
  reaction: null, severity: 'severe' as const, status, note: null, recordedAt: '2026-11-01T09:00:00.000Z', recordedByName: 'Nurse',
});
const medication = (drugId: string, endsAt: string | null) => ({
  prescriptionId: '40000000-0000-4000-8000-000000000001', itemId: '40000000-0000-4000-8000-000000000002', drugId, name: 'x', dose: '1 mg', route: 'by mouth',
  frequency: 'once a day', startedAt: '2026-11-20T09:00:00.000Z', endsAt, prescribedByName: 'Dr', prescriptionNumber: 'RX-000001', instructions: null,
});

function chart(birthDate: string | null): Chart {
  const latest = { temperatureC: null, pulseBpm: null, respiratoryRate: null, systolicMmHg: null, diastolicMmHg: null, spo2Percent: null, weightKg: reading(18.5), heightCm: null, painScore: null, muacCm: null, headCircumferenceCm: null, bmi: null };
  return {
    patient: { id: '20000000-0000-4000-8000-000000000001', mrn: 'MRN-1', name: 'Dawit Bekele', sex: 'M', birthDate, birthDateEstimated: false },
    allergies: { status: 'allergies', items: [allergy('a1', 'active'), allergy('a2', 'refuted'), allergy('a3', 'inactive')], noneKnown: null },
    problems: [],
    latestVitals: latest,
    recentEncounters: [],
    encounterCount: 0,
    medications: { available: true, items: [medication('warfarin', '2026-12-20T09:00:00.000Z'), medication('ended', '2026-12-01T09:00:00.000Z')] },
    results: { available: true, items: [] },
  };
}

describe('the offline check\'s patient facts, from the kept chart', () => {
  const now = new Date('2026-12-02T08:00:00.000Z');

  it('takes the age in the hospital\'s calendar, the latest weight, active allergies only, and medication not yet ended plus this desk\'s unsent drugs', () => {
    expect(patientFactsFromChart(chart('2019-12-03'), '2026-12-02', now, ['ibuprofen', 'warfarin'])).toEqual({
      ageYears: 6,
      weightKg: 18.5,
      allergies: [{ id: 'a1', substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillin' }, severity: 'severe' }],
      currentMedications: [{ drugId: 'warfarin' }, { drugId: 'ibuprofen' }],
    });
    // A birthday today counts.
    expect(patientFactsFromChart(chart('2019-12-02'), '2026-12-02', now).ageYears).toBe(7);
  });

  it('says the age is unknown when the date of birth is', () => {
    expect(patientFactsFromChart(chart(null), '2026-12-02', now).ageYears).toBeNull();
  });
});
