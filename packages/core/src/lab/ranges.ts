import { z } from 'zod';
import { text } from '../common.js';

/**
 * Age bands are half-open [from, to): a child of exactly 1 year on its birthday is in the band
 * that starts at 1 year. Ages count calendar days, months and years from the birth date, to the
 * result's calendar date in the hospital's time zone (the caller converts the instant).
 */
export const AGE_UNITS = ['d', 'mo', 'a'] as const;
export type AgeUnit = (typeof AGE_UNITS)[number];
export const AgeSchema = z.object({ value: z.number().int().min(0).max(200), unit: z.enum(AGE_UNITS) });
export type Age = z.output<typeof AgeSchema>;

export const RANGE_SEXES = ['F', 'M', 'any'] as const;

const bandFields = {
  sex: z.enum(RANGE_SEXES).default('any'),
  ageFrom: AgeSchema.optional(),
  ageTo: AgeSchema.optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  source: text(300).min(3, 'name the source of the limits'),
};

export const ReferenceRangeSchema = z.object(bandFields).refine((r) => r.low !== undefined || r.high !== undefined, 'a range has a low or a high limit');
export type ReferenceRange = z.output<typeof ReferenceRangeSchema>;
/** Critical limits have the same shape: below `low` is LL, above `high` is HH. */
export const AgeBandedLimitSchema = ReferenceRangeSchema;
export type CriticalLimit = ReferenceRange;

export type PatientSex = 'F' | 'M' | 'O' | 'U';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function parseDate(date: string): { y: number; m: number; d: number } {
  const match = DATE.exec(date);
  if (match === null) throw new RangeError(`Not a calendar date: ${date}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const serial = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000;

/** The date a person born on `birthDate` reaches `age` (a 29 February birthday falls on 28 February in other years). */
export function dateReaching(birthDate: string, age: Age): number {
  const b = parseDate(birthDate);
  if (age.unit === 'd') return serial(b.y, b.m, b.d) + age.value;
  const months = age.unit === 'mo' ? age.value : age.value * 12;
  const total = b.m - 1 + months;
  const y = b.y + Math.floor(total / 12);
  const m = (total % 12) + 1;
  return serial(y, m, Math.min(b.d, daysIn(y, m)));
}

export function inAgeBand(birthDate: string, onDate: string, band: { ageFrom?: Age | undefined; ageTo?: Age | undefined }): boolean {
  const on = parseDate(onDate);
  const day = serial(on.y, on.m, on.d);
  if (band.ageFrom !== undefined && day < dateReaching(birthDate, band.ageFrom)) return false;
  if (band.ageTo !== undefined && day >= dateReaching(birthDate, band.ageTo)) return false;
  return true;
}

export interface SelectedRange {
  low?: number;
  high?: number;
  source: string;
  /** The patient's sex is not F or M and the band has only sex-specific limits: the widest of the two is shown. */
  sexUnknown: boolean;
}

/**
 * The range (or critical limits) in force for a patient on a date: a band of the patient's sex
 * wins over an `any` band; for unknown or other sex, an `any` band, else the widest of F and M.
 * Undefined when no band covers the age (the result is then not flagged).
 */
export function selectRange(ranges: readonly ReferenceRange[], patient: { birthDate: string; sex: PatientSex }, onDate: string): SelectedRange | undefined {
  if (dateReaching(onDate, { value: 0, unit: 'd' }) < dateReaching(patient.birthDate, { value: 0, unit: 'd' })) {
    throw new RangeError('A result dated before the patient was born');
  }
  const inBand = ranges.filter((r) => inAgeBand(patient.birthDate, onDate, r));
  const known = patient.sex === 'F' || patient.sex === 'M' ? inBand.find((r) => r.sex === patient.sex) : undefined;
  const chosen = known ?? inBand.find((r) => r.sex === 'any');
  if (chosen !== undefined) return withoutUndefined({ low: chosen.low, high: chosen.high, source: chosen.source, sexUnknown: false });
  if (patient.sex === 'F' || patient.sex === 'M') return undefined;
  const both = inBand.filter((r) => r.sex === 'F' || r.sex === 'M');
  if (both.length === 0) return undefined;
  const lows = both.map((r) => r.low);
  const highs = both.map((r) => r.high);
  return withoutUndefined({
    low: lows.includes(undefined) ? undefined : Math.min(...(lows as number[])),
    high: highs.includes(undefined) ? undefined : Math.max(...(highs as number[])),
    source: [...new Set(both.map((r) => r.source))].join('; '),
    sexUnknown: true,
  });
}

function withoutUndefined(range: { low: number | undefined; high: number | undefined; source: string; sexUnknown: boolean }): SelectedRange {
  const out: SelectedRange = { source: range.source, sexUnknown: range.sexUnknown };
  if (range.low !== undefined) out.low = range.low;
  if (range.high !== undefined) out.high = range.high;
  return out;
}
