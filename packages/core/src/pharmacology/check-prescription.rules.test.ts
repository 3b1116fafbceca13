import { describe, expect, it } from 'vitest';
import { DRUG_CLASS_DEFINITIONS } from './drug-classes.js';
import { checkPrescription, compileSafetyKnowledge } from './check-prescription.js';
import type { PatientAllergyFact, PatientFacts, ProposedItem, SafetyKnowledge } from './check-prescription.js';
import { ingredientsOf } from './formulary.js';
import type { FormularyDrug } from './formulary.js';
import type { DoseBand, DrugSelector, SafetyRule } from './safety-rules.js';
import { seedFormulary, seedRuleSet } from './seed-knowledge.js';

/**
 * Every shipped rule fires on a positive case and stays silent on a negative one. The cases are
 * built from the rule and the formulary, not written by hand: a new rule is tested as soon as it
 * is added, and a rule whose drugs the formulary cannot supply fails here.
 */

const formulary = seedFormulary();
const ruleSet = seedRuleSet();
const knowledge = compileSafetyKnowledge(formulary, ruleSet);

const adult: PatientFacts = { ageYears: 40, weightKg: 70, allergies: [], currentMedications: [] };
const child = (weightKg: number | null): PatientFacts => ({ ageYears: 6, weightKg, allergies: [], currentMedications: [] });

/** One product per generic, the first listed: enough to stand for it. */
const representatives = [...new Map(formulary.map((drug) => [drug.generic, drug])).values()];

function selects(selector: DrugSelector, drug: FormularyDrug): boolean {
  return ingredientsOf(drug).some((generic) => selector.generics.includes(generic)) || drug.classes.some((drugClass) => selector.classes.includes(drugClass));
}

function item(drug: FormularyDrug, dose = 1, doseUnit: ProposedItem['doseUnit'] = 'mg', route = drug.routes[0]!): ProposedItem {
  return { drugId: drug.id, dose, doseUnit, route, frequency: 'once' };
}

function fires(ruleCode: string, patient: PatientFacts, items: ProposedItem[], where: SafetyKnowledge = knowledge): boolean {
  return checkPrescription(where, patient, items).some((alert) => alert.ruleCode === ruleCode);
}

function shares(a: FormularyDrug, b: FormularyDrug): boolean {
  return ingredientsOf(a).some((generic) => ingredientsOf(b).includes(generic));
}

/** A drug selected by neither side, for the negative case. */
function unrelated(...selectors: DrugSelector[]): FormularyDrug | undefined {
  return representatives.find((drug) => selectors.every((selector) => !selects(selector, drug)) && drug.classes.length > 0);
}

export interface PairCase {
  x: FormularyDrug;
  y: FormularyDrug;
}

/** The first pair of drugs, one per side, on which the rule fires (another rule may supersede it on some pairs). */
export function findPair(rule: SafetyRule, a: DrugSelector, b: DrugSelector, where: SafetyKnowledge = knowledge): PairCase | undefined {
  for (const x of representatives.filter((drug) => selects(a, drug))) {
    for (const y of representatives.filter((drug) => selects(b, drug))) {
      if (shares(x, y)) continue;
      if (fires(rule.code, adult, [item(x), item(y)], where)) return { x, y };
    }
  }
  return undefined;
}

function allergyTo(selector: DrugSelector): PatientAllergyFact[] {
  return [
    ...selector.classes.map((code) => ({ id: `allergy-${code}`, substance: { kind: 'drugClass' as const, code, text: DRUG_CLASS_DEFINITIONS[code].label }, severity: 'mild' as const })),
    ...selector.generics.map((code) => ({ id: `allergy-${code}`, substance: { kind: 'drug' as const, code, text: code }, severity: 'mild' as const })),
  ];
}

/** A dose rule's positive and negative doses for a band and weight (independent of the engine's arithmetic). */
function doseCase(band: DoseBand, weightKg: number): { over: number; at: number } {
  const perKg = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * weightKg * 1e6) / 1e6);
  const single = [band.maxSingle, perKg(band.maxSinglePerKg)].filter((value): value is number => value !== undefined);
  const daily = [band.maxDaily, perKg(band.maxDailyPerKg)].filter((value): value is number => value !== undefined);
  // Given once, a dose is judged against both maxima: the tighter one decides.
  const limit = Math.min(...single, ...daily);
  return { over: limit * 1.5, at: limit };
}

function doseProduct(rule: Extract<SafetyRule, { kind: 'dose' }>): FormularyDrug | undefined {
  return formulary.find((drug) => drug.generic === rule.generic && (rule.routes.length === 0 || drug.routes.some((route) => rule.routes.includes(route))));
}

function routeFor(rule: Extract<SafetyRule, { kind: 'dose' }>, drug: FormularyDrug) {
  return drug.routes.find((route) => rule.routes.length === 0 || rule.routes.includes(route))!;
}

describe('every shipped rule fires on its positive case and stays silent on its negative', () => {
  for (const rule of ruleSet.rules) {
    switch (rule.kind) {
      case 'interaction':
        it(`${rule.code}: both drugs proposed, or one already taken`, () => {
          const pair = findPair(rule, rule.a, rule.b);
          expect(pair, `no pair in the formulary makes ${rule.code} fire`).toBeDefined();
          const { x, y } = pair!;
          expect(fires(rule.code, { ...adult, currentMedications: [{ drugId: y.id }] }, [item(x)])).toBe(true);
          expect(fires(rule.code, { ...adult, currentMedications: [{ drugId: x.id }] }, [item(y)])).toBe(true);
          const other = unrelated(rule.a, rule.b);
          expect(other, `no drug outside ${rule.code}`).toBeDefined();
          expect(fires(rule.code, adult, [item(x), item(other!)])).toBe(false);
          expect(fires(rule.code, adult, [item(x)])).toBe(false);
        });
        break;
      case 'duplicate':
        it(`${rule.code}: two different ${rule.class} drugs`, () => {
          const selector = { generics: [], classes: [rule.class] };
          const pair = findPair(rule, selector, selector);
          expect(pair, `no two ${rule.class} drugs make ${rule.code} fire`).toBeDefined();
          expect(fires(rule.code, adult, [item(pair!.x), item(unrelated(selector)!)])).toBe(false);
        });
        break;
      case 'duplicate_same_medicine':
        it(`${rule.code}: the same medicine proposed twice, or proposed and already taken`, () => {
          const [x, y] = representatives;
          expect(fires(rule.code, adult, [item(x!), item(x!)])).toBe(true);
          expect(fires(rule.code, { ...adult, currentMedications: [{ drugId: x!.id }] }, [item(x!)])).toBe(true);
          expect(fires(rule.code, adult, [item(x!), item(y!)])).toBe(false);
        });
        break;
      case 'allergy':
        it(`${rule.code}: an allergy the rule names, and a drug it warns about`, () => {
          const candidates = allergyTo(rule.allergen);
          const found = candidates.flatMap((allergy) => representatives.filter((drug) => selects(rule.drugs, drug)).map((drug) => ({ allergy, drug })))
            .find(({ allergy, drug }) => fires(rule.code, { ...adult, allergies: [allergy] }, [item(drug)]));
          expect(found, `no allergy and drug make ${rule.code} fire`).toBeDefined();
          const { allergy, drug } = found!;
          expect(fires(rule.code, adult, [item(drug)]), 'without the allergy').toBe(false);
          expect(fires(rule.code, { ...adult, allergies: [allergy] }, [item(unrelated(rule.drugs)!)]), 'another drug').toBe(false);
          const severe = checkPrescription(knowledge, { ...adult, allergies: [{ ...allergy, severity: 'life-threatening' }] }, [item(drug)]).find((alert) => alert.ruleCode === rule.code);
          expect(severe?.severity).toBe(rule.severeReactionSeverity ?? rule.severity);
        });
        break;
      case 'allergy_same_medicine':
        it(`${rule.code}: an allergy to the very medicine proposed`, () => {
          const [x, y] = representatives;
          const allergy: PatientAllergyFact = { id: 'a1', substance: { kind: 'drug', code: x!.generic, text: x!.genericName }, severity: 'moderate' };
          expect(fires(rule.code, { ...adult, allergies: [allergy] }, [item(x!)])).toBe(true);
          expect(fires(rule.code, { ...adult, allergies: [allergy] }, [item(y!)])).toBe(false);
        });
        break;
      case 'dose':
        it(`${rule.code}: above the maximum fires, at the maximum is silent`, () => {
          const drug = doseProduct(rule);
          expect(drug, `no product of ${rule.generic} for ${rule.code}`).toBeDefined();
          const route = routeFor(rule, drug!);
          const bands: Array<[PatientFacts, DoseBand | undefined]> = [[adult, rule.adult], [child(20), rule.paediatric ?? rule.adult]];
          let checked = 0;
          for (const [patient, band] of bands) {
            if (band === undefined) continue;
            const { over, at } = doseCase(band, patient.weightKg!);
            expect(fires(rule.code, patient, [item(drug!, over, rule.unit, route)]), `over, age ${patient.ageYears}`).toBe(true);
            expect(fires(rule.code, patient, [item(drug!, at, rule.unit, route)]), `at, age ${patient.ageYears}`).toBe(false);
            checked += 1;
          }
          expect(checked).toBeGreaterThan(0);
          const otherRoute = formulary.find((product) => product.generic === rule.generic && product.routes.every((r) => rule.routes.length > 0 && !rule.routes.includes(r)));
          if (otherRoute !== undefined) expect(fires(rule.code, adult, [item(otherRoute, 1_000_000, rule.unit, otherRoute.routes[0])]), 'another route').toBe(false);
        });
        break;
      case 'weight_required':
        it(`${rule.code}: a child without a weight, prescribed a drug dosed per kg`, () => {
          const perKgRule = ruleSet.rules.find((candidate) => candidate.kind === 'dose' && (candidate.paediatric?.maxSinglePerKg !== undefined || candidate.paediatric?.maxDailyPerKg !== undefined));
          expect(perKgRule).toBeDefined();
          const drug = doseProduct(perKgRule as Extract<SafetyRule, { kind: 'dose' }>)!;
          const proposed = [item(drug, 1, 'mg', routeFor(perKgRule as Extract<SafetyRule, { kind: 'dose' }>, drug))];
          expect(fires(rule.code, child(null), proposed)).toBe(true);
          expect(fires(rule.code, child(20), proposed)).toBe(false);
          expect(fires(rule.code, { ...adult, weightKg: null }, proposed)).toBe(false);
        });
        break;
    }
  }
});

describe('the generated cases', () => {
  it('fail for a rule the formulary cannot exercise', () => {
    const orphan: SafetyRule = {
      kind: 'interaction', code: 'ddi.orphan', version: 1, severity: 'major', title: 'A rule about drugs we do not stock', effect: 'None we can test.',
      management: 'None.', citation: 'None.', active: true, a: { generics: ['no_such_drug'], classes: [] }, b: { generics: [], classes: ['nsaids'] }, supersedes: [],
    };
    const withOrphan = compileSafetyKnowledge(formulary, { ...ruleSet, rules: [...ruleSet.rules, orphan] });
    expect(findPair(orphan, orphan.a, orphan.b, withOrphan)).toBeUndefined();
  });
});
