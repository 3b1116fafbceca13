import { HmsError } from '../errors.js';
import { allergenTags, buildAllergenIndex } from './allergens.js';
import type { AllergenIndex, AllergenTags, AllergySeverity, AllergySubstance } from './allergens.js';
import { bandLimits, doseAmount, exceeds, formatAmount } from './dose.js';
import type { DoseLimit } from './dose.js';
import { drugDisplayName, ingredientsOf } from './formulary.js';
import type { FormularyDrug } from './formulary.js';
import { dosesPerDay } from './medication-terms.js';
import type { DoseUnit, Frequency, Route } from './medication-terms.js';
import { compareSeverity, isBlockingSeverity } from './safety-rules.js';
import type { DrugSelector, SafetyRule, SafetyRuleSet, Severity } from './safety-rules.js';

/**
 * The drug-safety check: pure, so the server and an offline desk reach the same alerts from
 * the same formulary and rule set. Every alert names its rule, the rule's version and citation,
 * and carries a stable key that an override refers to: the key changes when what was overridden
 * changes (another drug, another allergy, another dose), so an old reason never covers a new risk.
 */

export interface PatientAllergyFact {
  id: string;
  substance: AllergySubstance;
  severity: AllergySeverity;
}

export interface PatientFacts {
  /** Whole or fractional years; null when the date of birth is unknown (adult limits apply). */
  ageYears: number | null;
  /** The latest recorded weight; null when none is recorded. */
  weightKg: number | null;
  /** Active allergies only. */
  allergies: readonly PatientAllergyFact[];
  /** Drugs the patient is taking now (active prescriptions). */
  currentMedications: readonly { drugId: string }[];
}

export interface ProposedItem {
  drugId: string;
  dose: number;
  doseUnit: DoseUnit;
  route: Route;
  frequency: Frequency;
}

export const ALERT_KINDS = ['interaction', 'allergy', 'duplicate', 'dose', 'weight'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface SafetyAlert {
  alertKey: string;
  kind: AlertKind;
  severity: Severity;
  /** Contraindicated and major: the prescription waits for an override with a reason. */
  blocking: boolean;
  ruleCode: string;
  ruleVersion: number;
  ruleSetVersion: number;
  citation: string;
  title: string;
  message: string;
  management: string;
  /** The proposed items it is about (0-based). */
  itemIndexes: number[];
  /** The current medication it involves, if any. */
  currentDrugId: string | null;
  /** The recorded allergy it involves, if any. */
  allergyId: string | null;
}

/** The formulary and rule set, indexed once (the server keeps one per version; a desk per cache refresh). */
export interface SafetyKnowledge {
  readonly ruleSet: SafetyRuleSet;
  readonly drugs: ReadonlyMap<string, FormularyDrug>;
  readonly allergens: AllergenIndex;
  readonly rules: readonly SafetyRule[];
}

export function compileSafetyKnowledge(drugs: readonly FormularyDrug[], ruleSet: SafetyRuleSet): SafetyKnowledge {
  return {
    ruleSet,
    drugs: new Map(drugs.map((drug) => [drug.id, drug])),
    allergens: buildAllergenIndex(drugs),
    rules: ruleSet.rules.filter((rule) => rule.active),
  };
}

function selects(selector: DrugSelector, drug: FormularyDrug): boolean {
  return ingredientsOf(drug).some((generic) => selector.generics.includes(generic)) || drug.classes.some((drugClass) => selector.classes.includes(drugClass));
}

function selectsAllergen(selector: DrugSelector, tags: AllergenTags): boolean {
  return selector.generics.some((generic) => tags.generics.has(generic)) || selector.classes.some((drugClass) => tags.classes.has(drugClass));
}

function sharesIngredient(a: FormularyDrug, b: FormularyDrug): boolean {
  const ofB = ingredientsOf(b);
  return ingredientsOf(a).some((generic) => ofB.includes(generic));
}

interface Subject {
  drug: FormularyDrug;
  /** Index among the proposed items, or null for a current medication. */
  itemIndex: number | null;
}

function nameOf(subject: Subject): string {
  return `${drugDisplayName(subject.drug)}${subject.itemIndex === null ? ' (already taking)' : ''}`;
}

function alertFrom(knowledge: SafetyKnowledge, rule: SafetyRule, fields: Omit<SafetyAlert, 'blocking' | 'ruleCode' | 'ruleVersion' | 'ruleSetVersion' | 'citation' | 'title' | 'management' | 'severity'> & { severity?: Severity }): SafetyAlert {
  const severity = fields.severity ?? rule.severity;
  return {
    ...fields,
    severity,
    blocking: isBlockingSeverity(severity),
    ruleCode: rule.code,
    ruleVersion: rule.version,
    ruleSetVersion: knowledge.ruleSet.version,
    citation: rule.citation,
    title: rule.title,
    management: rule.management,
  };
}

function pairKey(a: Subject, b: Subject): string {
  return [a.drug.generic, b.drug.generic].sort().join('+');
}

/** Pairs of a proposed item with a later proposed item or with a current medication. */
function pairs(proposed: readonly Subject[], current: readonly Subject[]): Array<readonly [Subject, Subject]> {
  const result: Array<readonly [Subject, Subject]> = [];
  proposed.forEach((subject, index) => {
    for (const other of proposed.slice(index + 1)) result.push([subject, other]);
    for (const other of current) result.push([subject, other]);
  });
  return result;
}

function itemIndexes(...subjects: Subject[]): number[] {
  return subjects.map((subject) => subject.itemIndex).filter((index): index is number => index !== null);
}

function pairAlerts(knowledge: SafetyKnowledge, proposed: readonly Subject[], current: readonly Subject[]): SafetyAlert[] {
  const alerts: SafetyAlert[] = [];
  for (const [x, y] of pairs(proposed, current)) {
    const currentDrugId = y.itemIndex === null ? y.drug.id : null;
    if (sharesIngredient(x.drug, y.drug)) {
      for (const rule of knowledge.rules) {
        if (rule.kind !== 'duplicate_same_medicine') continue;
        alerts.push(alertFrom(knowledge, rule, {
          alertKey: `duplicate:${rule.code}:${pairKey(x, y)}`, kind: 'duplicate', itemIndexes: itemIndexes(x, y), currentDrugId, allergyId: null,
          message: `${nameOf(x)} and ${nameOf(y)} contain the same medicine.`,
        }));
      }
      continue;
    }
    const fired = knowledge.rules.filter((rule) => {
      if (rule.kind === 'interaction') return (selects(rule.a, x.drug) && selects(rule.b, y.drug)) || (selects(rule.a, y.drug) && selects(rule.b, x.drug));
      if (rule.kind === 'duplicate') return x.drug.classes.includes(rule.class) && y.drug.classes.includes(rule.class);
      return false;
    });
    const superseded = new Set(fired.flatMap((rule) => (rule.kind === 'interaction' ? rule.supersedes : [])));
    for (const rule of fired) {
      if (superseded.has(rule.code)) continue;
      const kind = rule.kind === 'interaction' ? 'interaction' : 'duplicate';
      const effect = rule.kind === 'interaction' ? ` ${rule.effect}` : '';
      alerts.push(alertFrom(knowledge, rule, {
        alertKey: `${kind}:${rule.code}:${pairKey(x, y)}`, kind, itemIndexes: itemIndexes(x, y), currentDrugId, allergyId: null,
        message: `${nameOf(x)} with ${nameOf(y)}.${effect}`,
      }));
    }
  }
  return alerts;
}

function allergyAlerts(knowledge: SafetyKnowledge, patient: PatientFacts, proposed: readonly Subject[]): SafetyAlert[] {
  const alerts: SafetyAlert[] = [];
  const severe = (severity: AllergySeverity) => severity === 'severe' || severity === 'life-threatening';
  for (const allergy of patient.allergies) {
    const tags = allergenTags(knowledge.allergens, allergy.substance);
    if (tags.generics.size + tags.classes.size === 0) continue;
    for (const subject of proposed) {
      const sameMedicine = ingredientsOf(subject.drug).some((generic) => tags.generics.has(generic));
      const fired = knowledge.rules.filter((rule) =>
        rule.kind === 'allergy_same_medicine' ? sameMedicine : rule.kind === 'allergy' && !sameMedicine && selectsAllergen(rule.allergen, tags) && selects(rule.drugs, subject.drug),
      );
      const superseded = new Set(fired.flatMap((rule) => (rule.kind === 'allergy' ? rule.supersedes : [])));
      for (const rule of fired) {
        if (superseded.has(rule.code)) continue;
        const severity = rule.kind === 'allergy' && rule.severeReactionSeverity !== undefined && severe(allergy.severity) ? rule.severeReactionSeverity : rule.severity;
        alerts.push(alertFrom(knowledge, rule, {
          alertKey: `allergy:${rule.code}:${allergy.id}:${subject.drug.generic}`, kind: 'allergy', severity, itemIndexes: [subject.itemIndex!], currentDrugId: null, allergyId: allergy.id,
          message: `${nameOf(subject)}: recorded ${allergy.severity} allergy to ${allergy.substance.text}.`,
        }));
      }
    }
  }
  return alerts;
}

function limitWords(limit: DoseLimit, unit: string): string {
  const amount = formatAmount(limit.amount, unit);
  return limit.perKg === undefined ? amount : `${amount} (${formatAmount(limit.perKg.perKg, unit)}/kg for ${formatAmount(limit.perKg.weightKg, 'kg')})`;
}

function doseAlerts(knowledge: SafetyKnowledge, patient: PatientFacts, items: readonly ProposedItem[], proposed: readonly Subject[]): SafetyAlert[] {
  const alerts: SafetyAlert[] = [];
  const child = patient.ageYears !== null && patient.ageYears < knowledge.ruleSet.paediatricAgeBelowYears;
  const weightRule = knowledge.rules.find((rule) => rule.kind === 'weight_required');
  items.forEach((item, index) => {
    const subject = proposed[index]!;
    for (const rule of knowledge.rules) {
      if (rule.kind !== 'dose' || rule.generic !== subject.drug.generic) continue;
      if (rule.routes.length > 0 && !rule.routes.includes(item.route)) continue;
      const band = child ? (rule.paediatric ?? rule.adult) : rule.adult;
      if (band === undefined) continue;
      const limits = bandLimits(band, patient.weightKg);
      const signature = `${item.dose}${item.doseUnit}:${item.frequency}:${item.route}`;
      const base = { kind: 'dose' as const, itemIndexes: [index], currentDrugId: null, allergyId: null };
      if (child && limits.missingWeight && weightRule !== undefined) {
        alerts.push(alertFrom(knowledge, weightRule, {
          ...base, kind: 'weight', alertKey: `weight:${weightRule.code}:${subject.drug.generic}`,
          message: `${nameOf(subject)} is dosed per kilogram for a child, and no weight is recorded.`,
        }));
      }
      const amount = doseAmount(subject.drug, item.dose, item.doseUnit, rule.unit);
      if (!amount.ok) {
        alerts.push(alertFrom(knowledge, rule, {
          ...base, severity: 'moderate', alertKey: `dose:${rule.code}:${subject.drug.generic}:unverifiable:${signature}`,
          message: `${nameOf(subject)}: the dose could not be checked (${amount.reason}).`,
        }));
        continue;
      }
      const daily = amount.amount * dosesPerDay(item.frequency);
      const over = [
        limits.single !== undefined && exceeds(amount.amount, limits.single.amount) ? `a single dose of ${formatAmount(amount.amount, rule.unit)} is above the maximum ${limitWords(limits.single, rule.unit)}` : undefined,
        limits.daily !== undefined && exceeds(daily, limits.daily.amount) ? `${formatAmount(daily, rule.unit)} a day is above the maximum ${limitWords(limits.daily, rule.unit)}` : undefined,
      ].filter((words): words is string => words !== undefined);
      if (over.length === 0) continue;
      alerts.push(alertFrom(knowledge, rule, {
        ...base, alertKey: `dose:${rule.code}:${subject.drug.generic}:${signature}`,
        message: `${nameOf(subject)}: ${over.join('; ')}${child ? ' for a child' : ''}.`,
      }));
    }
  });
  return alerts;
}

/**
 * The alerts for prescribing `items` to this patient, most severe first. An unknown drug id is
 * VALIDATION on that item (a desk with a stale formulary learns it before the server does).
 */
export function checkPrescription(knowledge: SafetyKnowledge, patient: PatientFacts, items: readonly ProposedItem[]): SafetyAlert[] {
  const unknown: Record<string, string> = {};
  const proposed = items.map((item, index): Subject => {
    const drug = knowledge.drugs.get(item.drugId);
    if (drug === undefined) unknown[`items.${index}.drugId`] = 'is not in the formulary';
    return { drug: drug!, itemIndex: index };
  });
  if (Object.keys(unknown).length > 0) throw HmsError.validation(unknown, 'A drug is not in the formulary.');
  // A current medication no longer in the formulary (removed since) is not checked.
  const current = patient.currentMedications.flatMap((medication): Subject[] => {
    const drug = knowledge.drugs.get(medication.drugId);
    return drug === undefined ? [] : [{ drug, itemIndex: null }];
  });
  const alerts = [...pairAlerts(knowledge, proposed, current), ...allergyAlerts(knowledge, patient, proposed), ...doseAlerts(knowledge, patient, items, proposed)];
  const unique = [...new Map(alerts.map((alert) => [alert.alertKey, alert])).values()];
  return unique.sort((a, b) => compareSeverity(a.severity, b.severity) || (a.itemIndexes[0] ?? 0) - (b.itemIndexes[0] ?? 0) || (a.alertKey < b.alertKey ? -1 : a.alertKey > b.alertKey ? 1 : 0));
}

export interface AlertOverride {
  alertKey: string;
  reason: string;
}

/** Blocking alerts that no override with a reason covers: what still stops the prescription. */
export function unresolvedBlockingAlerts(alerts: readonly SafetyAlert[], overrides: readonly AlertOverride[]): SafetyAlert[] {
  const overridden = new Set(overrides.filter((override) => override.reason.trim() !== '').map((override) => override.alertKey));
  return alerts.filter((alert) => alert.blocking && !overridden.has(alert.alertKey));
}
