import type { Knex } from 'knex';
import { DeletionIndex, maxEditsFor, osaDistance } from '@hms/core';

/**
 * Close spellings of a query word, found in memory, which the search statement takes as exact
 * keys and ranks (exact, then prefix, then one edit, then two, then merely similar; pg_trgm's
 * similarity within each), so the ranking stays PostgreSQL's:
 * - words within the query word's edit budget (core rules/edit-distance.ts: none for three letters or
 *   fewer, one up to six, two beyond), found through a deletion index (core rules/deletion-index.ts) and
 *   checked by optimal string alignment: a swapped pair, a dropped, doubled or wrong letter in
 *   a short name ('mawngi', 'wanjku', 'chepet'), where pg_trgm's similarity falls below its
 *   threshold;
 * - words merely similar (more edits, but pg_trgm's similarity at least 0.3, 'josef' for
 *   'joseph'), through posting lists of trigrams: the few best candidates, which the statement
 *   checks with pg_trgm itself.
 *
 * Freshness: the statement also matches, live, every word numbered (name_vocabulary.seq) above
 * `coveredSeq` (osa_distance and pg_trgm in SQL), so a word added since the index was last
 * refreshed is never missed. Refreshes run in the background, at most once a second, and read
 * back the words added in the last minute too, so that a word whose transaction committed after
 * a later-numbered word's was seen is picked up. (A word whose transaction stayed open for more
 * than a minute after a later word was indexed, e.g. a bulk seed run beside a live server, is
 * matched exactly and by prefix at once, and as a close spelling after the server restarts.)
 */
/** Words within the edit budget handed to the statement, best first (more when tied); it keeps the best eight (name-index.ts). */
const EDIT_CANDIDATES = 32;
/** Merely similar words handed to the statement, most similar first. */
const SIMILAR_CANDIDATES = 24;
/** Below pg_trgm's default threshold (0.3), which the statement applies: a margin, not a rule. */
const PRESELECT_SIMILARITY = 0.25;
const REFRESH_MS = 1_000;
const REREAD_MS = 60_000;

/** Close spellings of one query word: exact keys for the search statement. */
export interface CloseSpellings {
  oneEdit: string[];
  twoEdits: string[];
  /** Candidates for pg_trgm's similarity (a superset of the words at least 0.3 similar), any number of edits away. */
  similar: string[];
}

export const NO_CLOSE_SPELLINGS: CloseSpellings = { oneEdit: [], twoEdits: [], similar: [] };

/** pg_trgm's trigrams of one folded word (letters and digits): '  word ', every three characters, distinct. */
export function wordTrigrams(word: string): string[] {
  const chars = [...`  ${word} `];
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i += 1) trigrams.add(`${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
  return [...trigrams];
}

/** pg_trgm's similarity of two folded words: shared trigrams over all distinct trigrams. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = wordTrigrams(a);
  const tb = new Set(wordTrigrams(b));
  const shared = ta.filter((trigram) => tb.has(trigram)).length;
  return shared / (ta.length + tb.size - shared);
}

/** Deletions each word is filed under: enough for a query word of any length to find the words within its budget. */
function indexDepth(word: string): number {
  const length = [...word].length;
  // A query word allowed two edits has seven letters or more, so its matches have five or more.
  return length >= 5 ? 2 : length >= 3 ? 1 : 0;
}

export class VocabularyIndex {
  private readonly db: Knex;
  private readonly tokens: string[] = [];
  private readonly known = new Set<string>();
  private readonly deletions = new DeletionIndex();
  private readonly trigramCounts: number[] = [];
  private readonly postings = new Map<string, number[]>();
  private shared = new Int32Array(0);
  private covered = 0;
  private loaded = false;
  /** Highest seq seen by each recent refresh, to re-read a minute's words. */
  private readonly seen: Array<{ at: number; seq: number }> = [];
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(db: Knex) {
    this.db = db;
  }

  /** The highest vocabulary seq the index holds (0 before the first refresh: every word is matched live). */
  get coveredSeq(): number {
    return this.covered;
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Close spellings of a folded query word (never the word itself); none for three letters or fewer. */
  closeTo(word: string): CloseSpellings {
    const budget = maxEditsFor(word);
    if (budget === 0 || this.tokens.length === 0) return NO_CLOSE_SPELLINGS;
    return { ...this.withinEdits(word, budget), similar: this.similarTo(word) };
  }

  /**
   * The indexed words within `budget` edits of `word`, by number of edits, then pg_trgm's
   * similarity, then in byte order: the best EDIT_CANDIDATES, and any tied with the last.
   */
  private withinEdits(word: string, budget: number): Pick<CloseSpellings, 'oneEdit' | 'twoEdits'> {
    const found: Array<{ token: string; edits: number; similarity: number }> = [];
    for (const id of this.deletions.candidates(word, budget)) {
      const token = this.tokens[id]!;
      const edits = osaDistance(token, word, budget);
      if (edits >= 1 && edits <= budget) found.push({ token, edits, similarity: trigramSimilarity(token, word) });
    }
    found.sort((x, y) => x.edits - y.edits || y.similarity - x.similarity || (x.token < y.token ? -1 : 1));
    const last = found[Math.min(found.length, EDIT_CANDIDATES) - 1];
    const kept = last === undefined ? [] : found.filter((entry, index) => index < EDIT_CANDIDATES || (entry.edits === last.edits && entry.similarity === last.similarity));
    return {
      oneEdit: kept.filter((entry) => entry.edits === 1).map((entry) => entry.token),
      twoEdits: kept.filter((entry) => entry.edits === 2).map((entry) => entry.token),
    };
  }

  /** The indexed words most similar to `word` by trigrams (a superset of those pg_trgm finds similar), best first. */
  private similarTo(word: string): string[] {
    const trigrams = wordTrigrams(word);
    const touched: number[] = [];
    for (const trigram of trigrams) {
      for (const token of this.postings.get(trigram) ?? []) {
        if (this.shared[token] === 0) touched.push(token);
        this.shared[token]! += 1;
      }
    }
    const found: Array<{ token: string; similarity: number }> = [];
    for (const token of touched) {
      const shared = this.shared[token]!;
      this.shared[token] = 0;
      const similarity = shared / (trigrams.length + this.trigramCounts[token]! - shared);
      if (similarity >= PRESELECT_SIMILARITY && this.tokens[token] !== word) found.push({ token: this.tokens[token]!, similarity });
    }
    found.sort((x, y) => y.similarity - x.similarity || (x.token < y.token ? -1 : 1));
    return found.slice(0, SIMILAR_CANDIDATES).map((entry) => entry.token);
  }

  /**
   * Refreshes when due; the first load is waited for (once), since until then every vocabulary
   * word would be compared in PostgreSQL, and later refreshes run in the background.
   */
  async ready(nowMs: number): Promise<void> {
    this.refreshIfDue(nowMs);
    if (!this.loaded) await this.refreshing;
  }

  /** Starts a background refresh when the last is more than a second old; searches never wait for it. */
  refreshIfDue(nowMs: number): void {
    if (this.refreshing !== undefined || (nowMs - this.refreshedAt < REFRESH_MS && nowMs >= this.refreshedAt)) return;
    this.refreshedAt = nowMs;
    // A failed refresh leaves the index as it was: searches stay right (they match newer words live).
    this.refreshing = this.refresh(nowMs).catch(() => undefined).finally(() => {
      this.refreshing = undefined;
    });
  }

  /** Reads the words added since the last refresh, and again those of the last minute. */
  async refresh(nowMs: number): Promise<void> {
    while (this.seen.length > 1 && nowMs - this.seen[1]!.at >= REREAD_MS) this.seen.shift();
    const floor = this.seen.length > 0 && nowMs - this.seen[0]!.at >= REREAD_MS ? this.seen[0]!.seq : 0;
    const rows = (await this.db.raw('select token, seq from name_vocabulary where seq > ? order by seq', [floor])).rows as Array<{ token: string; seq: number | string }>;
    let highest = this.covered;
    for (const row of rows) {
      this.add(row.token);
      highest = Math.max(highest, Number(row.seq));
    }
    this.covered = highest;
    this.loaded = true;
    this.seen.push({ at: nowMs, seq: highest });
  }

  private add(token: string): void {
    if (this.known.has(token)) return;
    this.known.add(token);
    const id = this.tokens.length;
    this.tokens.push(token);
    this.deletions.add(id, token, indexDepth(token));
    const trigrams = wordTrigrams(token);
    this.trigramCounts.push(trigrams.length);
    for (const trigram of trigrams) {
      const list = this.postings.get(trigram);
      if (list === undefined) this.postings.set(trigram, [id]);
      else list.push(id);
    }
    if (this.shared.length <= id) {
      const grown = new Int32Array(Math.max(1_024, this.shared.length * 2));
      grown.set(this.shared);
      this.shared = grown;
    }
  }
}
