import { z } from 'zod';
import { text } from '../common.js';
import { LAB_SECTIONS, OrderCodeSchema, SPECIMENS } from '../orders/order-catalogue.js';
import { DeltaRuleSchema } from './delta.js';
import { AgeBandedLimitSchema, ReferenceRangeSchema } from './ranges.js';

/** Tubes and pots (the same codes as lab-workflow's SPECIMEN_CONTAINERS; a test keeps them equal). */
export const LAB_CONTAINERS = [
  'edta', 'serum', 'plain', 'citrate', 'fluoride', 'heparin', 'blood_culture', 'urine', 'stool', 'sputum', 'swab', 'csf', 'slide', 'other',
] as const;
export type LabContainer = (typeof LAB_CONTAINERS)[number];

export const LAB_RESULT_TYPES = ['numeric', 'text', 'coded', 'titre', 'organism'] as const;
export type LabResultType = (typeof LAB_RESULT_TYPES)[number];

export const CALCULATION_IDS = ['egfr_ckd_epi_2021', 'ldl_friedewald', 'anion_gap', 'corrected_calcium_payne'] as const;
export type CalculationId = (typeof CALCULATION_IDS)[number];

/** A LOINC code is a number and a mod-10 check digit, e.g. 2345-7 (codes only; no LOINC text ships). */
export const LoincCodeSchema = z.string().regex(/^\d{1,7}-\d$/, 'a LOINC code such as 2345-7');
/** A UCUM unit as written on the wire and in the catalogue (case-sensitive form), e.g. mmol/L, 10*9/L. */
export const UcumUnitSchema = z.string().min(1).max(40).regex(/^[!-~]+$/, 'a UCUM unit code');

export const CodedChoiceSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  label: text(80),
  /** A result with this choice is flagged A. */
  abnormal: z.boolean(),
});
export type CodedChoice = z.output<typeof CodedChoiceSchema>;

export const ResultDefinitionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('numeric'), unit: UcumUnitSchema, decimals: z.number().int().min(0).max(4) }),
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('coded'), choices: z.array(CodedChoiceSchema).min(2).max(30) }),
  /** A titre is entered as its dilution (1:64, or its denominator 64); at or above `abnormalFrom` it is flagged A. */
  z.object({ type: z.literal('titre'), abnormalFrom: z.number().int().min(1), source: z.string().min(3).max(300) }),
  /** Culture: organisms isolated (free text per organism); any organism reported is flagged A. */
  z.object({ type: z.literal('organism') }),
]);
export type ResultDefinition = z.output<typeof ResultDefinitionSchema>;

/**
 * A test's code, also the analyte code its results carry. Wider than an order code (one letter,
 * K, is a test of the U&E panel); a test ordered on its own (CREAT) is also an order code.
 */
export const LabTestCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,29}$/, 'a test code: upper-case letters, digits and underscores');

export const LabTestDefinitionSchema = z.object({
  code: LabTestCodeSchema,
  name: text(120),
  loinc: LoincCodeSchema.optional(),
  section: z.enum(LAB_SECTIONS),
  specimen: z.enum(SPECIMENS),
  container: z.enum(LAB_CONTAINERS),
  /** From receipt in the lab to release, routine priority. */
  turnaroundMinutes: z.number().int().min(5).max(60 * 24 * 60),
  /** The billing tariff's code for this test. */
  priceCode: z.string().regex(/^LAB-[A-Z0-9_]{1,30}$/),
  result: ResultDefinitionSchema,
  ranges: z.array(ReferenceRangeSchema).default([]),
  critical: z.array(AgeBandedLimitSchema).default([]),
  delta: DeltaRuleSchema.optional(),
  /** g/mol, for mass <-> molar conversions of this analyte. */
  molarMass: z.number().positive().optional(),
  calculation: z.enum(CALCULATION_IDS).optional(),
});
export type LabTestDefinition = z.output<typeof LabTestDefinitionSchema>;
export type LabTestDefinitionInput = z.input<typeof LabTestDefinitionSchema>;

export const LabPanelSchema = z.object({
  code: OrderCodeSchema,
  name: text(120),
  loinc: LoincCodeSchema.optional(),
  section: z.enum(LAB_SECTIONS),
  specimen: z.enum(SPECIMENS),
  container: z.enum(LAB_CONTAINERS),
  turnaroundMinutes: z.number().int().min(5).max(60 * 24 * 60),
  priceCode: z.string().regex(/^LAB-[A-Z0-9_]{1,30}$/),
  /** Codes of tests (never panels) it orders, in report order. */
  tests: z.array(LabTestCodeSchema).min(1).max(40),
});
export type LabPanel = z.output<typeof LabPanelSchema>;
