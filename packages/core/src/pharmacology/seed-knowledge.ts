import { FORMULARY_SEED } from './data/formulary-seed.js';
import { SAFETY_RULES_SEED } from './data/safety-rules-seed.js';
import { FormularyDrugSchema } from './formulary.js';
import type { FormularyDrug } from './formulary.js';
import { PAEDIATRIC_AGE_BELOW_YEARS, SafetyRuleSchema } from './safety-rules.js';
import type { SafetyRuleSet } from './safety-rules.js';

/** The shipped formulary as version 1 of each drug, identified by code (the server gives them uuids). */
export function seedFormulary(): FormularyDrug[] {
  return FORMULARY_SEED.map((drug) => ({ ...FormularyDrugSchema.parse(drug), id: drug.code, version: 1 }));
}

/** The shipped rules as version 1 of the set and of each rule. */
export function seedRuleSet(): SafetyRuleSet {
  return { version: 1, paediatricAgeBelowYears: PAEDIATRIC_AGE_BELOW_YEARS, rules: SAFETY_RULES_SEED.map((rule) => ({ ...SafetyRuleSchema.parse(rule), version: 1 })) };
}
