import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VITAL_MEASUREMENTS, VITAL_RANGES, bodyMassIndex, vitalsProblems } from './vitals.js';

describe('vitalsProblems', () => {
  it('accepts a full set of ordinary adult readings', () => {
    expect(vitalsProblems({
      temperatureC: 37.2, pulseBpm: 88, respiratoryRate: 18, systolicMmHg: 124, diastolicMmHg: 78, spo2Percent: 97,
      weightKg: 70.5, heightCm: 172.5, painScore: 3, muacCm: 27.5, headCircumferenceCm: 56,
    })).toEqual({});
  });

  it('accepts alarming but real readings: a febrile neonate, SVT, hypothermia', () => {
    expect(vitalsProblems({ weightKg: 0.85, temperatureC: 39.4, pulseBpm: 220, respiratoryRate: 70, headCircumferenceCm: 24 })).toEqual({});
    expect(vitalsProblems({ temperatureC: 28.5 })).toEqual({});
  });

  it('names every field whose reading cannot be right', () => {
    expect(vitalsProblems({ temperatureC: 73, pulseBpm: 8, spo2Percent: 101, weightKg: 7000, painScore: 11 })).toEqual({
      temperatureC: '73 °C is outside 25 °C to 45 °C: check the reading',
      pulseBpm: '8/min is outside 20/min to 300/min: check the reading',
      spo2Percent: '101% is outside 40% to 100%: check the reading',
      weightKg: '7000 kg is outside 0.2 kg to 400 kg: check the reading',
      painScore: '11 is outside 0 to 10: check the reading',
    });
  });

  it('wants whole numbers where readings are whole, and bounded decimals elsewhere', () => {
    expect(vitalsProblems({ pulseBpm: 72.5, temperatureC: 37.25, weightKg: 3.1255 })).toEqual({
      pulseBpm: 'must be a whole number', temperatureC: 'at most 1 decimal', weightKg: 'at most 3 decimals',
    });
  });

  it('wants a blood pressure whole, with the diastolic below the systolic', () => {
    expect(vitalsProblems({ systolicMmHg: 80, diastolicMmHg: 120 })).toEqual({ diastolicMmHg: 'must be below the systolic pressure' });
    expect(vitalsProblems({ systolicMmHg: 120 })).toEqual({ diastolicMmHg: 'a blood pressure needs both the systolic and the diastolic reading' });
    expect(vitalsProblems({ diastolicMmHg: 80 })).toEqual({ systolicMmHg: 'a blood pressure needs both the systolic and the diastolic reading' });
  });

  it('wants at least one measurement', () => {
    expect(vitalsProblems({})).toEqual({ _: 'record at least one measurement' });
  });

  it('accepts every reading at the edges of its range, and refuses just beyond', () => {
    for (const name of VITAL_MEASUREMENTS) {
      if (name === 'systolicMmHg' || name === 'diastolicMmHg') continue;
      const { min, max, decimals } = VITAL_RANGES[name];
      const step = 10 ** -decimals;
      expect(vitalsProblems({ [name]: min }), `${name} min`).toEqual({});
      expect(vitalsProblems({ [name]: max }), `${name} max`).toEqual({});
      expect(Object.keys(vitalsProblems({ [name]: Math.round((max + step) * 10 ** decimals) / 10 ** decimals })), `${name} above`).toEqual([name]);
    }
  });
});

describe('bodyMassIndex', () => {
  it('is kg over metres squared, to one decimal', () => {
    expect(bodyMassIndex(70, 175)).toBe(22.9);
    expect(bodyMassIndex(95.5, 160)).toBe(37.3);
    expect(bodyMassIndex(3.2, 50)).toBe(12.8);
  });

  it('grows with weight and falls with height', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 50, max: 220 }), (weight, height) => {
      expect(bodyMassIndex(weight + 10, height)).toBeGreaterThanOrEqual(bodyMassIndex(weight, height));
      expect(bodyMassIndex(weight, height + 10)).toBeLessThanOrEqual(bodyMassIndex(weight, height));
    }));
  });
});
