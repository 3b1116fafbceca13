import type { Age, CriticalLimit, ReferenceRange } from '../ranges.js';

/**
 * Where the starter catalogue's ranges and limits come from (docs/lab-catalogue.md lists them
 * with their licence notes). Every band names one of these in its `source`. No pathologist has
 * reviewed them for any hospital yet: each lab verifies them against its own methods.
 */
export const SOURCES = {
  aacbChem: 'AACB/RCPA harmonised adult reference intervals, chemistry (Tate JR et al., Clin Biochem Rev 2014;35:213-35)',
  haemAdult: 'Adult haematology normal ranges, Dacie and Lewis Practical Haematology, 12th ed. (2017)',
  haemChild: 'Paediatric haematology reference values, The Harriet Lane Handbook, 22nd ed. (2020)',
  caliper: 'CALIPER paediatric reference intervals (Colantonio DA et al., Clin Chem 2012;58:854-68)',
  childChem: 'Paediatric chemistry reference values, The Harriet Lane Handbook, 22nd ed. (2020)',
  critical: 'AACB harmonised high-risk (critical) result thresholds (Campbell CA et al., Clin Biochem Rev 2016;37:159-65)',
  criticalHaem: 'Critical haematology limits of published alert lists (Campbell CA et al., Clin Biochem Rev 2016; RCPA)',
  diabetes: 'WHO 2006/2011 and ADA Standards of Care 2024 diagnostic thresholds for glucose and HbA1c',
  lipids: 'Desirable lipid levels, ESC/EAS dyslipidaemia guidelines 2019 (Mach F et al., Eur Heart J 2020;41:111-88)',
  egfr: 'KDIGO 2012 CKD guideline: eGFR below 60 mL/min/1.73 m² is reduced (G3a and below)',
  coag: 'Adult coagulation ranges, Dacie and Lewis Practical Haematology, 12th ed. (2017); verify for the local reagent (ISI)',
  thyroid: 'Typical adult immunoassay intervals (manufacturers\' inserts, e.g. Roche Elecsys); verify for the local assay',
  assay: 'Typical adult interval of common immunoassays (manufacturers\' inserts); verify for the local assay',
  troponin: 'Overall 99th percentile upper reference limit, Abbott ARCHITECT hs-cTnI insert (Fourth Universal Definition of MI, 2018)',
  tietz: 'Adult reference interval, Tietz Textbook of Laboratory Medicine, 7th ed. (2022)',
  lipidsChild: 'Acceptable levels for children, NHLBI Expert Panel on Cardiovascular Health and Risk Reduction in Children (Pediatrics 2011;128 Suppl 5)',
  neonatalGlucose: 'Operational threshold for neonatal hypoglycaemia, BAPM framework (2017): 2.6 mmol/L',
  neonatalBilirubin: 'Term neonate total bilirubin by age in days, The Harriet Lane Handbook, 22nd ed. (2020)',
  malaria: 'Hyperparasitaemia (severe malaria), WHO Guidelines for malaria (2023): more than 10% parasitaemia, about 500,000/µL',
  bloodGas: 'Arterial blood gas adult ranges, Tietz Textbook of Laboratory Medicine, 7th ed. (2022)',
  csf: 'Adult CSF reference values, Tietz Textbook of Laboratory Medicine, 7th ed. (2022)',
  urine: 'Urine dipstick and microscopy expected values, European Urinalysis Guidelines (Scand J Clin Lab Invest 2000;60:1-96)',
  cd4: 'Adult CD4 count range, WHO consolidated HIV guidelines 2021 (below 200 cells/µL is advanced disease)',
  hivVl: 'WHO consolidated HIV guidelines 2021: viral load below 1000 copies/mL is suppressed',
  widal: 'Widal significant titre in endemic areas (WHO Background document: diagnosis, treatment and prevention of typhoid fever, 2003)',
  rpr: 'RPR: any reactive titre is reported; confirm with a treponemal test (WHO guidelines for syphilis, 2016)',
  brucella: 'Brucella agglutination titre of 1:160 or more (WHO Brucellosis in humans and animals, 2006)',
} as const;

export const age = (value: number, unit: Age['unit'] = 'a'): Age => ({ value, unit });

type Bound = number | undefined;
/** One band: [from, to) ages, low and high limits (undefined for none). */
export function band(source: string, from: Age | undefined, to: Age | undefined, low: Bound, high: Bound, sex: 'F' | 'M' | 'any' = 'any'): ReferenceRange {
  const out: ReferenceRange = { sex, source };
  if (from !== undefined) out.ageFrom = from;
  if (to !== undefined) out.ageTo = to;
  if (low !== undefined) out.low = low;
  if (high !== undefined) out.high = high;
  return out;
}

/** The same limits at every age and sex. */
export const allAges = (source: string, low: Bound, high: Bound): ReferenceRange[] => [band(source, undefined, undefined, low, high)];
/** Adult bands by sex, from 18 years. */
export const adultBySex = (source: string, f: [Bound, Bound], m: [Bound, Bound], from: Age = age(18)): ReferenceRange[] => [
  band(source, from, undefined, f[0], f[1], 'F'),
  band(source, from, undefined, m[0], m[1], 'M'),
];
export const critical = (source: string, low: Bound, high: Bound): CriticalLimit[] => allAges(source, low, high);
