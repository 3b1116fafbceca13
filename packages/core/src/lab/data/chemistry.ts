import type { LabTestDefinitionInput } from '../catalogue.js';
import { MOLAR_MASS } from './molar-masses.js';
import { SOURCES as S, adultBySex, age, allAges, band, critical } from './sources.js';

type Extra = Partial<LabTestDefinitionInput>;
const chem = (code: string, name: string, loinc: string | undefined, unit: string, decimals: number, more: Extra): LabTestDefinitionInput => ({
  code, name, ...(loinc === undefined ? {} : { loinc }), section: 'chemistry', specimen: 'blood', container: 'serum', turnaroundMinutes: 120, priceCode: `LAB-${code}`,
  result: { type: 'numeric', unit, decimals }, ...more,
});
const adult = (source: string, low: number | undefined, high: number | undefined) => band(source, age(18), undefined, low, high);
const child = (source: string, low: number | undefined, high: number | undefined) => band(source, undefined, age(18), low, high);

export const CHEMISTRY_TESTS: LabTestDefinitionInput[] = [
  chem('GLU', 'Glucose (random)', '14749-6', 'mmol/L', 1, {
    molarMass: MOLAR_MASS.glucose,
    container: 'fluoride', turnaroundMinutes: 60,
    ranges: [band(S.neonatalGlucose, undefined, age(28, 'd'), 2.6, 7.8), band(S.diabetes, age(28, 'd'), undefined, 3.9, 7.8)],
    critical: critical(S.critical, 2.5, 25),
    delta: { kind: 'absolute', threshold: 10, windowHours: 24 },
  }),
  chem('FGLU', 'Glucose (fasting)', '14771-0', 'mmol/L', 1, {
    molarMass: MOLAR_MASS.glucose,
    container: 'fluoride', turnaroundMinutes: 60, ranges: allAges(S.diabetes, 3.9, 5.5), critical: critical(S.critical, 2.5, 25),
  }),
  chem('HBA1C', 'Glycated haemoglobin (HbA1c)', '4548-4', '%', 1, { container: 'edta', turnaroundMinutes: 24 * 60, ranges: allAges(S.diabetes, 4, 5.6) }),
  chem('NA', 'Sodium', '2951-2', 'mmol/L', 0, {
    ranges: allAges(S.aacbChem, 135, 145), critical: critical(S.critical, 120, 160), delta: { kind: 'absolute', threshold: 8, windowHours: 48 },
  }),
  chem('K', 'Potassium', '2823-3', 'mmol/L', 1, {
    ranges: [
      band(S.childChem, undefined, age(1, 'mo'), 3.7, 5.9), band(S.childChem, age(1, 'mo'), age(1), 4.1, 5.3),
      band(S.childChem, age(1), age(18), 3.4, 4.7), adult(S.aacbChem, 3.5, 5.2),
    ],
    critical: critical(S.critical, 2.5, 6.5),
    delta: { kind: 'absolute', threshold: 1, windowHours: 48 },
  }),
  chem('CL', 'Chloride', '2075-0', 'mmol/L', 0, { ranges: allAges(S.aacbChem, 95, 110) }),
  chem('HCO3', 'Bicarbonate', '1963-8', 'mmol/L', 0, { ranges: [child(S.childChem, 18, 28), adult(S.aacbChem, 22, 32)], critical: critical(S.critical, 10, 40) }),
  chem('UREA', 'Urea', '22664-7', 'mmol/L', 1, { molarMass: MOLAR_MASS.urea, ranges: [child(S.childChem, 1.8, 6.4), adult(S.tietz, 2.5, 7.8)], critical: critical(S.critical, undefined, 30) }),
  chem('CREAT', 'Creatinine', '14682-9', 'umol/L', 0, {
    molarMass: MOLAR_MASS.creatinine,
    ranges: [
      band(S.caliper, undefined, age(14, 'd'), 32, 92), band(S.caliper, age(14, 'd'), age(2), 10, 36), band(S.caliper, age(2), age(5), 20, 39),
      band(S.caliper, age(5), age(12), 27, 54), band(S.caliper, age(12), age(15), 40, 72),
      band(S.caliper, age(15), age(18), 45, 77, 'F'), band(S.caliper, age(15), age(18), 57, 92, 'M'),
      ...adultBySex(S.aacbChem, [45, 90], [60, 110]),
    ],
    critical: critical(S.critical, undefined, 1000),
    // KDIGO acute kidney injury: a rise to 1.5 times baseline within 7 days.
    delta: { kind: 'percent', threshold: 50, windowHours: 168 },
  }),
  chem('EGFR', 'eGFR (CKD-EPI 2021)', '98979-8', 'mL/min/{1.73_m2}', 0, { calculation: 'egfr_ckd_epi_2021', ranges: [adult(S.egfr, 60, undefined)] }),
  chem('AGAP', 'Anion gap', '33037-3', 'mmol/L', 0, { calculation: 'anion_gap', ranges: allAges(S.tietz, 7, 17) }),
  chem('TBIL', 'Bilirubin, total', '14631-6', 'umol/L', 0, {
    molarMass: MOLAR_MASS.bilirubin,
    ranges: [
      band(S.neonatalBilirubin, undefined, age(1, 'd'), undefined, 103), band(S.neonatalBilirubin, age(1, 'd'), age(2, 'd'), undefined, 137),
      band(S.neonatalBilirubin, age(2, 'd'), age(14, 'd'), undefined, 205), band(S.childChem, age(14, 'd'), age(18), undefined, 20), adult(S.aacbChem, undefined, 20),
    ],
    critical: [band(S.critical, undefined, age(28, 'd'), undefined, 300)],
  }),
  chem('DBIL', 'Bilirubin, conjugated (direct)', '14629-0', 'umol/L', 0, { molarMass: MOLAR_MASS.bilirubin, ranges: allAges(S.tietz, undefined, 7) }),
  chem('ALT', 'Alanine aminotransferase', '1742-6', 'U/L', 0, { ranges: [child(S.childChem, undefined, 40), ...adultBySex(S.aacbChem, [undefined, 30], [undefined, 40])] }),
  chem('AST', 'Aspartate aminotransferase', '1920-8', 'U/L', 0, {
    ranges: [band(S.childChem, undefined, age(1), undefined, 80), band(S.childChem, age(1), age(18), undefined, 45), adult(S.tietz, undefined, 40)],
  }),
  chem('ALP', 'Alkaline phosphatase', '6768-6', 'U/L', 0, {
    ranges: [
      band(S.caliper, undefined, age(14, 'd'), 90, 273), band(S.caliper, age(14, 'd'), age(1), 134, 518), band(S.caliper, age(1), age(10), 156, 369),
      band(S.caliper, age(10), age(13), 141, 460),
      band(S.caliper, age(13), age(15), 62, 280, 'F'), band(S.caliper, age(13), age(15), 127, 517, 'M'),
      band(S.caliper, age(15), age(17), 54, 128, 'F'), band(S.caliper, age(15), age(17), 89, 365, 'M'),
      band(S.caliper, age(17), age(18), 48, 95, 'F'), band(S.caliper, age(17), age(18), 59, 164, 'M'),
      adult(S.aacbChem, 30, 110),
    ],
  }),
  chem('GGT', 'Gamma-glutamyltransferase', '2324-2', 'U/L', 0, {
    ranges: [band(S.childChem, undefined, age(6, 'mo'), undefined, 200), band(S.childChem, age(6, 'mo'), age(18), undefined, 30), ...adultBySex(S.aacbChem, [undefined, 35], [undefined, 50])],
  }),
  chem('TP', 'Total protein', '2885-2', 'g/L', 0, { ranges: [band(S.childChem, undefined, age(1), 44, 76), band(S.childChem, age(1), age(18), 57, 80), adult(S.aacbChem, 60, 80)] }),
  chem('ALB', 'Albumin', '1751-7', 'g/L', 0, { ranges: [band(S.childChem, undefined, age(1), 28, 47), band(S.childChem, age(1), age(18), 35, 50), adult(S.tietz, 35, 50)] }),
  chem('CHOL', 'Cholesterol, total', '14647-2', 'mmol/L', 1, { molarMass: MOLAR_MASS.cholesterol, ranges: [band(S.lipidsChild, age(2), age(18), undefined, 4.4), adult(S.lipids, undefined, 5)] }),
  chem('TRIG', 'Triglycerides', '14927-8', 'mmol/L', 1, {
    molarMass: MOLAR_MASS.triglycerides,
    ranges: [band(S.lipidsChild, age(2), age(10), undefined, 0.8), band(S.lipidsChild, age(10), age(18), undefined, 1), adult(S.lipids, undefined, 1.7)],
  }),
  chem('HDL', 'HDL cholesterol', '14646-4', 'mmol/L', 1, { molarMass: MOLAR_MASS.cholesterol, ranges: [band(S.lipidsChild, age(2), age(18), 1.2, undefined), ...adultBySex(S.lipids, [1.2, undefined], [1, undefined])] }),
  chem('LDL', 'LDL cholesterol (Friedewald)', '22748-8', 'mmol/L', 1, {
    calculation: 'ldl_friedewald', ranges: [band(S.lipidsChild, age(2), age(18), undefined, 2.8), adult(S.lipids, undefined, 3)],
  }),
  chem('TSH', 'Thyroid-stimulating hormone', '3016-3', 'm[IU]/L', 2, { turnaroundMinutes: 24 * 60, ranges: [adult(S.thyroid, 0.27, 4.2)] }),
  chem('FT4', 'Free thyroxine (free T4)', '14920-3', 'pmol/L', 1, { turnaroundMinutes: 24 * 60, ranges: [adult(S.thyroid, 12, 22)] }),
  chem('CRP', 'C-reactive protein', '1988-5', 'mg/L', 1, { ranges: allAges(S.assay, undefined, 5) }),
  chem('URIC', 'Uric acid', '14933-6', 'mmol/L', 2, { molarMass: MOLAR_MASS.uricAcid, ranges: adultBySex(S.tietz, [0.15, 0.35], [0.2, 0.42]) }),
  chem('AMYLASE', 'Amylase', '1798-8', 'U/L', 0, { ranges: [adult(S.assay, 28, 100)] }),
  chem('TROP', 'Troponin I (high-sensitivity)', '89579-7', 'ng/L', 0, { turnaroundMinutes: 60, ranges: [adult(S.troponin, undefined, 26)] }),
  chem('CA', 'Calcium', '2000-8', 'mmol/L', 2, { molarMass: MOLAR_MASS.calcium, ranges: [child(S.childChem, 2.1, 2.7), adult(S.aacbChem, 2.1, 2.6)], critical: critical(S.critical, 1.5, 3.5) }),
  chem('CA_CORR', 'Calcium, corrected for albumin', '29265-6', 'mmol/L', 2, {
    calculation: 'corrected_calcium_payne', ranges: [adult(S.aacbChem, 2.1, 2.6)], critical: critical(S.critical, 1.5, 3.5),
  }),
  chem('MG', 'Magnesium', '19123-9', 'mmol/L', 2, { molarMass: MOLAR_MASS.magnesium, ranges: allAges(S.aacbChem, 0.7, 1.1), critical: critical(S.critical, 0.4, undefined) }),
  chem('PO4', 'Phosphate', '14879-1', 'mmol/L', 2, {
    molarMass: MOLAR_MASS.phosphorus,
    ranges: [band(S.childChem, undefined, age(1), 1.3, 2.6), band(S.childChem, age(1), age(18), 1, 1.9), adult(S.aacbChem, 0.75, 1.5)],
    critical: critical(S.critical, 0.3, undefined),
  }),
  chem('PSA', 'Prostate-specific antigen', '2857-1', 'ug/L', 2, { turnaroundMinutes: 24 * 60, ranges: [band(S.assay, age(18), undefined, undefined, 4, 'M')] }),
  chem('LACTATE', 'Lactate', '2524-7', 'mmol/L', 1, { molarMass: MOLAR_MASS.lactate, container: 'fluoride', turnaroundMinutes: 30, ranges: allAges(S.tietz, 0.5, 2.2), critical: critical(S.critical, undefined, 4) }),
  chem('PH', 'pH (arterial)', '2744-1', '[pH]', 2, { container: 'heparin', turnaroundMinutes: 15, ranges: allAges(S.bloodGas, 7.35, 7.45), critical: critical(S.critical, 7.2, 7.6) }),
  chem('PCO2', 'pCO2 (arterial)', '2019-8', 'kPa', 1, { container: 'heparin', turnaroundMinutes: 15, ranges: allAges(S.bloodGas, 4.7, 6), critical: critical(S.critical, 2.7, 9.3) }),
  chem('PO2', 'pO2 (arterial)', '2703-7', 'kPa', 1, { container: 'heparin', turnaroundMinutes: 15, ranges: [adult(S.bloodGas, 10.5, 13.5)], critical: critical(S.critical, 6.7, undefined) }),
  chem('ABG_HCO3', 'Bicarbonate (arterial)', '1960-4', 'mmol/L', 0, { container: 'heparin', turnaroundMinutes: 15, ranges: allAges(S.bloodGas, 22, 26), critical: critical(S.critical, 10, 40) }),
  chem('BE', 'Base excess (arterial)', '1925-7', 'mmol/L', 1, { container: 'heparin', turnaroundMinutes: 15, ranges: allAges(S.bloodGas, -2, 2) }),
];
