import { EGFR_FORMULA, anionGap, correctedCalciumPayne, egfrCkdEpi2021, ldlFriedewald } from './calculations.js';
import type { CalculationId } from './catalogue.js';

/** The analytes (catalogue test codes) each calculation reads. */
export const CALCULATION_INPUTS: Readonly<Record<CalculationId, readonly string[]>> = {
  egfr_ckd_epi_2021: ['CREAT'],
  ldl_friedewald: ['CHOL', 'HDL', 'TRIG'],
  anion_gap: ['NA', 'CL', 'HCO3'],
  corrected_calcium_payne: ['CA', 'ALB'],
};

export type Derived = { ok: true; value: number; formula: string } | { ok: false; reason: string; formula: string };

/**
 * A calculated test's value from its inputs (in the catalogue's units), or undefined when an
 * input is missing. eGFR also needs an adult of known sex; a reason is given when the formula
 * does not apply (under 18, sex not F or M, triglycerides above Friedewald's limit).
 */
export function deriveCalculated(calculation: CalculationId, inputs: ReadonlyMap<string, number>, patient: { sex: string; ageYears: number | null }): Derived | undefined {
  const get = (code: string) => inputs.get(code);
  if (CALCULATION_INPUTS[calculation].some((code) => get(code) === undefined)) return undefined;
  switch (calculation) {
    case 'egfr_ckd_epi_2021': {
      if (patient.ageYears === null) return { ok: false, reason: 'age not recorded', formula: EGFR_FORMULA };
      if (patient.sex !== 'F' && patient.sex !== 'M') return { ok: false, reason: 'sex not recorded as F or M', formula: EGFR_FORMULA };
      const result = egfrCkdEpi2021({ creatinineUmolL: get('CREAT')!, ageYears: patient.ageYears, sex: patient.sex });
      return result.ok ? result : { ok: false, reason: result.reason === 'under_18' ? 'patient under 18 years' : 'creatinine not above 0', formula: result.formula };
    }
    case 'ldl_friedewald': {
      const result = ldlFriedewald({ totalCholesterol: get('CHOL')!, hdl: get('HDL')!, triglycerides: get('TRIG')! });
      return result.ok ? result : { ok: false, reason: 'triglycerides above 4.5 mmol/L', formula: result.formula };
    }
    case 'anion_gap':
      return anionGap({ sodium: get('NA')!, chloride: get('CL')!, bicarbonate: get('HCO3')! });
    case 'corrected_calcium_payne':
      return correctedCalciumPayne({ calciumMmolL: get('CA')!, albuminGL: get('ALB')! });
  }
}
