/**
 * Dates of birth are calendar dates ('YYYY-MM-DD', no time zone). Many patients know only
 * their age: an estimated age stores today's month and day in the year `age` years back,
 * flagged as estimated. `today` is always passed in (the hospital's local date).
 */
export const MAX_PATIENT_AGE_YEARS = 130;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parts(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The estimated date of birth of someone `ageYears` old on `today` (29 February becomes the 28th). */
export function estimatedBirthDate(ageYears: number, today: string): string {
  if (!Number.isInteger(ageYears) || ageYears < 0 || ageYears > MAX_PATIENT_AGE_YEARS) throw new RangeError('age out of range');
  const [year, month, day] = parts(today);
  const birthYear = year - ageYears;
  const lastDay = new Date(Date.UTC(birthYear, month, 0)).getUTCDate();
  return format(birthYear, month, Math.min(day, lastDay));
}

/** Whole years between a date of birth and `today`. */
export function ageInYears(birthDate: string, today: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [ty, tm, td] = parts(today);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Why a date of birth is not acceptable on `today`, or undefined. */
export function birthDateProblem(birthDate: string, today: string): string | undefined {
  if (!isValidCalendarDate(birthDate)) return 'must be a date YYYY-MM-DD';
  if (birthDate > today) return 'must not be in the future';
  if (ageInYears(birthDate, today) > MAX_PATIENT_AGE_YEARS) return `must be within the last ${MAX_PATIENT_AGE_YEARS} years`;
  return undefined;
}

/** Whole days between two calendar dates. */
function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** Whole months between a date of birth and `today` (a month is reached on the same day of the month, or the month's last day). */
function ageInMonths(birthDate: string, today: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [ty, tm, td] = parts(today);
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return (ty - by) * 12 + (tm - bm) - (td < Math.min(bd, lastDay) ? 1 : 0);
}

/**
 * Age as a report prints it on `onDate`: days under one month (neonates), months under two
 * years, years after; null without a date of birth or before it.
 */
export function ageLabel(birthDate: string | null, onDate: string): string | null {
  if (birthDate === null || birthDate > onDate) return null;
  const months = ageInMonths(birthDate, onDate);
  if (months < 1) return `${daysBetween(birthDate, onDate)} d`;
  if (months < 24) return `${months} mo`;
  return `${ageInYears(birthDate, onDate)} y`;
}
