import { ageInYears, daysBetween } from '@hms/core';
import type { Patient, PatientBrief, Sex } from '@hms/core';

export const SEX_LABELS: Readonly<Record<Sex, string>> = { F: 'Female', M: 'Male', O: 'Other', U: 'Unknown' };

/** "34 y", "14 mo", "9 d": what a desk reads next to a date of birth; "~" marks an estimate. */
export function ageLabel(birthDate: string | null, estimated: boolean, today: string): string {
  if (birthDate === null || birthDate > today) return '';
  const years = ageInYears(birthDate, today);
  const prefix = estimated ? '~' : '';
  if (years >= 2) return `${prefix}${years} y`;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const months = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  if (months >= 1) return `${prefix}${months} mo`;
  return `${prefix}${daysBetween(birthDate, today)} d`;
}

/** A search summary as a record: the fields a summary lacks are null (the desk reads them online). */
export function patientFromBrief(brief: PatientBrief, seenAt: string): Patient {
  return {
    ...brief,
    alternatePhone: null,
    address: null,
    emergencyContact: null,
    insurance: null,
    bloodGroup: null,
    preferredLanguage: null,
    registeredOffline: false,
    registeredAt: seenAt,
    mergedInto: null,
    createdAt: seenAt,
    updatedAt: seenAt,
  };
}
