/**
 * The closed vocabularies of a prescription: routes, dose forms, dose units and frequencies.
 * Each term carries the words a printed prescription spells out in full.
 */

export const ROUTES = {
  oral: 'by mouth',
  sublingual: 'under the tongue',
  buccal: 'inside the cheek',
  iv: 'into a vein',
  im: 'into a muscle',
  sc: 'under the skin',
  intradermal: 'into the skin',
  topical: 'on the skin',
  ophthalmic: 'into the eye',
  otic: 'into the ear',
  nasal: 'into the nose',
  inhaled: 'by inhalation',
  rectal: 'into the rectum',
  vaginal: 'into the vagina',
  transdermal: 'as a skin patch',
  infiltration: 'by local infiltration',
} as const;
export type Route = keyof typeof ROUTES;
export const ROUTE_CODES = Object.keys(ROUTES) as Route[];

/** Counted units of presentation: one tablet, one puff. */
export const COUNT_UNITS = [
  'tablet', 'capsule', 'sachet', 'suppository', 'pessary', 'puff', 'patch', 'vial', 'ampoule', 'drop', 'application',
] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];

export const MASS_UNITS = ['mcg', 'mg', 'g'] as const;
export type MassUnit = (typeof MASS_UNITS)[number];

/** Units of amount a strength is written in. `unit` is an international (or insulin) unit. */
export const AMOUNT_UNITS = [...MASS_UNITS, 'unit', 'mmol'] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];

export const DOSE_UNITS = [...AMOUNT_UNITS, 'mL', ...COUNT_UNITS] as const;
export type DoseUnit = (typeof DOSE_UNITS)[number];

/** What a dose form is counted in, and whether its strength is per mL (liquids) or per piece. */
export const DOSE_FORMS = {
  tablet: { presentation: 'tablet' },
  'dispersible tablet': { presentation: 'tablet' },
  'chewable tablet': { presentation: 'tablet' },
  'modified-release tablet': { presentation: 'tablet' },
  'sublingual tablet': { presentation: 'tablet' },
  capsule: { presentation: 'capsule' },
  'oral suspension': { presentation: 'mL' },
  'oral solution': { presentation: 'mL' },
  syrup: { presentation: 'mL' },
  'oral gel': { presentation: 'application' },
  'powder for oral solution': { presentation: 'sachet' },
  injection: { presentation: 'mL' },
  'powder for injection': { presentation: 'vial' },
  infusion: { presentation: 'mL' },
  suppository: { presentation: 'suppository' },
  pessary: { presentation: 'pessary' },
  cream: { presentation: 'application' },
  ointment: { presentation: 'application' },
  gel: { presentation: 'application' },
  lotion: { presentation: 'application' },
  solution: { presentation: 'application' },
  'eye drops': { presentation: 'drop' },
  'eye ointment': { presentation: 'application' },
  'ear drops': { presentation: 'drop' },
  'nasal spray': { presentation: 'puff' },
  inhaler: { presentation: 'puff' },
  'nebuliser solution': { presentation: 'mL' },
  'sublingual spray': { presentation: 'puff' },
  patch: { presentation: 'patch' },
} as const satisfies Record<string, { presentation: CountUnit | 'mL' }>;
export type DoseForm = keyof typeof DOSE_FORMS;
export const DOSE_FORM_NAMES = Object.keys(DOSE_FORMS) as DoseForm[];

/**
 * How often a dose is given. `perDay` is the most doses in any 24 hours (a weekly dose is
 * one on the day it is taken), which is what a daily maximum is checked against.
 */
export const FREQUENCIES = {
  once: { words: 'once only', perDay: 1 },
  od: { words: 'once a day', perDay: 1 },
  mane: { words: 'every morning', perDay: 1 },
  nocte: { words: 'every night', perDay: 1 },
  bd: { words: 'twice a day', perDay: 2 },
  tds: { words: 'three times a day', perDay: 3 },
  qds: { words: 'four times a day', perDay: 4 },
  five_times: { words: 'five times a day', perDay: 5 },
  q4h: { words: 'every 4 hours', perDay: 6 },
  q6h: { words: 'every 6 hours', perDay: 4 },
  q8h: { words: 'every 8 hours', perDay: 3 },
  q12h: { words: 'every 12 hours', perDay: 2 },
  q4h_prn: { words: 'every 4 hours when needed', perDay: 6 },
  q6h_prn: { words: 'every 6 hours when needed', perDay: 4 },
  q8h_prn: { words: 'every 8 hours when needed', perDay: 3 },
  weekly: { words: 'once a week', perDay: 1 },
  three_times_weekly: { words: 'three times a week', perDay: 1 },
} as const satisfies Record<string, { words: string; perDay: number }>;
export type Frequency = keyof typeof FREQUENCIES;
export const FREQUENCY_CODES = Object.keys(FREQUENCIES) as Frequency[];

export function dosesPerDay(frequency: Frequency): number {
  return FREQUENCIES[frequency].perDay;
}
