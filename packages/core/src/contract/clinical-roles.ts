import type { Role } from '../roles.js';

/**
 * Who may touch the clinical record (issue 11):
 * - doctors write it: encounters, notes, diagnoses, the problem list;
 * - nurses (and doctors) record observations at triage: vitals, allergies, "no known allergies";
 * - doctors, nurses and pharmacists read charts (pharmacists check allergies and medicines);
 * - receptionists, cashiers, lab technicians, radiologists and administrators read no clinical data.
 */
export const CLINICAL_WRITER_ROLES = ['doctor'] as const satisfies readonly Role[];
export const OBSERVATION_WRITER_ROLES = ['doctor', 'nurse'] as const satisfies readonly Role[];
export const CHART_READER_ROLES = ['doctor', 'nurse', 'pharmacist'] as const satisfies readonly Role[];
/** Encounters and their notes: the consultation itself. */
export const ENCOUNTER_READER_ROLES = ['doctor', 'nurse'] as const satisfies readonly Role[];
/** Searching the code list is not patient data, but only those who code need it. */
export const CODING_ROLES = ['doctor', 'nurse'] as const satisfies readonly Role[];

/** The topic of one patient's chart events: `chart:<patientId>` (charts.watch subscribes to it). */
export function chartTopic(patientId: string): string {
  return `chart:${patientId}`;
}
