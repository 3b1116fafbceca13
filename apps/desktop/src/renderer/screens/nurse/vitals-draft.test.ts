import { VITAL_MEASUREMENTS, vitalsProblems } from '@hms/core';
import type { LatestVitals } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { EMPTY_VITALS, checkVitals, draftBmi, takenAtOf, waitingFor } from './vitals-draft.js';

const latest = (weight: number | null, height: number | null): LatestVitals => ({
  ...Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [name, null])),
  weightKg: weight === null ? null : { value: weight, takenAt: '2026-12-01T09:00:00.000Z', vitalsId: 'v' },
  heightCm: height === null ? null : { value: height, takenAt: '2026-12-01T09:00:00.000Z', vitalsId: 'v' },
  bmi: null,
} as LatestVitals);

describe('checkVitals', () => {
  it('sends what was typed as numbers (a decimal comma too) and leaves blank boxes out', () => {
    expect(checkVitals({ ...EMPTY_VITALS, temperatureC: '37,5', pulseBpm: ' 88 ', systolicMmHg: '120', diastolicMmHg: '80' })).toEqual({
      readings: { temperatureC: 37.5, pulseBpm: 88, systolicMmHg: 120, diastolicMmHg: 80 }, errors: {},
    });
  });

  it('gives each box the server\'s message before anything is sent', () => {
    const { errors } = checkVitals({ ...EMPTY_VITALS, temperatureC: '73', systolicMmHg: '120', pulseBpm: '88.5' });
    expect(errors).toEqual(vitalsProblems({ temperatureC: 73, systolicMmHg: 120, pulseBpm: 88.5 }));
    expect(errors.temperatureC).toMatch(/outside/);
    expect(errors.diastolicMmHg).toMatch(/both the systolic and the diastolic/);
    expect(checkVitals(EMPTY_VITALS).errors).toEqual({ _: 'record at least one measurement' });
  });

  it('says a box holding text is not a number, and then not that nothing was measured', () => {
    expect(checkVitals({ ...EMPTY_VITALS, weightKg: '64kg' }).errors).toEqual({ weightKg: 'must be a number' });
  });
});

describe('draftBmi', () => {
  it('from the typed weight and height, else the latest kept, and none when either is missing or implausible', () => {
    expect(draftBmi({ ...EMPTY_VITALS, weightKg: '64', heightCm: '165' }, null)).toEqual({ bmi: 23.5, from: 'typed' });
    expect(draftBmi({ ...EMPTY_VITALS, weightKg: '80' }, latest(70, 175))).toEqual({ bmi: 26.1, from: 'mixed' });
    expect(draftBmi(EMPTY_VITALS, latest(70, 175))).toEqual({ bmi: 22.9, from: 'latest' });
    expect(draftBmi({ ...EMPTY_VITALS, weightKg: '64' }, latest(null, null))).toBeUndefined();
    expect(draftBmi({ ...EMPTY_VITALS, weightKg: '64', heightCm: '1.65' }, null)).toBeUndefined();
  });
});

describe('waitingFor', () => {
  it('minutes, then hours and minutes', () => {
    const now = Date.parse('2026-12-02T10:00:00.000Z');
    expect(waitingFor('2026-12-02T09:35:30.000Z', now)).toBe('24 min');
    expect(waitingFor('2026-12-02T08:55:00.000Z', now)).toBe('1 h 05 min');
    expect(waitingFor('2026-12-02T10:01:00.000Z', now)).toBe('0 min');
  });
});

describe('takenAtOf', () => {
  it('now when left empty, else today at the time typed; a time to come or not a time is refused', () => {
    const now = new Date(2026, 11, 2, 10, 15, 30);
    expect(takenAtOf('', now)).toEqual({ takenAt: now.toISOString() });
    expect(takenAtOf('09:40', now)).toEqual({ takenAt: new Date(2026, 11, 2, 9, 40).toISOString() });
    expect(takenAtOf('0905', now)).toEqual({ takenAt: new Date(2026, 11, 2, 9, 5).toISOString() });
    expect(takenAtOf('10:20', now)).toEqual({ error: 'is in the future' });
    expect(takenAtOf('25:00', now)).toEqual({ error: 'a time as HH:MM' });
  });
});
