import { z } from 'zod';
import { text } from '../common.js';
import { DrugClassSchema, GenericCodeSchema, AmountUnitSchema, RouteSchema } from './formulary.js';

/**
 * The drug-safety rule set: a versioned local dataset a pharmacist edits (each edit a new
 * version of the rule and of the set). Every rule names its severity, what the prescriber
 * should do, and where the fact comes from; the engine (check-prescription.ts) reads only this.
 */

export const SEVERITIES = ['contraindicated', 'major', 'moderate', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SeveritySchema = z.enum(SEVERITIES);

/** Contraindicated and major alerts stop a prescription until the prescriber overrides them with a reason. */
export function isBlockingSeverity(severity: Severity): boolean {
  return severity === 'contraindicated' || severity === 'major';
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { contraindicated: 0, major: 1, moderate: 2, minor: 3 };
/** Negative when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

export const RULE_KINDS = ['interaction', 'allergy', 'allergy_same_medicine', 'duplicate', 'duplicate_same_medicine', 'dose', 'weight_required'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RuleCodeSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,99}$/, 'lower-case letters, digits, dots and hyphens');

/** Which drugs a rule side means: any product of these generics (or containing them), or of these classes. */
export const DrugSelectorSchema = z
  .object({
    generics: z.array(GenericCodeSchema).max(100).default([]),
    classes: z.array(DrugClassSchema).max(20).default([]),
  })
  .refine((selector) => selector.generics.length + selector.classes.length > 0, 'names at least one generic or class');
export type DrugSelector = z.output<typeof DrugSelectorSchema>;

const ruleText = (max: number) => text(max, { multiline: true });

const RuleBase = {
  code: RuleCodeSchema,
  severity: SeveritySchema,
  /** A short name for the alert's headline. */
  title: ruleText(160),
  /** What to do, in words for the prescriber. */
  management: ruleText(1000),
  citation: ruleText(500),
  active: z.boolean().default(true),
};

export const InteractionRuleSchema = z.object({
  ...RuleBase,
  kind: z.literal('interaction'),
  a: DrugSelectorSchema,
  b: DrugSelectorSchema,
  /** What happens to the patient. */
  effect: ruleText(500),
  /** More general rules this one replaces on the same pair of drugs (it says more). */
  supersedes: z.array(RuleCodeSchema).max(20).default([]),
});

export const AllergyRuleSchema = z.object({
  ...RuleBase,
  kind: z.literal('allergy'),
  /** What the recorded allergy names (a drug of these generics or classes, or the class itself). */
  allergen: DrugSelectorSchema,
  /** The proposed drugs it warns about. */
  drugs: DrugSelectorSchema,
  /** Raised to this severity when the recorded reaction was severe or life-threatening. */
  severeReactionSeverity: SeveritySchema.optional(),
  supersedes: z.array(RuleCodeSchema).max(20).default([]),
});

/** The proposed drug is (or contains) the very medicine the patient is allergic to. It replaces any class alert on that pair. */
export const AllergySameMedicineRuleSchema = z.object({ ...RuleBase, kind: z.literal('allergy_same_medicine') });

export const DuplicateRuleSchema = z.object({ ...RuleBase, kind: z.literal('duplicate'), class: DrugClassSchema });
/** Two items (proposed, or proposed and current) with an ingredient in common. */
export const DuplicateSameMedicineRuleSchema = z.object({ ...RuleBase, kind: z.literal('duplicate_same_medicine') });

const limit = z.number().positive().max(1_000_000);
export const DoseBandSchema = z
  .object({
    maxSingle: limit.optional(),
    maxDaily: limit.optional(),
    maxSinglePerKg: limit.optional(),
    maxDailyPerKg: limit.optional(),
  })
  .refine((band) => Object.values(band).some((value) => value !== undefined), 'names at least one maximum');
export type DoseBand = z.output<typeof DoseBandSchema>;

/**
 * Maximum doses of one generic (by the product's main ingredient), for adults and for
 * children (per kg of the latest weight, capped by the absolute maxima when given).
 */
export const DoseRuleSchema = z.object({
  ...RuleBase,
  kind: z.literal('dose'),
  generic: GenericCodeSchema,
  /** Only for these routes; empty: every route. */
  routes: z.array(RouteSchema).max(10).default([]),
  unit: AmountUnitSchema,
  adult: DoseBandSchema.optional(),
  paediatric: DoseBandSchema.optional(),
});

/** A child is prescribed a drug dosed by weight and no weight is recorded. */
export const WeightRequiredRuleSchema = z.object({ ...RuleBase, kind: z.literal('weight_required') });

export const SafetyRuleSchema = z.discriminatedUnion('kind', [
  InteractionRuleSchema,
  AllergyRuleSchema,
  AllergySameMedicineRuleSchema,
  DuplicateRuleSchema,
  DuplicateSameMedicineRuleSchema,
  DoseRuleSchema,
  WeightRequiredRuleSchema,
]);
export type SafetyRuleInput = z.input<typeof SafetyRuleSchema>;
export type SafetyRuleData = z.output<typeof SafetyRuleSchema>;
export type InteractionRule = z.output<typeof InteractionRuleSchema>;
export type AllergyRule = z.output<typeof AllergyRuleSchema>;
export type DoseRule = z.output<typeof DoseRuleSchema>;

/** A rule with its version, as stored and as alerts cite it. */
export type SafetyRule = SafetyRuleData & { version: number };

/** The whole set as the engine gets it (and a desk caches it). */
export interface SafetyRuleSet {
  /** Bumped by every edit of any rule. */
  version: number;
  /** Under this age (in years) the paediatric dose band applies. */
  paediatricAgeBelowYears: number;
  rules: readonly SafetyRule[];
}

export const PAEDIATRIC_AGE_BELOW_YEARS = 18;
