// Molar masses (g/mol) of the analytes an analyzer may send in mass units (mg/dL, the US habit)
// while the lab reports in molar units (mmol/L, umol/L): UCUM converts mass <-> molar only with
// them, and without one such a value is refused on ingest. From the IUPAC standard atomic
// weights, rounded as the conversion factors in clinical use are (the unit test checks each one
// against its published factor, e.g. glucose mg/dL / 18.016 = mmol/L).
export const MOLAR_MASS = {
  /** C6H12O6. */
  glucose: 180.16,
  /** C27H46O: total, HDL and LDL cholesterol are all reported as cholesterol. */
  cholesterol: 386.65,
  /** As triolein (C57H104O6 is 885.43; 885.7 gives the factor in use, mg/dL x 0.01129 = mmol/L). */
  triglycerides: 885.7,
  /** C4H7N3O. */
  creatinine: 113.12,
  /** CH4N2O: urea itself; BUN (urea nitrogen, 28.01 g/mol per mole of urea) is another quantity. */
  urea: 60.06,
  /** C33H36N4O6. */
  bilirubin: 584.66,
  /** Ca. */
  calcium: 40.08,
  /** C5H4N4O3. */
  uricAcid: 168.11,
  /** Mg. */
  magnesium: 24.305,
  /** Inorganic phosphate is measured and reported as phosphorus (P). */
  phosphorus: 30.97,
  /** C3H6O3. */
  lactate: 90.08,
} as const;
