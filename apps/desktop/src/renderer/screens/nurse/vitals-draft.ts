import { VITAL_MEASUREMENTS, VITAL_RANGES, bodyMassIndex, vitalsProblems } from '@hms/core';
import type { LatestVitals, VitalMeasurement, VitalsMeasurements } from '@hms/core';

/** The vitals form as typed: one box per measurement. */
export type VitalsDraft = Readonly<Record<VitalMeasurement, string>>;

export const EMPTY_VITALS: VitalsDraft = Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [name, ''])) as Record<VitalMeasurement, string>;

/** What each box is called, with its unit, in the order the form shows them. */
export const VITAL_FIELDS: ReadonlyArray<{ name: VitalMeasurement; label: string; unit: string }> = [
  { name: 'temperatureC', label: 'Temperature', unit: '°C' },
  { name: 'pulseBpm', label: 'Pulse', unit: '/min' },
  { name: 'respiratoryRate', label: 'Respiratory rate', unit: '/min' },
  { name: 'systolicMmHg', label: 'Systolic BP', unit: 'mmHg' },
  { name: 'diastolicMmHg', label: 'Diastolic BP', unit: 'mmHg' },
  { name: 'spo2Percent', label: 'SpO₂', unit: '%' },
  { name: 'weightKg', label: 'Weight', unit: 'kg' },
  { name: 'heightCm', label: 'Height', unit: 'cm' },
  { name: 'painScore', label: 'Pain score', unit: '/10' },
  { name: 'muacCm', label: 'MUAC', unit: 'cm' },
  { name: 'headCircumferenceCm', label: 'Head circumference', unit: 'cm' },
];

export interface CheckedVitals {
  readings: VitalsMeasurements;
  /** Per box (and `_` when nothing was measured): the server's own messages (core vitalsProblems), and "must be a number" for text. */
  errors: Record<string, string>;
}

/** A typed number as people write it: "37,5" is 37.5; blank is not measured. */
function parseReading(typed: string): number | undefined | 'nan' {
  const text = typed.trim().replace(',', '.');
  if (text === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) || /^-?\.\d+$/.test(text) ? Number(text) : 'nan';
}

/** The readings to send and what is wrong with them, checked by the server's rules before anything is sent. Pure. */
export function checkVitals(draft: VitalsDraft): CheckedVitals {
  const readings: VitalsMeasurements = {};
  const errors: Record<string, string> = {};
  for (const name of VITAL_MEASUREMENTS) {
    const value = parseReading(draft[name]);
    if (value === 'nan') errors[name] = 'must be a number';
    else if (value !== undefined) readings[name] = value;
  }
  // Text that is not a number stands in for its reading: "nothing measured" would be wrong then.
  const problems = vitalsProblems(readings);
  if (Object.keys(errors).length > 0) delete problems._;
  return { readings, errors: { ...problems, ...errors } };
}

/**
 * BMI as the form shows it: from the weight and height typed, else the patient's latest one of
 * them (and says which), none when either is unknown or out of range.
 */
export function draftBmi(draft: VitalsDraft, latest: LatestVitals | null): { bmi: number; from: 'typed' | 'latest' | 'mixed' } | undefined {
  const typedWeight = parseReading(draft.weightKg);
  const typedHeight = parseReading(draft.heightCm);
  const weight = typeof typedWeight === 'number' ? typedWeight : typedWeight === undefined ? latest?.weightKg?.value : undefined;
  const height = typeof typedHeight === 'number' ? typedHeight : typedHeight === undefined ? latest?.heightCm?.value : undefined;
  if (weight === undefined || height === undefined) return undefined;
  const inRange = (value: number, name: 'weightKg' | 'heightCm') => value >= VITAL_RANGES[name].min && value <= VITAL_RANGES[name].max;
  if (!inRange(weight, 'weightKg') || !inRange(height, 'heightCm')) return undefined;
  const typed = [typeof typedWeight === 'number', typeof typedHeight === 'number'];
  return { bmi: bodyMassIndex(weight, height), from: typed.every(Boolean) ? 'typed' : typed.some(Boolean) ? 'mixed' : 'latest' };
}

/** A kept reading as people read it: "37.2 °C", "96/min", "4/10". */
export function readingText(name: VitalMeasurement, value: number): string {
  const unit = VITAL_FIELDS.find((field) => field.name === name)?.unit ?? '';
  return unit.startsWith('/') || unit === '%' ? `${value}${unit}` : `${value} ${unit}`;
}

/** "Waiting 25 min", "1 h 05 min": how long since the patient joined the queue. */
export function waitingFor(queuedAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(queuedAt)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * When the readings were taken: now, when the box is left empty, else today at the time typed
 * ("09:40", "0940"), in this workstation's time. A time still to come is refused with the server's own words.
 */
export function takenAtOf(typed: string, now: Date): { takenAt: string } | { error: string } {
  const text = typed.trim();
  if (text === '') return { takenAt: now.toISOString() };
  const match = /^([01]?\d|2[0-3]):?([0-5]\d)$/.exec(text);
  if (match === null) return { error: 'a time as HH:MM' };
  const at = new Date(now);
  at.setHours(Number(match[1]), Number(match[2]), 0, 0);
  return at.getTime() > now.getTime() ? { error: 'is in the future' } : { takenAt: at.toISOString() };
}
