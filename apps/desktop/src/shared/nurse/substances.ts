import { DRUG_CLASS_DEFINITIONS, normalizeDrugName } from '@hms/core';
import type { DrugClass } from '@hms/core';
import type { SubstanceSuggestion } from './triage.js';

/** One formulary generic as an allergy names it (`amoxicillin`, "amoxicillin"). */
export interface GenericName {
  code: string;
  text: string;
}

interface Candidate {
  suggestion: SubstanceSuggestion;
  /** Normalized names it is found by. */
  names: string[];
}

const CLASS_CANDIDATES: readonly Candidate[] = (Object.entries(DRUG_CLASS_DEFINITIONS) as [DrugClass, { label: string; synonyms: readonly string[] }][]).map(
  ([code, definition]) => ({
    suggestion: { kind: 'drugClass', code, text: definition.label },
    names: [definition.label, ...definition.synonyms, code.replaceAll('_', ' ')].map(normalizeDrugName),
  }),
);

/** 0: a name starts with the query; 1: a word of it does; undefined: no match. */
function rank(names: readonly string[], query: string): number | undefined {
  if (names.some((name) => name.startsWith(query))) return 0;
  if (names.some((name) => name.includes(` ${query}`))) return 1;
  return undefined;
}

/**
 * The drug classes and formulary generics a typed substance may mean, best first: classes
 * before generics at the same rank, since a class allergy ("penicillins") covers each of its
 * drugs in the prescription checks. Pure.
 */
export function suggestSubstances(typed: string, generics: readonly GenericName[], limit: number): SubstanceSuggestion[] {
  const query = normalizeDrugName(typed);
  if (query.length < 2) return [];
  const candidates: Candidate[] = [
    ...CLASS_CANDIDATES,
    ...generics.map((generic): Candidate => ({ suggestion: { kind: 'drug', code: generic.code, text: generic.text }, names: [normalizeDrugName(generic.text)] })),
  ];
  const ranked: { suggestion: SubstanceSuggestion; rank: number; order: number }[] = [];
  candidates.forEach((candidate, order) => {
    const found = rank(candidate.names, query);
    if (found !== undefined) ranked.push({ suggestion: candidate.suggestion, rank: found, order });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return ranked.slice(0, limit).map((item) => item.suggestion);
}
