import { DRUG_CLASS_DEFINITIONS, DRUG_CLASSES, isDrugClass } from './drug-classes.js';
import type { FormularyDrug } from './formulary.js';

/**
 * What a recorded allergy means to the rules: the generics and classes it names. A drug allergy
 * brings its product's classes (an allergy to amoxicillin is a penicillin allergy); a class
 * allergy is that class; free text is matched against generic names and class names.
 */
export const ALLERGY_SUBSTANCE_KINDS = ['drug', 'drugClass', 'food', 'other'] as const;
export type AllergySubstanceKind = (typeof ALLERGY_SUBSTANCE_KINDS)[number];
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe', 'life-threatening'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];

export interface AllergySubstance {
  kind: AllergySubstanceKind;
  /** For a drug: the generic code (or a formulary product code or id); for a class: the class code. */
  code?: string | null;
  text: string;
}

export interface AllergenTags {
  generics: ReadonlySet<string>;
  classes: ReadonlySet<string>;
}

const EMPTY: AllergenTags = { generics: new Set(), classes: new Set() };

export function normalizeDrugName(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Lookups built once per formulary. */
export interface AllergenIndex {
  classesOfGeneric: ReadonlyMap<string, ReadonlySet<string>>;
  componentsOfGeneric: ReadonlyMap<string, readonly string[]>;
  genericOfProduct: ReadonlyMap<string, string>;
  /** Normalized names (at least four letters) to what they mean, longest first. */
  names: ReadonlyArray<readonly [name: string, meaning: { generic: string } | { drugClass: string }]>;
}

export function buildAllergenIndex(drugs: readonly FormularyDrug[]): AllergenIndex {
  const classesOfGeneric = new Map<string, Set<string>>();
  const componentsOfGeneric = new Map<string, readonly string[]>();
  const genericOfProduct = new Map<string, string>();
  const names = new Map<string, { generic: string } | { drugClass: string }>();
  for (const drug of drugs) {
    const classes = classesOfGeneric.get(drug.generic) ?? new Set<string>();
    for (const drugClass of drug.classes) classes.add(drugClass);
    classesOfGeneric.set(drug.generic, classes);
    if (drug.components.length > 0) componentsOfGeneric.set(drug.generic, drug.components);
    genericOfProduct.set(drug.id, drug.generic);
    genericOfProduct.set(drug.code, drug.generic);
    names.set(normalizeDrugName(drug.generic), { generic: drug.generic });
    names.set(normalizeDrugName(drug.genericName.replace(/\(.*?\)/g, '')), { generic: drug.generic });
    for (const inParentheses of drug.genericName.matchAll(/\(([^)]+)\)/g)) names.set(normalizeDrugName(inParentheses[1]!), { generic: drug.generic });
  }
  for (const drugClass of DRUG_CLASSES) {
    const definition = DRUG_CLASS_DEFINITIONS[drugClass];
    for (const name of [drugClass, definition.label, ...definition.synonyms]) names.set(normalizeDrugName(name), { drugClass });
  }
  const usable = [...names].filter(([name]) => name.replaceAll(' ', '').length >= 4).sort((a, b) => b[0].length - a[0].length);
  return { classesOfGeneric, componentsOfGeneric, genericOfProduct, names: usable };
}

function tagsOfGeneric(index: AllergenIndex, generic: string, into: { generics: Set<string>; classes: Set<string> }): void {
  into.generics.add(generic);
  for (const component of index.componentsOfGeneric.get(generic) ?? []) into.generics.add(component);
  for (const drugClass of index.classesOfGeneric.get(generic) ?? []) into.classes.add(drugClass);
}

/** The generics and classes an allergy names; empty for food and other substances. */
export function allergenTags(index: AllergenIndex, substance: AllergySubstance): AllergenTags {
  if (substance.kind === 'food' || substance.kind === 'other') return EMPTY;
  const tags = { generics: new Set<string>(), classes: new Set<string>() };
  const code = substance.code?.trim();
  if (code !== undefined && code !== '') {
    if (substance.kind === 'drugClass' && isDrugClass(code)) tags.classes.add(code);
    else if (substance.kind === 'drug') {
      const generic = index.classesOfGeneric.has(code) ? code : index.genericOfProduct.get(code);
      if (generic !== undefined) tagsOfGeneric(index, generic, tags);
    }
    if (tags.generics.size + tags.classes.size > 0) return tags;
  }
  // No usable code: every known name that appears as whole words in the text.
  const text = ` ${normalizeDrugName(substance.text)} `;
  for (const [name, meaning] of index.names) {
    if (!text.includes(` ${name} `)) continue;
    if ('generic' in meaning) tagsOfGeneric(index, meaning.generic, tags);
    else tags.classes.add(meaning.drugClass);
  }
  return tags;
}
