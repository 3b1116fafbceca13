import { describe, expect, it } from 'vitest';
import { DRUG_CLASSES, isDrugClass } from '../drug-classes.js';
import { FormularyDrugSchema, parseStrength } from '../formulary.js';
import { SafetyRuleSchema } from '../safety-rules.js';
import { seedFormulary, seedRuleSet, shippedDigest } from '../seed-knowledge.js';
import { FORMULARY_SEED, FORMULARY_SEED_DIGEST, FORMULARY_SEED_REVISION } from './formulary-seed.js';
import { SAFETY_RULES_SEED, SAFETY_RULES_SEED_DIGEST, SAFETY_RULES_SEED_REVISION } from './safety-rules-seed.js';

describe('the shipped data', () => {
  it('changes only with a new revision (and the migration that loads it)', () => {
    expect(shippedDigest(FORMULARY_SEED), `formulary changed: bump FORMULARY_SEED_REVISION past ${FORMULARY_SEED_REVISION}, record the digest, add a loading migration`).toBe(FORMULARY_SEED_DIGEST);
    expect(shippedDigest(SAFETY_RULES_SEED), `rules changed: bump SAFETY_RULES_SEED_REVISION past ${SAFETY_RULES_SEED_REVISION}, record the digest, add a loading migration`).toBe(SAFETY_RULES_SEED_DIGEST);
  });
});

describe('the shipped formulary', () => {
  it('holds about 300 essential medicines (generics), in valid products with unique codes', () => {
    const generics = new Set(FORMULARY_SEED.map((drug) => drug.generic));
    expect(generics.size).toBeGreaterThanOrEqual(280);
    expect(generics.size).toBeLessThanOrEqual(400);
    for (const drug of FORMULARY_SEED) expect(FormularyDrugSchema.safeParse(drug).success, drug.code).toBe(true);
    expect(new Set(FORMULARY_SEED.map((drug) => drug.code)).size).toBe(FORMULARY_SEED.length);
  });

  it('reads every plain amount strength (so dose checks can convert through it)', () => {
    for (const drug of FORMULARY_SEED) {
      const plain = /^[\d.]+ (mcg|mg|g|units?|mmol)( \+ [\d.]+ (mcg|mg|g))*(\/([\d.]+ )?mL|\/dose)?$/.test(drug.strengthText);
      expect(drug.strength !== null, `${drug.code}: ${drug.strengthText}`).toBe(plain);
    }
    expect(parseStrength('250 mg/5 mL')).toEqual({ amount: 250, unit: 'mg', perMl: 5 });
    expect(parseStrength('100 units/mL')).toEqual({ amount: 100, unit: 'unit', perMl: 1 });
    expect(parseStrength('400 mg + 80 mg')).toEqual({ amount: 400, unit: 'mg' });
    expect(parseStrength('200 mg + 40 mg/5 mL')).toEqual({ amount: 200, unit: 'mg', perMl: 5 });
    expect(parseStrength('100 mcg/dose')).toEqual({ amount: 100, unit: 'mcg' });
    expect(parseStrength('1%')).toBeNull();
  });

  it('files every class the rules select by under at least one drug', () => {
    const used = new Set(FORMULARY_SEED.flatMap((drug) => drug.classes));
    const selected = seedRuleSet().rules.flatMap((rule) => {
      switch (rule.kind) {
        case 'interaction': return [...rule.a.classes, ...rule.b.classes];
        case 'allergy': return rule.drugs.classes;
        case 'duplicate': return [rule.class];
        case 'allergy_same_medicine':
        case 'duplicate_same_medicine':
        case 'dose':
        case 'weight_required':
          return [];
      }
    });
    for (const drugClass of selected) expect(used.has(drugClass), drugClass).toBe(true);
    expect(DRUG_CLASSES.every(isDrugClass)).toBe(true);
  });
});

describe('the shipped rule set', () => {
  it('is valid, with unique codes, and its supersedes and dose generics name real things', () => {
    for (const rule of SAFETY_RULES_SEED) expect(SafetyRuleSchema.safeParse(rule).success, rule.code).toBe(true);
    const rules = seedRuleSet().rules;
    const codes = new Set(rules.map((rule) => rule.code));
    expect(codes.size).toBe(rules.length);
    const generics = new Set(seedFormulary().map((drug) => drug.generic));
    for (const rule of rules) {
      if (rule.kind === 'interaction' || rule.kind === 'allergy') for (const code of rule.supersedes) expect(codes.has(code), `${rule.code} supersedes ${code}`).toBe(true);
      if (rule.kind === 'dose') expect(generics.has(rule.generic), rule.code).toBe(true);
    }
  });

  it('holds the 15 ONC high-priority interaction classes', () => {
    expect(seedRuleSet().rules.filter((rule) => rule.code.startsWith('onc.')).length).toBe(15);
  });
});
