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

/**
 * A short fingerprint of shipped data (FNV-1a over its JSON). The seeds record theirs beside
 * their revision: changing the data without bumping the revision (and adding the migration that
 * loads it) fails a test, so a hospital's database never silently misses a change.
 */
export function shippedDigest(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(value)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
