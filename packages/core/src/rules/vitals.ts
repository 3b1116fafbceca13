import type { FieldErrors } from '../errors.js';

/** Every measurement a vitals record may carry (all optional; at least one). */
export const VITAL_MEASUREMENTS = [
  'temperatureC', 'pulseBpm', 'respiratoryRate', 'systolicMmHg', 'diastolicMmHg', 'spo2Percent',
  'weightKg', 'heightCm', 'painScore', 'muacCm', 'headCircumferenceCm',
] as const;
export type VitalMeasurement = (typeof VITAL_MEASUREMENTS)[number];
export type VitalsMeasurements = Partial<Record<VitalMeasurement, number>>;

export interface VitalRange {
  min: number;
  max: number;
  /** Digits after the decimal point a reading may have (0: whole numbers). */
  decimals: number;
  unit: string;
}

/**
 * What a reading can plausibly be, for anyone from a premature baby to an adult: outside these
 * it is a typing slip (37 typed as 73, kg as g) or a broken device, not a patient. They are
 * wide on purpose: a reading that is alarming but real (a pulse of 220 in SVT, 28 °C after
 * exposure) must go in, since the chart has to show it.
 */
export const VITAL_RANGES: Readonly<Record<VitalMeasurement, VitalRange>> = {
  temperatureC: { min: 25, max: 45, decimals: 1, unit: '°C' },
  pulseBpm: { min: 20, max: 300, decimals: 0, unit: '/min' },
  respiratoryRate: { min: 2, max: 120, decimals: 0, unit: '/min' },
  systolicMmHg: { min: 40, max: 300, decimals: 0, unit: 'mmHg' },
  diastolicMmHg: { min: 10, max: 200, decimals: 0, unit: 'mmHg' },
  spo2Percent: { min: 40, max: 100, decimals: 0, unit: '%' },
  weightKg: { min: 0.2, max: 400, decimals: 3, unit: 'kg' },
  heightCm: { min: 20, max: 250, decimals: 1, unit: 'cm' },
  painScore: { min: 0, max: 10, decimals: 0, unit: '' },
  muacCm: { min: 5, max: 60, decimals: 1, unit: 'cm' },
  headCircumferenceCm: { min: 15, max: 70, decimals: 1, unit: 'cm' },
};

function hasAtMostDecimals(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

function withUnit(value: number, unit: string): string {
  return unit === '' ? String(value) : unit.startsWith('/') || unit === '%' || unit === '°C' ? `${value}${unit === '°C' ? ' °C' : unit}` : `${value} ${unit}`;
}

/**
 * Per-field messages for readings that cannot be right, keyed by the field's name (the wire's
 * VALIDATION details), and `_` when nothing was measured. Empty when the record may be stored.
 */
export function vitalsProblems(readings: VitalsMeasurements): FieldErrors {
  const problems: FieldErrors = {};
  let measured = 0;
  for (const name of VITAL_MEASUREMENTS) {
    const value = readings[name];
    if (value === undefined) continue;
    measured += 1;
    const range = VITAL_RANGES[name];
    if (!Number.isFinite(value)) problems[name] = 'must be a number';
    else if (!hasAtMostDecimals(value, range.decimals)) problems[name] = range.decimals === 0 ? 'must be a whole number' : `at most ${range.decimals} decimal${range.decimals === 1 ? '' : 's'}`;
    else if (value < range.min || value > range.max) {
      problems[name] = `${withUnit(value, range.unit)} is outside ${withUnit(range.min, range.unit)} to ${withUnit(range.max, range.unit)}: check the reading`;
    }
  }
  const { systolicMmHg: systolic, diastolicMmHg: diastolic } = readings;
  if (systolic !== undefined && diastolic !== undefined && problems.systolicMmHg === undefined && problems.diastolicMmHg === undefined && diastolic >= systolic) {
    problems.diastolicMmHg = 'must be below the systolic pressure';
  }
  if ((systolic === undefined) !== (diastolic === undefined)) {
    problems[systolic === undefined ? 'systolicMmHg' : 'diastolicMmHg'] ??= 'a blood pressure needs both the systolic and the diastolic reading';
  }
  if (measured === 0) problems._ = 'record at least one measurement';
  return problems;
}

/** Body-mass index, kg/m², to one decimal. */
export function bodyMassIndex(weightKg: number, heightCm: number): number {
  const metres = heightCm / 100;
  return Math.round((weightKg / (metres * metres)) * 10) / 10;
}
