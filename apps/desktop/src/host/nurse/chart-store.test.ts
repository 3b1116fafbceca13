import { VITAL_MEASUREMENTS } from '@hms/core';
import type { LatestVitals, Vitals } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { withReadings } from './chart-store.js';

const empty = { ...Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [name, null])), bmi: null } as LatestVitals;
const vitals = (id: string, takenAt: string, readings: Partial<Record<(typeof VITAL_MEASUREMENTS)[number], number>>): Vitals => ({
  id, patientId: 'p', encounterId: null, visitId: null, takenAt, recordedAt: takenAt, recordedBy: 'u', recordedByName: 'Nina',
  ...Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [name, readings[name] ?? null])), bmi: null, supersedes: null, correctionReason: null, supersededBy: null,
} as Vitals);

describe('withReadings', () => {
  it('makes each reading the latest unless one taken later is kept, and works BMI out from the latest weight and height', () => {
    const first = withReadings(empty, vitals('v1', '2026-12-02T09:00:00.000Z', { weightKg: 70, heightCm: 175, pulseBpm: 90 }));
    expect(first).toMatchObject({ weightKg: { value: 70, vitalsId: 'v1' }, pulseBpm: { value: 90 }, bmi: 22.9, temperatureC: null });
    const earlier = withReadings(first, vitals('v0', '2026-12-02T08:00:00.000Z', { pulseBpm: 120, temperatureC: 37.2 }));
    expect(earlier).toMatchObject({ pulseBpm: { value: 90, vitalsId: 'v1' }, temperatureC: { value: 37.2, vitalsId: 'v0' } });
    expect(withReadings(earlier, vitals('v2', '2026-12-02T10:00:00.000Z', { weightKg: 80 })).bmi).toBe(26.1);
  });
});
