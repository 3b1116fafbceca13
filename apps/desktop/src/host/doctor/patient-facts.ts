import { ageInYears } from '@hms/core';
import type { Chart, PatientFacts } from '@hms/core';

/**
 * What the offline drug-safety check knows of a patient, read from the chart kept here as the
 * server reads it from its tables (apps/server/src/prescriptions/patient-facts.ts): age in the
 * hospital's calendar, the latest recorded weight, active allergies only, and the drugs of
 * current medication not yet ended, plus the drugs this desk prescribed that the server has not
 * seen yet (on replay they are current medication before the next prescription is checked).
 */
export function patientFactsFromChart(chart: Chart, today: string, now: Date, unsentDrugIds: readonly string[] = []): PatientFacts {
  const current = chart.medications.items.filter((item) => item.endsAt === null || Date.parse(item.endsAt) > now.getTime()).map((item) => item.drugId);
  return {
    ageYears: chart.patient.birthDate === null ? null : ageInYears(chart.patient.birthDate, today),
    weightKg: chart.latestVitals.weightKg?.value ?? null,
    allergies: chart.allergies.items
      .filter((allergy) => allergy.status === 'active')
      .map((allergy) => ({ id: allergy.id, substance: allergy.substance, severity: allergy.severity })),
    currentMedications: [...new Set([...current, ...unsentDrugIds])].map((drugId) => ({ drugId })),
  };
}
