import { DEFAULT_PHONE_PLAN, personDisplayName } from '@hms/core';
import type { Patient, PatientBrief, ValidDemographics } from '@hms/core';
import type { PrintPatient } from '../printing/documents.js';
import type { PatientListItem } from '../protocol/reception.js';

// Every desk's (shared/patient-records.ts); reception's screens import them from here as before.
export { SEX_LABELS, ageLabel } from '../patient-records.js';

export function patientName(patient: Pick<Patient, 'givenName' | 'middleName' | 'familyName'>): string {
  return personDisplayName(patient);
}

/**
 * A stored phone number of the hospital's country (E.164, "+254722123456") as people read it:
 * "+254 722 123 456". Other numbers are shown as stored (their grouping is not known here).
 */
export function formatPhone(phone: string | null, callingCode = DEFAULT_PHONE_PLAN.callingCode): string {
  if (phone === null) return '';
  if (!/^\+\d{8,15}$/.test(phone) || !phone.startsWith(`+${callingCode}`)) return phone;
  const code = callingCode;
  const rest = phone.slice(1 + code.length);
  return `+${code} ${rest.replace(/(\d{3})(?=\d{3,})/g, '$1 ')}`;
}

export function listItemOf(patient: PatientBrief & Partial<Pick<PatientListItem, 'matchedBy'>>, pending: boolean): PatientListItem {
  return {
    id: patient.id,
    mrn: patient.mrn,
    givenName: patient.givenName,
    middleName: patient.middleName,
    familyName: patient.familyName,
    sex: patient.sex,
    birthDate: patient.birthDate,
    birthDateEstimated: patient.birthDateEstimated,
    phone: patient.phone,
    nationalId: patient.nationalId,
    version: patient.version,
    pending,
    ...(patient.matchedBy === undefined ? {} : { matchedBy: patient.matchedBy }),
  };
}

export { patientFromBrief } from '../patient-records.js';

/**
 * The record of a patient registered here while offline, as the server will hold it once the
 * outbox delivers the registration (same id, same MRN); version 0 until then.
 */
export function provisionalPatient(valid: ValidDemographics, id: string, mrn: string, registeredAt: string): Patient {
  return {
    id,
    mrn,
    ...valid,
    registeredOffline: true,
    registeredAt,
    mergedInto: null,
    version: 0,
    createdAt: registeredAt,
    updatedAt: registeredAt,
  };
}

/** What printouts show of a patient. */
export function printPatientOf(patient: Pick<Patient, 'mrn' | 'givenName' | 'middleName' | 'familyName' | 'sex' | 'birthDate' | 'birthDateEstimated' | 'phone'>): PrintPatient {
  return {
    mrn: patient.mrn,
    name: patientName(patient).slice(0, 160),
    sex: patient.sex,
    ...(patient.birthDate === null ? {} : { birthDate: patient.birthDate, ...(patient.birthDateEstimated ? { birthDateEstimated: true } : {}) }),
    ...(patient.phone === null ? {} : { phone: patient.phone }),
  };
}
