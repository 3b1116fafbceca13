import type { Knex } from 'knex';

/**
 * Close spellings of a query word, found in memory. pg_trgm's similarity against every word of
 * a small vocabulary costs about a microsecond a word (PostgreSQL scans a few hundred words
 * rather than probe its trigram index), and its index probe of a large one can read thousands
 * of candidates for a short common word; this index counts shared trigrams through posting
 * lists instead, and hands the search statement the few best candidates, which PostgreSQL then
 * checks and ranks with pg_trgm itself (so the similarity and the ranking stay PostgreSQL's).
 *
 * Freshness: the statement also matches, live, every word numbered (name_vocabulary.seq) above
 * `coveredSeq`, so a word added since the index was last refreshed is never missed. Refreshes
 * run in the background, at most once a second, and read back the words added in the last
 * minute too, so that a word whose transaction committed after a later-numbered word's was seen
 * is picked up. (A word whose transaction stayed open for more than a minute after a later word
 * was indexed, e.g. a bulk seed run beside a live server, is matched exactly and by prefix at
 * once, and as a close spelling after the server restarts.)
 */
const CANDIDATES = 24;
/** Below pg_trgm's default threshold (0.3), which the statement applies: a margin, not a rule. */
const PRESELECT_SIMILARITY = 0.25;
const REFRESH_MS = 1_000;
const REREAD_MS = 60_000;

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

export class VocabularyIndex {
  private readonly db: Knex;
  private readonly tokens: string[] = [];
  private readonly known = new Set<string>();
  private readonly trigramCounts: number[] = [];
  private readonly postings = new Map<string, number[]>();
  private shared = new Int32Array(0);
  private covered = 0;
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

  /** The indexed words most similar to `word` (a superset of its close spellings), best first. */
  closeTo(word: string): string[] {
    if (this.tokens.length === 0 || [...word].length < 3) return [];
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
      if (similarity >= PRESELECT_SIMILARITY) found.push({ token: this.tokens[token]!, similarity });
    }
    found.sort((x, y) => y.similarity - x.similarity || (x.token < y.token ? -1 : 1));
    return found.slice(0, CANDIDATES).map((entry) => entry.token);
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
    this.seen.push({ at: nowMs, seq: highest });
  }

  private add(token: string): void {
    if (this.known.has(token)) return;
    this.known.add(token);
    const id = this.tokens.length;
    this.tokens.push(token);
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
