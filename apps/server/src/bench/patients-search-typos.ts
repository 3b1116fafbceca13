import { foldName } from '@hms/core';
import type { Knex } from 'knex';
import type { HospitalIdentity } from '../mrn/mrn-service.js';
import { searchPatients } from '../patients/search.js';
import type { SearchResult } from '../patients/search.js';
import type { VocabularyIndex } from '../patients/vocabulary-index.js';
import { round } from './stats.js';

/**
 * Whether a search with a typo finds the patient it was typed for. Desk typos, one word of a
 * name at a time, never in its first letter (people get that right, and the index is read in
 * name order): an adjacent transposition ('mawngi'), a dropped or doubled letter ('wanjku',
 * 'otienno'), a wrong vowel ('akinyi' -> 'akinyu'), and spellings heard rather than read,
 * common in East African names ('chebet' -> 'chepet', 'njoroge' -> 'njorogeh',
 * 'muthoni' -> 'mthoni', 'odhiambo' -> 'odiambo', 'gitau' -> 'kitau'-like swaps inside a word).
 */
export const TYPO_CLASSES = ['transposition', 'deletion', 'doubling', 'vowel', 'phonetic'] as const;
export type TypoClass = (typeof TYPO_CLASSES)[number];

const VOWELS = 'aeiou';
/** Sounds written either way (each way round), and letters heard but not written. */
const SOUND_SWAPS: ReadonlyArray<readonly [string, string]> = [['b', 'p'], ['l', 'r'], ['k', 'g'], ['d', 't'], ['ch', 'sh'], ['v', 'w'], ['dh', 'd'], ['th', 't']];

/** A typo of a folded word, or undefined when the class has nothing to change in it. */
export function makeTypo(kind: TypoClass, word: string, rand: () => number): string | undefined {
  if (word.length < 4) return undefined;
  const at = (from: number, to: number) => from + Math.floor(rand() * (to - from));
  switch (kind) {
    case 'transposition': {
      const choices = [...Array(word.length - 2).keys()].map((i) => i + 1).filter((i) => word[i] !== word[i + 1]);
      if (choices.length === 0) return undefined;
      const i = choices[at(0, choices.length)]!;
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    }
    case 'deletion': {
      const i = at(1, word.length);
      return word.slice(0, i) + word.slice(i + 1);
    }
    case 'doubling': {
      const i = at(1, word.length);
      return word.slice(0, i + 1) + word[i] + word.slice(i + 1);
    }
    case 'vowel': {
      const choices = [...word].map((char, i) => (i > 0 && VOWELS.includes(char) ? i : -1)).filter((i) => i > 0);
      if (choices.length === 0) return undefined;
      const i = choices[at(0, choices.length)]!;
      const others = [...VOWELS].filter((vowel) => vowel !== word[i]);
      return word.slice(0, i) + others[at(0, others.length)] + word.slice(i + 1);
    }
    case 'phonetic': {
      const options: string[] = [`${word}h`];
      for (const [a, b] of SOUND_SWAPS) {
        for (const [from, to] of [[a, b], [b, a]] as const) {
          for (let i = word.indexOf(from, 1); i > 0; i = word.indexOf(from, i + 1)) options.push(word.slice(0, i) + to + word.slice(i + from.length));
        }
      }
      // A vowel swallowed after the first consonant: 'muthoni' -> 'mthoni'.
      if (!VOWELS.includes(word[0]!) && VOWELS.includes(word[1]!) && !VOWELS.includes(word[2]!)) options.push(word[0]! + word.slice(2));
      const distinct = [...new Set(options)].filter((option) => option !== word);
      return distinct[at(0, distinct.length)];
    }
  }
}

/** One typo search and the patient it was typed for. */
export interface TypoProbe {
  kind: string;
  query: string;
  /** The same search spelled right. */
  intended: string;
  patientId: string;
}

export interface TypoOutcome {
  searches: number;
  /** Share of searches whose first page is not empty. */
  found: number;
  /** Share whose first result has the intended spelling of every word typed. */
  intendedFirst: number;
  /** Share whose first page holds the very patient the typo was made from. */
  targetOnFirstPage: number;
  /** The same, spelled right: the ceiling (a common name fills many pages). */
  targetOnFirstPageSpelledRight: number;
}

const fullName = (item: SearchResult['items'][number]) => foldName(`${item.givenName} ${item.middleName ?? ''} ${item.familyName}`).split(' ');

/** Runs each probe (and its right spelling) in this process, as the server would search, and counts the hits per kind. */
export async function typoOutcomes(
  db: Knex, identity: HospitalIdentity, vocabulary: VocabularyIndex, probes: readonly TypoProbe[], limit: number,
): Promise<Record<string, TypoOutcome>> {
  const tallies = new Map<string, { searches: number; found: number; intendedFirst: number; target: number; targetRight: number }>();
  for (const probe of probes) {
    const tally = tallies.get(probe.kind) ?? { searches: 0, found: 0, intendedFirst: 0, target: 0, targetRight: 0 };
    tallies.set(probe.kind, tally);
    const typo = await searchPatients(db, identity, { query: probe.query, limit }, { vocabulary });
    const right = await searchPatients(db, identity, { query: probe.intended, limit }, { vocabulary });
    const intendedWords = foldName(probe.intended).split(' ');
    const first = typo.items[0];
    tally.searches += 1;
    if (first !== undefined) tally.found += 1;
    if (first !== undefined && intendedWords.every((word) => fullName(first).includes(word))) tally.intendedFirst += 1;
    if (typo.items.some((item) => item.id === probe.patientId)) tally.target += 1;
    if (right.items.some((item) => item.id === probe.patientId)) tally.targetRight += 1;
  }
  const share = (count: number, of: number) => round(count / Math.max(1, of), 3);
  const outcomes: Record<string, TypoOutcome> = {};
  const all = { searches: 0, found: 0, intendedFirst: 0, target: 0, targetRight: 0 };
  for (const [kind, tally] of [...tallies].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const key of Object.keys(all) as Array<keyof typeof all>) all[key] += tally[key];
    outcomes[kind] = {
      searches: tally.searches, found: share(tally.found, tally.searches), intendedFirst: share(tally.intendedFirst, tally.searches),
      targetOnFirstPage: share(tally.target, tally.searches), targetOnFirstPageSpelledRight: share(tally.targetRight, tally.searches),
    };
  }
  outcomes.all = {
    searches: all.searches, found: share(all.found, all.searches), intendedFirst: share(all.intendedFirst, all.searches),
    targetOnFirstPage: share(all.target, all.searches), targetOnFirstPageSpelledRight: share(all.targetRight, all.searches),
  };
  return outcomes;
}

/**
 * Probes of every typo class from sampled patients: the given name and the family name, with a
 * typo in one of them (alternately), and the middle name too when there is one (more selective,
 * so the very patient can be on the first page).
 */
export async function typoProbes(db: Knex, count: number, rand: () => number): Promise<TypoProbe[]> {
  const rows = (await db.raw(
    `select id, given_name, middle_name, family_name from patients tablesample system (1) repeatable (11) where merged_into is null limit ?`,
    [count],
  )).rows as Array<{ id: string; given_name: string; middle_name: string | null; family_name: string }>;
  const probes: TypoProbe[] = [];
  for (const [n, row] of rows.entries()) {
    const words = [row.given_name, ...(n % 3 === 0 && row.middle_name !== null ? [row.middle_name] : []), row.family_name].map((name) => foldName(name));
    const kind = TYPO_CLASSES[n % TYPO_CLASSES.length]!;
    // Alternately the first and the last word, or the other when it is too short to have this typo.
    const order = n % 2 === 0 ? [words.length - 1, 0] : [0, words.length - 1];
    for (const index of order) {
      const typo = makeTypo(kind, words[index]!, rand);
      if (typo === undefined) continue;
      probes.push({ kind, query: words.map((word, i) => (i === index ? typo : word)).join(' '), intended: words.join(' '), patientId: row.id });
      break;
    }
  }
  return probes;
}
