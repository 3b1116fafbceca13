import type { LabTestDefinitionInput } from '../catalogue.js';
import { SOURCES as S, adultBySex, age, allAges, band, critical } from './sources.js';

const fbc = (code: string, name: string, loinc: string, unit: string, decimals: number, more: Partial<LabTestDefinitionInput>): LabTestDefinitionInput => ({
  code, name, loinc, section: 'haematology', specimen: 'blood', container: 'edta', turnaroundMinutes: 60, priceCode: `LAB-${code}`,
  result: { type: 'numeric', unit, decimals }, ...more,
});

/** Children's bands of the Harriet Lane tables, then the adult band(s): [0, 14 d), [14 d, 6 mo), [6 mo, 2 a), [2 a, 12 a), [12 a, 18 a). */
const childBands = (rows: Array<[number, number]>) => {
  const edges = [undefined, age(14, 'd'), age(6, 'mo'), age(2), age(12), age(18)];
  return rows.map(([low, high], i) => band(S.haemChild, edges[i], edges[i + 1], low, high));
};

export const HAEMATOLOGY_TESTS: LabTestDefinitionInput[] = [
  fbc('HGB', 'Haemoglobin', '718-7', 'g/L', 0, {
    ranges: [...childBands([[145, 225], [95, 180], [105, 135], [115, 155], [120, 160]]), ...adultBySex(S.haemAdult, [115, 165], [130, 180])],
    // A newborn's normal haemoglobin reaches 225 g/L: its critical limits are its own.
    critical: [band(S.criticalHaem, undefined, age(14, 'd'), 95, 240), band(S.criticalHaem, age(14, 'd'), undefined, 70, 200)],
    delta: { kind: 'absolute', threshold: 20, windowHours: 72 },
  }),
  fbc('WBC', 'White cell count', '6690-2', '10*9/L', 1, {
    ranges: [...childBands([[9, 30], [6, 17.5], [6, 17], [5, 15.5], [4.5, 13.5]]), band(S.haemAdult, age(18), undefined, 4, 11)],
    critical: critical(S.criticalHaem, 1, 50),
  }),
  fbc('RBC', 'Red cell count', '789-8', '10*12/L', 2, {
    ranges: [...childBands([[4, 6.6], [3.1, 5.3], [3.7, 5.3], [4, 5.2], [4.1, 5.3]]), ...adultBySex(S.haemAdult, [3.8, 5.8], [4.5, 6.5])],
  }),
  fbc('HCT', 'Haematocrit', '4544-3', 'L/L', 2, {
    ranges: [...childBands([[0.45, 0.67], [0.28, 0.55], [0.33, 0.39], [0.35, 0.45], [0.36, 0.49]]), ...adultBySex(S.haemAdult, [0.37, 0.47], [0.4, 0.54])],
    critical: [band(S.criticalHaem, undefined, age(14, 'd'), 0.3, 0.7), band(S.criticalHaem, age(14, 'd'), undefined, 0.2, 0.6)],
  }),
  fbc('MCV', 'Mean cell volume', '787-2', 'fL', 0, {
    ranges: [...childBands([[95, 121], [77, 115], [70, 86], [75, 95], [78, 98]]), band(S.haemAdult, age(18), undefined, 80, 100)],
  }),
  fbc('MCH', 'Mean cell haemoglobin', '785-6', 'pg', 1, {
    ranges: [...childBands([[31, 37], [26, 34], [23, 31], [25, 33], [25, 35]]), band(S.haemAdult, age(18), undefined, 27, 32)],
  }),
  fbc('MCHC', 'Mean cell haemoglobin concentration', '786-4', 'g/L', 0, { ranges: allAges(S.haemAdult, 300, 360) }),
  fbc('RDW', 'Red cell distribution width', '788-0', '%', 1, { ranges: allAges(S.haemAdult, 11.5, 15) }),
  fbc('PLT', 'Platelet count', '777-3', '10*9/L', 0, {
    ranges: [band(S.haemChild, undefined, age(18), 150, 450), band(S.haemAdult, age(18), undefined, 150, 400)],
    critical: critical(S.criticalHaem, 20, 1000),
    delta: { kind: 'percent', threshold: 50, windowHours: 72 },
  }),
  fbc('NEUT', 'Neutrophils (absolute)', '751-8', '10*9/L', 2, {
    ranges: [...childBands([[6, 26], [1, 8.5], [1.5, 8.5], [1.5, 8], [1.8, 8]]), band(S.haemAdult, age(18), undefined, 2, 7.5)],
    critical: critical(S.criticalHaem, 0.5, undefined),
  }),
  fbc('LYMPH', 'Lymphocytes (absolute)', '731-0', '10*9/L', 2, {
    ranges: [...childBands([[2, 11], [2.5, 10.5], [3, 9.5], [1.5, 6.8], [1.2, 5.2]]), band(S.haemAdult, age(18), undefined, 1, 4)],
  }),
  fbc('MONO', 'Monocytes (absolute)', '742-7', '10*9/L', 2, { ranges: [band(S.haemChild, undefined, age(18), 0.05, 1.5), band(S.haemAdult, age(18), undefined, 0.2, 1)] }),
  fbc('EOS', 'Eosinophils (absolute)', '711-2', '10*9/L', 2, { ranges: [band(S.haemChild, undefined, age(18), 0, 0.8), band(S.haemAdult, age(18), undefined, 0, 0.5)] }),
  fbc('BASO', 'Basophils (absolute)', '704-7', '10*9/L', 2, { ranges: allAges(S.haemAdult, 0, 0.2) }),
  fbc('ESR', 'Erythrocyte sedimentation rate', '4537-7', 'mm/h', 0, {
    ranges: [band(S.haemChild, undefined, age(18), 0, 10), ...adultBySex(S.haemAdult, [0, 20], [0, 15], age(18))],
    turnaroundMinutes: 90,
  }),
  fbc('RETIC', 'Reticulocytes', '4679-7', '%', 1, { ranges: [band(S.haemChild, undefined, age(14, 'd'), 2, 6), band(S.haemAdult, age(14, 'd'), undefined, 0.5, 2.5)], turnaroundMinutes: 120 }),
  {
    code: 'PBF', name: 'Peripheral blood film', section: 'haematology', specimen: 'blood', container: 'edta', turnaroundMinutes: 24 * 60, priceCode: 'LAB-PBF',
    result: { type: 'text' },
  },
  {
    code: 'SICKLE', name: 'Sickling test', section: 'haematology', specimen: 'blood', container: 'edta', turnaroundMinutes: 120, priceCode: 'LAB-SICKLE',
    result: { type: 'coded', choices: [{ code: 'negative', label: 'Negative', abnormal: false }, { code: 'positive', label: 'Positive (sickling seen)', abnormal: true }] },
  },
  {
    code: 'HB_ELECTRO', name: 'Haemoglobin electrophoresis', section: 'haematology', specimen: 'blood', container: 'edta', turnaroundMinutes: 3 * 24 * 60, priceCode: 'LAB-HB_ELECTRO',
    result: { type: 'coded', choices: [
      { code: 'aa', label: 'HbAA (normal)', abnormal: false }, { code: 'as', label: 'HbAS (sickle trait)', abnormal: true },
      { code: 'ss', label: 'HbSS (sickle cell disease)', abnormal: true }, { code: 'sc', label: 'HbSC', abnormal: true },
      { code: 'ac', label: 'HbAC', abnormal: true }, { code: 'other', label: 'Other variant (see comment)', abnormal: true },
    ] },
  },
  {
    code: 'PT', name: 'Prothrombin time', loinc: '5902-2', section: 'haematology', specimen: 'blood', container: 'citrate', turnaroundMinutes: 60, priceCode: 'LAB-PT',
    result: { type: 'numeric', unit: 's', decimals: 1 }, ranges: allAges(S.coag, 11, 15),
  },
  {
    code: 'INR', name: 'International normalised ratio', loinc: '6301-6', section: 'haematology', specimen: 'blood', container: 'citrate', turnaroundMinutes: 60, priceCode: 'LAB-INR',
    result: { type: 'numeric', unit: '{INR}', decimals: 1 }, ranges: allAges(S.coag, 0.8, 1.2), critical: critical(S.critical, undefined, 4.5),
  },
  {
    code: 'APTT', name: 'Activated partial thromboplastin time', loinc: '3173-2', section: 'haematology', specimen: 'blood', container: 'citrate', turnaroundMinutes: 60, priceCode: 'LAB-APTT',
    result: { type: 'numeric', unit: 's', decimals: 1 }, ranges: allAges(S.coag, 25, 38), critical: critical(S.critical, undefined, 100),
  },
  {
    code: 'FIBRINOGEN', name: 'Fibrinogen (Clauss)', loinc: '3255-7', section: 'haematology', specimen: 'blood', container: 'citrate', turnaroundMinutes: 60, priceCode: 'LAB-FIBRINOGEN',
    result: { type: 'numeric', unit: 'g/L', decimals: 1 }, ranges: allAges(S.coag, 1.5, 4), critical: critical(S.critical, 1, undefined),
  },
  {
    code: 'D_DIMER', name: 'D-dimer', loinc: '48065-7', section: 'haematology', specimen: 'blood', container: 'citrate', turnaroundMinutes: 60, priceCode: 'LAB-D_DIMER',
    result: { type: 'numeric', unit: 'mg/L{FEU}', decimals: 2 }, ranges: allAges(S.assay, undefined, 0.5),
  },
  {
    code: 'CD4', name: 'CD4 count', loinc: '24467-3', section: 'haematology', specimen: 'blood', container: 'edta', turnaroundMinutes: 24 * 60, priceCode: 'LAB-CD4',
    result: { type: 'numeric', unit: '10*6/L', decimals: 0 }, ranges: [band(S.cd4, age(5), undefined, 500, 1500)],
  },
  {
    code: 'ABO', name: 'ABO group', loinc: '883-9', section: 'blood_bank', specimen: 'blood', container: 'edta', turnaroundMinutes: 60, priceCode: 'LAB-ABO',
    result: { type: 'coded', choices: [
      { code: 'a', label: 'A', abnormal: false }, { code: 'b', label: 'B', abnormal: false }, { code: 'ab', label: 'AB', abnormal: false },
      { code: 'o', label: 'O', abnormal: false }, { code: 'discrepant', label: 'Discrepant: repeat', abnormal: true },
    ] },
  },
  {
    code: 'RHD', name: 'Rh D type', loinc: '10331-7', section: 'blood_bank', specimen: 'blood', container: 'edta', turnaroundMinutes: 60, priceCode: 'LAB-RHD',
    result: { type: 'coded', choices: [
      { code: 'positive', label: 'Rh D positive', abnormal: false }, { code: 'negative', label: 'Rh D negative', abnormal: false },
      { code: 'weak', label: 'Weak D: repeat', abnormal: true },
    ] },
  },
  {
    code: 'XMATCH', name: 'Cross-match', section: 'blood_bank', specimen: 'blood', container: 'edta', turnaroundMinutes: 60, priceCode: 'LAB-XMATCH',
    result: { type: 'coded', choices: [{ code: 'compatible', label: 'Compatible', abnormal: false }, { code: 'incompatible', label: 'Incompatible', abnormal: true }] },
  },
];
