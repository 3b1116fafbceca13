import { ageInYears, daysBetween } from '@hms/core';

/** "2026-03-02 14:05" in the runtime's local time zone: what hospital staff read on printouts. */
export function formatLocalDateTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatLocalDateTime(date);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * A date of birth as printed: "12 Apr 1990" (no day/month order to misread); an estimated one
 * shows its year only, marked ("~1986 (est.)"): its day and month were never known.
 */
export function printedBirthDate(birthDate: string, estimated = false): string {
  const [year, month, day] = birthDate.split('-');
  if (estimated) return `~${year} (est.)`;
  const name = MONTHS[Number(month) - 1];
  return name === undefined || day === undefined ? birthDate : `${Number(day)} ${name} ${year}`;
}

/** Sex and date of birth on one line ("F  DOB 12 Apr 1990"), whichever are known. */
export function sexAndBirth(sex: string | undefined, birthDate: string | undefined, estimated = false): string {
  return [sex, birthDate === undefined ? undefined : `DOB ${printedBirthDate(birthDate, estimated)}`].filter((part) => part !== undefined && part !== '').join('  ');
}

/** A small label's second line: "PAT-2026-000051-6  F  12 Apr 1990" (no room for words). */
export function labelLine(patient: { mrn: string; sex?: string | undefined; birthDate?: string | undefined; birthDateEstimated?: boolean | undefined }): string {
  return [patient.mrn, patient.sex, patient.birthDate === undefined ? undefined : printedBirthDate(patient.birthDate, patient.birthDateEstimated)]
    .filter((part) => part !== undefined && part !== '')
    .join('  ');
}

/** "2 Mar 2026 14:05" in the runtime's local time: a date no one reads day-for-month. */
export function printedDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getDate()} ${MONTHS[date.getMonth()]!} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The age on a day, as a prescriber writes it: years from two, months under two, days under a
 * month (a child's dose depends on it); "about" for an estimated date of birth.
 */
export function ageOn(birthDate: string, onDate: string, estimated = false): string {
  if (birthDate > onDate) return '';
  const prefix = estimated ? 'about ' : '';
  const years = ageInYears(birthDate, onDate);
  if (years >= 2) return `${prefix}${years} years`;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  const months = (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
  if (months >= 1) return `${prefix}${months} ${months === 1 ? 'month' : 'months'}`;
  const days = daysBetween(birthDate, onDate);
  return `${prefix}${days} ${days === 1 ? 'day' : 'days'}`;
}

/** The local calendar day of an instant ("2026-03-02"), to take an age on. */
export function localDay(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
