import { maxEditsFor, normalizeDrugName, osaDistance } from '@hms/core';
import type { Drug } from '@hms/core';

/** How well one typed word matches one word of a name: exactly, as its start, or within the usual slips. */
function wordScore(typed: string, word: string): number {
  if (word === typed) return 3;
  if (word.startsWith(typed)) return 2;
  const edits = maxEditsFor(typed);
  if (edits > 0 && osaDistance(typed, word.slice(0, typed.length + edits), edits) <= edits) return 1;
  return 0;
}

export function wordsOf(text: string): string[] {
  return normalizeDrugName(text).split(' ').filter((word) => word !== '');
}

/**
 * Every typed word matches a word of the text (exactly, as a prefix, or with a slip or two);
 * the sum of the best matches, or 0 when one word matches nothing. Pure: the offline searches of
 * the formulary and of diagnosis codes both rank with it.
 */
export function matchScore(typedWords: readonly string[], textWords: readonly string[]): number {
  let total = 0;
  for (const typed of typedWords) {
    let best = 0;
    for (const word of textWords) best = Math.max(best, wordScore(typed, word));
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

/**
 * The formulary kept here, searched as drugs.search would be asked: active products whose
 * generic name, code, strength and form hold every typed word ("amox 500", "amoxcilin").
 */
export function searchDrugs(drugs: readonly Drug[], query: string, limit: number): Drug[] {
  const typed = wordsOf(query);
  if (typed.length === 0) return [];
  return drugs
    .filter((drug) => drug.active)
    .map((drug) => ({ drug, score: matchScore(typed, wordsOf(`${drug.genericName} ${drug.generic.replaceAll('_', ' ')} ${drug.strengthText} ${drug.form}`)) }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.drug.name.localeCompare(b.drug.name))
    .slice(0, limit)
    .map((hit) => hit.drug);
}
