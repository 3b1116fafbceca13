import { methods } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { resentAllergy, resentVitals, vitalsDraftOf } from './conflict-fix.js';
import { checkVitals } from './vitals-draft.js';

const patientId = '00000000-0000-4000-8000-000000000001';
const visitId = '00000000-0000-4000-8000-000000000002';

describe('fixing a refused vitals record', () => {
  it('shows the readings as sent; sends the corrected ones with the patient, visit and time taken, leaving an emptied box out', () => {
    const params = { patientId, visitId, takenAt: '2026-12-02T09:00:00.000Z', pulseBpm: 88, temperatureC: 37.5, spo2Percent: 97 };
    const draft = vitalsDraftOf(params);
    expect(draft).toMatchObject({ pulseBpm: '88', temperatureC: '37.5', spo2Percent: '97', weightKg: '' });
    const corrected = checkVitals({ ...draft, temperatureC: '', pulseBpm: '92' });
    const resent = resentVitals(params, corrected.readings);
    expect(resent).toEqual({ patientId, visitId, takenAt: '2026-12-02T09:00:00.000Z', pulseBpm: 92, spo2Percent: 97 });
    expect(methods['vitals.record'].params.safeParse(resent).success).toBe(true);
  });
});

describe('fixing a refused allergy', () => {
  const params = { patientId, substance: { kind: 'drugClass' as const, code: 'penicillins', text: 'Penicillins' }, reaction: 'Rash', severity: 'mild' as const, status: 'active' as const };

  it('as a revision of the allergy recorded meanwhile, with the corrected severity; an emptied reaction is left out', () => {
    const allergyId = '00000000-0000-4000-8000-000000000003';
    const resent = resentAllergy(params, { reaction: '  ', severity: 'severe', reviseAllergyId: allergyId });
    expect(resent).toEqual({ patientId, substance: params.substance, severity: 'severe', status: 'active', allergyId });
    expect(methods['allergies.record'].params.safeParse(resent).success).toBe(true);
  });

  it('or as a new allergy again, never naming an allergy it was not told of', () => {
    expect(resentAllergy({ ...params, allergyId: '00000000-0000-4000-8000-000000000009' }, { reaction: 'Hives', severity: 'moderate', reviseAllergyId: undefined })).toEqual({
      patientId, substance: params.substance, reaction: 'Hives', severity: 'moderate', status: 'active',
    });
  });
});
