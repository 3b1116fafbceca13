import { HmsError, ageInYears, localDateOf } from '@hms/core';
import type { PatientFacts } from '@hms/core';
import type { Knex } from 'knex';
import { currentAllergies } from '../allergies/index.js';
import { hospitalTimeZone } from '../reference/index.js';
import { latestWeight } from '../vitals/index.js';
import { currentMedicationDrugIds } from './prescriptions-repo.js';

/**
 * What the safety check knows of a patient now: age (in the hospital's calendar), the latest
 * recorded weight, active allergies only, and the drugs of active prescriptions not yet ended.
 * A merged record answers for its survivor.
 */
export async function patientFacts(db: Knex, patientId: string, now: Date): Promise<{ patientId: string; facts: PatientFacts }> {
  // One round of queries in parallel; a merged record (rare) is read again as its survivor.
  const [patient, timeZone, weight, allergies, medications] = await Promise.all([
    db('patients').where({ id: patientId }).first('id', 'birth_date', 'merged_into') as Promise<{ id: string; birth_date: string | null; merged_into: string | null } | undefined>,
    hospitalTimeZone(db),
    latestWeight(db, patientId),
    currentAllergies(db, patientId),
    currentMedicationDrugIds(db, patientId, now),
  ]);
  if (patient === undefined) throw HmsError.notFound('The patient');
  if (patient.merged_into !== null) return patientFacts(db, patient.merged_into, now);
  return {
    patientId,
    facts: {
      ageYears: patient.birth_date === null ? null : ageInYears(patient.birth_date, localDateOf(now, timeZone)),
      weightKg: weight?.weightKg ?? null,
      allergies: allergies.filter((allergy) => allergy.status === 'active').map((allergy) => ({ id: allergy.id, substance: allergy.substance, severity: allergy.severity })),
      currentMedications: medications.map((drugId) => ({ drugId })),
    },
  };
}
