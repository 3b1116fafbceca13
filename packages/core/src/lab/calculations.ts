/**
 * Calculated tests, each with the version of its formula (stored with the result, so a later
 * change of formula never rewrites an old result's meaning). Inputs in SI units as the lab reports.
 */
export type Calculation<T> = { ok: true; value: number; formula: string } | { ok: false; reason: T; formula: string };

export const EGFR_FORMULA = 'CKD-EPI 2021 creatinine (race-free), Inker et al. NEJM 2021;385:1737-49';
/** µmol/L per mg/dL of creatinine (molar mass 113.12 g/mol). */
export const CREATININE_UMOL_PER_MG_DL = 88.42;

/** eGFR in mL/min/1.73 m², adults (18 years and over) only. */
export function egfrCkdEpi2021(input: { creatinineUmolL: number; ageYears: number; sex: 'F' | 'M' }): Calculation<'under_18' | 'invalid_creatinine'> {
  if (input.ageYears < 18) return { ok: false, reason: 'under_18', formula: EGFR_FORMULA };
  if (!(input.creatinineUmolL > 0)) return { ok: false, reason: 'invalid_creatinine', formula: EGFR_FORMULA };
  const scr = input.creatinineUmolL / CREATININE_UMOL_PER_MG_DL;
  const female = input.sex === 'F';
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const value = 142 * Math.min(scr / kappa, 1) ** alpha * Math.max(scr / kappa, 1) ** -1.2 * 0.9938 ** input.ageYears * (female ? 1.012 : 1);
  return { ok: true, value, formula: EGFR_FORMULA };
}

export const FRIEDEWALD_FORMULA = 'Friedewald 1972, mmol/L: LDL = TC - HDL - TG/2.2; invalid when TG > 4.5 mmol/L';
export const FRIEDEWALD_TG_LIMIT_MMOL_L = 4.5;

export function ldlFriedewald(input: { totalCholesterol: number; hdl: number; triglycerides: number }): Calculation<'triglycerides_above_4_5'> {
  if (input.triglycerides > FRIEDEWALD_TG_LIMIT_MMOL_L) return { ok: false, reason: 'triglycerides_above_4_5', formula: FRIEDEWALD_FORMULA };
  return { ok: true, value: input.totalCholesterol - input.hdl - input.triglycerides / 2.2, formula: FRIEDEWALD_FORMULA };
}

export const ANION_GAP_FORMULA = 'Anion gap = Na - (Cl + HCO3), mmol/L (potassium not included)';
export function anionGap(input: { sodium: number; chloride: number; bicarbonate: number }): { ok: true; value: number; formula: string } {
  return { ok: true, value: input.sodium - (input.chloride + input.bicarbonate), formula: ANION_GAP_FORMULA };
}

export const CORRECTED_CALCIUM_FORMULA = 'Payne et al. BMJ 1973;4:643-6, SI form: Ca + 0.02 x (40 - albumin g/L), mmol/L';
export function correctedCalciumPayne(input: { calciumMmolL: number; albuminGL: number }): { ok: true; value: number; formula: string } {
  return { ok: true, value: input.calciumMmolL + 0.02 * (40 - input.albuminGL), formula: CORRECTED_CALCIUM_FORMULA };
}
