import type { CodedChoice, LabTestDefinitionInput } from '../catalogue.js';
import { MOLAR_MASS } from './molar-masses.js';
import { SOURCES as S, age, allAges, band, critical } from './sources.js';

type Base = Pick<LabTestDefinitionInput, 'section' | 'specimen' | 'container' | 'turnaroundMinutes'>;
const test = (code: string, name: string, base: Base, result: LabTestDefinitionInput['result'], more: Partial<LabTestDefinitionInput> = {}): LabTestDefinitionInput => ({
  code, name, ...base, priceCode: `LAB-${code}`, result, ...more,
});
const coded = (...choices: Array<[code: string, label: string, abnormal: boolean]>): LabTestDefinitionInput['result'] => ({
  type: 'coded', choices: choices.map(([code, label, abnormal]): CodedChoice => ({ code, label, abnormal })),
});
const REACTIVE = coded(['non_reactive', 'Non-reactive', false], ['reactive', 'Reactive', true], ['invalid', 'Invalid: repeat', true]);
const NEG_POS = coded(['negative', 'Negative', false], ['positive', 'Positive', true], ['invalid', 'Invalid: repeat', true]);
const DIPSTICK = coded(['negative', 'Negative', false], ['trace', 'Trace', true], ['p1', '1+', true], ['p2', '2+', true], ['p3', '3+', true]);

const DAY = 24 * 60;
const culture = (specimen: Base['specimen'], container: Base['container'], days: number): Base => ({ section: 'microbiology', specimen, container, turnaroundMinutes: days * DAY });
const serology: Base = { section: 'serology', specimen: 'blood', container: 'serum', turnaroundMinutes: 120 };
const csf: Base = { section: 'microbiology', specimen: 'csf', container: 'csf', turnaroundMinutes: 120 };
const urine: Base = { section: 'urinalysis', specimen: 'urine', container: 'urine', turnaroundMinutes: 60 };
const blood = (section: Base['section']): Base => ({ section, specimen: 'blood', container: 'edta', turnaroundMinutes: 60 });

export const MICROBIOLOGY_TESTS: LabTestDefinitionInput[] = [
  test('CSF_WBC', 'CSF white cell count', csf, { type: 'numeric', unit: '10*6/L', decimals: 0 }, { loinc: '26465-5', ranges: [band(S.csf, age(1, 'mo'), undefined, 0, 5)] }),
  test('CSF_PROT', 'CSF protein', csf, { type: 'numeric', unit: 'g/L', decimals: 2 }, { loinc: '2880-3', ranges: [band(S.csf, age(1), undefined, 0.15, 0.45)] }),
  test('CSF_GLU', 'CSF glucose', csf, { type: 'numeric', unit: 'mmol/L', decimals: 1 }, { loinc: '14744-7', molarMass: MOLAR_MASS.glucose, ranges: [band(S.csf, age(1), undefined, 2.5, 4.4)] }),
  test('CSF_GRAM', 'CSF Gram stain', csf, { type: 'text' }, { loinc: '664-3' }),
  test('BLOOD_CULTURE', 'Blood culture and sensitivity', culture('blood', 'blood_culture', 5), { type: 'organism' }, { loinc: '600-7' }),
  test('URINE_MCS', 'Urine microscopy, culture and sensitivity', culture('urine', 'urine', 3), { type: 'organism' }, { loinc: '630-4' }),
  test('STOOL_MCS', 'Stool culture and sensitivity', culture('stool', 'stool', 3), { type: 'organism' }, { loinc: '625-4' }),
  test('SWAB_MCS', 'Swab culture and sensitivity', culture('swab', 'swab', 3), { type: 'organism' }),
  test('SPUTUM_AFB', 'Sputum smear for acid-fast bacilli', culture('sputum', 'sputum', 1), coded(
    ['negative', 'No AFB seen', false], ['scanty', 'Scanty AFB (1-9 per 100 fields)', true], ['p1', '1+', true], ['p2', '2+', true], ['p3', '3+', true],
  ), { loinc: '11545-1' }),
  test('XPERT_MTB', 'Xpert MTB/RIF', culture('sputum', 'sputum', 1), coded(
    ['not_detected', 'MTB not detected', false], ['detected_rif_sensitive', 'MTB detected, rifampicin resistance not detected', true],
    ['detected_rif_resistant', 'MTB detected, rifampicin resistance detected', true], ['detected_rif_indeterminate', 'MTB detected, rifampicin resistance indeterminate', true],
    ['invalid', 'Invalid / error: repeat', true],
  )),
  test('MAL_RDT', 'Malaria rapid diagnostic test', blood('parasitology'), coded(
    ['negative', 'Negative', false], ['positive', 'Positive', true], ['pf', 'P. falciparum positive', true], ['pan', 'Non-falciparum (pan) positive', true],
    ['pf_pan', 'P. falciparum and pan positive', true], ['invalid', 'Invalid: repeat', true],
  ), { turnaroundMinutes: 30 }),
  test('MPS', 'Malaria parasites (blood film)', blood('parasitology'), coded(
    ['none_seen', 'No malaria parasites seen', false], ['pf', 'P. falciparum', true], ['pv', 'P. vivax', true], ['po', 'P. ovale', true],
    ['pm', 'P. malariae', true], ['mixed', 'Mixed infection', true],
  ), { loinc: '32700-7' }),
  test('MPS_DENS', 'Malaria parasite density', blood('parasitology'), { type: 'numeric', unit: '/uL', decimals: 0 }, { critical: critical(S.malaria, undefined, 500_000) }),
  test('STOOL_OP', 'Stool for ova and parasites', { section: 'parasitology', specimen: 'stool', container: 'stool', turnaroundMinutes: 120 }, { type: 'text' }),
  test('U_PH', 'Urine pH', urine, { type: 'numeric', unit: '[pH]', decimals: 1 }, { loinc: '5803-2', ranges: allAges(S.urine, 4.5, 8) }),
  test('U_SG', 'Urine specific gravity', urine, { type: 'numeric', unit: '1', decimals: 3 }, { loinc: '5811-5', ranges: allAges(S.urine, 1.005, 1.03) }),
  test('U_PROT', 'Urine protein (dipstick)', urine, DIPSTICK, { loinc: '20454-5' }),
  test('U_GLU', 'Urine glucose (dipstick)', urine, DIPSTICK, { loinc: '25428-4' }),
  test('U_KET', 'Urine ketones (dipstick)', urine, DIPSTICK, { loinc: '2514-8' }),
  test('U_BLD', 'Urine blood (dipstick)', urine, DIPSTICK, { loinc: '5794-3' }),
  test('U_LEU', 'Urine leucocyte esterase (dipstick)', urine, DIPSTICK, { loinc: '5799-2' }),
  test('U_NIT', 'Urine nitrite (dipstick)', urine, coded(['negative', 'Negative', false], ['positive', 'Positive', true]), { loinc: '5802-4' }),
  test('U_BIL', 'Urine bilirubin (dipstick)', urine, DIPSTICK, { loinc: '5770-3' }),
  test('U_URO', 'Urine urobilinogen (dipstick)', urine, coded(['normal', 'Normal', false], ['increased', 'Increased', true])),
  test('U_MICRO', 'Urine microscopy', urine, { type: 'text' }),
  test('UPT', 'Urine pregnancy test (hCG)', urine, coded(['negative', 'Negative', false], ['positive', 'Positive', false], ['invalid', 'Invalid: repeat', true]), { loinc: '2106-3', turnaroundMinutes: 30 }),
  test('HIV_RAPID', 'HIV rapid antibody test', serology, coded(
    ['non_reactive', 'Non-reactive', false], ['reactive', 'Reactive', true], ['inconclusive', 'Inconclusive: retest per national algorithm', true],
  ), { turnaroundMinutes: 60 }),
  test('HIV_VL', 'HIV viral load', { ...serology, container: 'edta', turnaroundMinutes: 7 * DAY }, { type: 'numeric', unit: '{copies}/mL', decimals: 0 }, { loinc: '20447-9', ranges: allAges(S.hivVl, undefined, 999) }),
  test('HBSAG', 'Hepatitis B surface antigen', serology, REACTIVE, { loinc: '5196-1' }),
  test('HCV_AB', 'Hepatitis C antibody', serology, REACTIVE, { loinc: '16128-1' }),
  test('SYPHILIS', 'Syphilis serology (RPR)', serology, { type: 'titre', abnormalFrom: 1, source: S.rpr }, { loinc: '31147-2' }),
  test('BRUCELLA', 'Brucella agglutination', serology, { type: 'titre', abnormalFrom: 160, source: S.brucella }),
  test('WIDAL_O', 'Widal, S. Typhi O antibody', serology, { type: 'titre', abnormalFrom: 160, source: S.widal }),
  test('WIDAL_H', 'Widal, S. Typhi H antibody', serology, { type: 'titre', abnormalFrom: 160, source: S.widal }),
  test('H_PYLORI', 'Helicobacter pylori stool antigen', { ...serology, specimen: 'stool', container: 'stool' }, NEG_POS),
  test('CRAG', 'Cryptococcal antigen', serology, NEG_POS),
];
