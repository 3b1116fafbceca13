import type { Patient, PatientBrief } from '@hms/core';

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
