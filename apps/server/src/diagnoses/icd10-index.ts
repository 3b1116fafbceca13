import { DeletionIndex, formatIcd10Code, icd10CodePrefix, icd10Words, maxEditsFor, osaDistance } from '@hms/core';
import type { Icd10Code } from '@hms/core';

/**
 * The whole active ICD-10-CM release in memory (about 98,000 codes, 15,000 distinct words), so
 * a search costs well under a millisecond and never touches the database:
 * - codes sorted by key, for the start of a code (binary search);
 * - each description word's posting list (codes, in list order) and the codes' own word ids;
 * - the vocabulary sorted, for words a query word starts, and a deletion index (SymSpell) for
 *   close spellings within the query word's edit budget (none up to three letters, one up to
 *   six, two beyond: core rules/edit-distance.ts), as patient search finds names.
 * A query's words must all match a word of the description (exact, as its start, or a close
 * spelling). Ranking: exact before prefix before one edit before two, summed over the query
 * words; then descriptions that start with the first query word; then the shorter description
 * (the general code before its refinements); then list order.
 */
export interface Icd10Row {
  code: string;
  billable: boolean;
  long_description: string;
}

/** A query word that starts more vocabulary words than this is too short to expand ("a"). */
const MAX_PREFIX_WORDS = 150;
const MAX_QUERY_WORDS = 8;
/** Vocabulary words filed in the deletion index: two deletions cover every query budget. */
const DELETION_DEPTH = 2;

const SCORE_EXACT = 0;
const SCORE_PREFIX = 1;
/** One edit scores 2, two edits 3. */
const SCORE_EDIT_BASE = 1;

interface Hit {
  index: number;
  score: number;
  /** 0 when the description starts with the first query word ("Pneumonia, unspecified organism" for "pneumonia"). */
  leading: number;
  /** Words in the description: fewer is more general. */
  length: number;
}

/** The first place in `order` (indexes into `keys`, sorted by key) whose key is not below `key`. */
function lowerBound(order: Int32Array, keys: readonly string[], key: string): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[order[mid]!]! < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

function compareHits(a: Hit, b: Hit): number {
  return a.score - b.score || a.leading - b.leading || a.length - b.length || a.index - b.index;
}

export class Icd10Index {
  readonly size: number;
  private readonly codes: string[];
  private readonly billable: Uint8Array;
  private readonly descriptions: string[];
  /** Row indexes sorted by code key. */
  private readonly byCode: Int32Array;
  private readonly words: string[] = [];
  private readonly wordIds = new Map<string, number>();
  /** Word ids sorted by word, for prefixes. */
  private readonly sortedWordIds: Int32Array;
  private readonly postings: Int32Array[];
  private readonly codeWords: Int32Array[];
  private readonly deletions = new DeletionIndex();

  constructor(rows: readonly Icd10Row[]) {
    this.size = rows.length;
    this.codes = rows.map((row) => row.code);
    this.billable = Uint8Array.from(rows, (row) => (row.billable ? 1 : 0));
    this.descriptions = rows.map((row) => row.long_description);
    this.byCode = Int32Array.from(rows.keys()).sort((a, b) => (this.codes[a]! < this.codes[b]! ? -1 : this.codes[a]! > this.codes[b]! ? 1 : 0));
    const postingLists: number[][] = [];
    this.codeWords = rows.map((row, index) => {
      const ids = new Set<number>();
      for (const word of icd10Words(row.long_description)) {
        let id = this.wordIds.get(word);
        if (id === undefined) {
          id = this.words.length;
          this.words.push(word);
          this.wordIds.set(word, id);
          postingLists.push([]);
          if ([...word].length >= 3) this.deletions.add(id, word, DELETION_DEPTH);
        }
        if (!ids.has(id)) {
          ids.add(id);
          postingLists[id]!.push(index);
        }
      }
      return Int32Array.from(ids);
    });
    this.postings = postingLists.map((list) => Int32Array.from(list));
    this.sortedWordIds = Int32Array.from(this.words.keys()).sort((a, b) => (this.words[a]! < this.words[b]! ? -1 : this.words[a]! > this.words[b]! ? 1 : 0));
  }

  search(query: string, options: { limit: number; billableOnly: boolean }): Icd10Code[] {
    const found: number[] = [];
    const prefix = icd10CodePrefix(query);
    if (prefix !== undefined) found.push(...this.byCodePrefix(prefix, options));
    // `b12` is shaped like a code but may mean words: fill the page with word matches.
    if (found.length < options.limit) {
      const seen = new Set(found);
      for (const index of this.byWords(query, { ...options, limit: options.limit + found.length })) {
        if (found.length >= options.limit) break;
        if (!seen.has(index)) found.push(index);
      }
    }
    return found.map((index) => this.entry(index));
  }

  /** The row of an exact code key, if the release has it. */
  find(key: string): Icd10Code | undefined {
    const at = lowerBound(this.byCode, this.codes, key);
    const index = this.byCode[at];
    return index !== undefined && this.codes[index] === key ? this.entry(index) : undefined;
  }

  private entry(index: number): Icd10Code {
    return { code: formatIcd10Code(this.codes[index]!), billable: this.billable[index] === 1, description: this.descriptions[index]! };
  }

  private byCodePrefix(prefix: string, options: { limit: number; billableOnly: boolean }): number[] {
    const found: number[] = [];
    for (let at = lowerBound(this.byCode, this.codes, prefix); at < this.byCode.length && found.length < options.limit; at += 1) {
      const index = this.byCode[at]!;
      if (!this.codes[index]!.startsWith(prefix)) break;
      if (!options.billableOnly || this.billable[index] === 1) found.push(index);
    }
    return found;
  }

  /** Vocabulary words a query word may stand for: per word id, its score + 1 (0: not a match), and the ids. */
  private expand(word: string): { scoreOf: Uint8Array; ids: number[] } {
    const scoreOf = new Uint8Array(this.words.length);
    const ids: number[] = [];
    const set = (id: number, score: number) => {
      if (scoreOf[id] === 0) {
        scoreOf[id] = score + 1;
        ids.push(id);
      }
    };
    const exact = this.wordIds.get(word);
    if (exact !== undefined) set(exact, SCORE_EXACT);
    const low = lowerBound(this.sortedWordIds, this.words, word);
    let end = low;
    while (end < this.sortedWordIds.length && end - low <= MAX_PREFIX_WORDS && this.words[this.sortedWordIds[end]!]!.startsWith(word)) end += 1;
    if (end - low <= MAX_PREFIX_WORDS) for (let at = low; at < end; at += 1) set(this.sortedWordIds[at]!, SCORE_PREFIX);
    const budget = maxEditsFor(word);
    if (budget > 0) {
      for (const id of this.deletions.candidates(word, budget)) {
        if (scoreOf[id] !== 0) continue;
        const distance = osaDistance(word, this.words[id]!, budget);
        if (distance <= budget) set(id, SCORE_EDIT_BASE + distance);
      }
    }
    return { scoreOf, ids };
  }

  private byWords(query: string, options: { limit: number; billableOnly: boolean }): number[] {
    const queryWords = [...new Set(icd10Words(query))].slice(0, MAX_QUERY_WORDS);
    if (queryWords.length === 0) return [];
    const expanded = queryWords.map((word) => this.expand(word));
    if (expanded.some((expansion) => expansion.ids.length === 0)) return [];
    // Candidates come from the query word with the fewest codes; the others are checked on each candidate's own words.
    const sizes = expanded.map((expansion) => expansion.ids.reduce((sum, id) => sum + this.postings[id]!.length, 0));
    const driver = sizes.indexOf(Math.min(...sizes));
    const best = new Uint8Array(this.size);
    const candidates: number[] = [];
    for (const id of expanded[driver]!.ids) {
      const score = expanded[driver]!.scoreOf[id]!;
      for (const index of this.postings[id]!) {
        if (best[index] === 0) candidates.push(index);
        if (best[index] === 0 || score < best[index]!) best[index] = score;
      }
    }
    const first = expanded[0]!.scoreOf;
    // The best `limit` hits, kept sorted as they come (a common word has thousands of codes).
    const ranked: Hit[] = [];
    for (const index of candidates) {
      if (options.billableOnly && this.billable[index] !== 1) continue;
      const own = this.codeWords[index]!;
      let total = best[index]! - 1;
      for (let q = 0; q < expanded.length && total !== Infinity; q += 1) {
        if (q === driver) continue;
        const scoreOf = expanded[q]!.scoreOf;
        let wordBest = 0;
        for (const id of own) {
          const score = scoreOf[id]!;
          if (score !== 0 && (wordBest === 0 || score < wordBest)) wordBest = score;
        }
        total = wordBest === 0 ? Infinity : total + wordBest - 1;
      }
      if (total === Infinity) continue;
      const leading = first[own[0]!]! !== 0 ? 0 : 1;
      // Most candidates of a common word lose to the page already held: no object for them.
      const worst = ranked.length === options.limit ? ranked[ranked.length - 1]! : undefined;
      if (worst !== undefined && (total - worst.score || leading - worst.leading || own.length - worst.length || index - worst.index) >= 0) continue;
      const hit: Hit = { index, score: total, leading, length: own.length };
      let at = ranked.length;
      while (at > 0 && compareHits(hit, ranked[at - 1]!) < 0) at -= 1;
      ranked.splice(at, 0, hit);
      if (ranked.length > options.limit) ranked.pop();
    }
    return ranked.map((hit) => hit.index);
  }
}
