import { VITAL_MEASUREMENTS } from '@hms/core';
import type { AllergySeverity, ParamsIn, VitalsMeasurements } from '@hms/core';
import { EMPTY_VITALS } from './vitals-draft.js';
import type { VitalsDraft } from './vitals-draft.js';

const isMeasurement = (key: string) => (VITAL_MEASUREMENTS as readonly string[]).includes(key);

/** A refused vitals record's readings as the fix form's boxes. */
export function vitalsDraftOf(params: ParamsIn<'vitals.record'>): VitalsDraft {
  return { ...EMPTY_VITALS, ...Object.fromEntries(VITAL_MEASUREMENTS.flatMap((name) => (typeof params[name] === 'number' ? [[name, String(params[name])]] : []))) };
}

/** The vitals to send again: every reading replaced by the form's (an emptied box is left out), the rest as it was (patient, visit, time taken). Pure. */
export function resentVitals(params: ParamsIn<'vitals.record'>, readings: VitalsMeasurements): Record<string, unknown> {
  return { ...Object.fromEntries(Object.entries(params).filter(([key]) => !isMeasurement(key))), ...readings };
}

/**
 * The allergy to send again: its reaction and severity as corrected; as a revision of the
 * allergy the server named (`reviseAllergyId`) or, without one, as a new allergy. Pure.
 */
export function resentAllergy(
  params: ParamsIn<'allergies.record'>,
  fix: { reaction: string; severity: AllergySeverity; reviseAllergyId: string | undefined },
): Record<string, unknown> {
  const { reaction: _reaction, allergyId: _allergyId, ...rest } = params;
  const reaction = fix.reaction.trim();
  return { ...rest, severity: fix.severity, ...(reaction === '' ? {} : { reaction }), ...(fix.reviseAllergyId === undefined ? {} : { allergyId: fix.reviseAllergyId }) };
}
