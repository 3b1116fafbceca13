import type { Knex } from 'knex';

/** One vocabulary word a query word may stand for, with how well it matches (1 = exact). */
export interface Expansion {
  word: number;
  token: string;
  patients: number;
  score: number;
}

/** Per query word: the exact word, words it starts (prefix), and close spellings (pg_trgm). */
const PREFIX_LIMIT = 8;
const FUZZY_LIMIT = 8;
const PREFIX_SCORE = 0.9;
const FUZZY_WEIGHT = 0.8;

/** Where close spellings come from: a trigram scan of the vocabulary, or candidates found in memory. */
export type CloseSpellings =
  | { kind: 'scan' }
  /** `candidates`: a text[] expression per word (vocabulary-index.ts); words numbered above `coveredSeq` are matched live. */
  | { kind: 'candidates'; candidates: string; coveredSeq: string };

/**
 * SQL of query words expanded against the name vocabulary (a few thousand distinct words, so
 * typo tolerance costs trigram work on a small table, not on a million names): rows
 * (i: the word's position, token, patients, score). Exact matches score 1, words the query
 * word starts 0.9, close spellings (pg_trgm's %: similarity at least its threshold, 0.3) 0.8 x
 * similarity, the best eight. `words` is a FROM item giving `w(word, i)`; `prefix` is an SQL
 * boolean (look for words the query word starts).
 */
export function vocabularyExpansionSql(words: string, prefix: string, close: CloseSpellings = { kind: 'scan' }): string {
  // Candidates are fenced (offset 0) so that the planner does not move pg_trgm's % into the
  // scan below, where it would be computed for every word again.
  const closeFrom = close.kind === 'scan'
    ? 'name_vocabulary'
    : `(select token, patients from name_vocabulary where token = any(${close.candidates})
         union
         select token, patients from name_vocabulary where seq > ${close.coveredSeq}
         offset 0) c`;
  return `select w.i::int as i, v.token, v.patients,
            case when v.token = w.word then 1.0
                 when left(v.token, length(w.word)) = w.word then ${PREFIX_SCORE}
                 else round((similarity(v.token, w.word) * ${FUZZY_WEIGHT})::numeric, 3) end::float8 as score
       from ${words}
       cross join lateral (
         (select token, patients from name_vocabulary where token = w.word)
         union
         (select token, patients from name_vocabulary
           where ${prefix} and token > w.word and token < w.word || chr(1114111)
           order by patients desc limit ${PREFIX_LIMIT})
         union
         (select token, patients from ${closeFrom}
           where length(w.word) >= 3 and token % w.word
           order by similarity(token, w.word) desc, token limit ${FUZZY_LIMIT})
       ) v`;
}

/**
 * Scores of close spellings, by tier: one edit, two edits, merely similar (pg_trgm's % ), each
 * below every prefix (0.9), plus 0.1 x pg_trgm's similarity within the tier.
 */
const TIER_SCORES = { 1: 0.7, 2: 0.5, 3: 0.3 } as const;
const SIMILARITY_WEIGHT = 0.1;

/** SQL of the edits a query word may be away from a vocabulary word (core rules/edit-distance.ts maxEditsFor). */
export function maxEditsSql(word: string): string {
  return `(case when length(${word}) >= 7 then 2 when length(${word}) >= 4 then 1 else 0 end)`;
}

/**
 * SQL of query words expanded against the name vocabulary for patients.search: rows
 * (i: the word's position, token, patients, score, tier: 0 exact or prefix, 1 and 2 edits,
 * 3 similar), per word the exact word (score 1) and its best eight close spellings, found in
 * one probe of the vocabulary's key (the eight most common words it starts (0.9) in another):
 * for a word of four letters or more, words within its edit budget (core rules/edit-distance.ts), one
 * edit 0.7 and two 0.5, then words merely similar (pg_trgm's %, more edits away) 0.3, each
 * plus 0.1 x pg_trgm's similarity, rounded to three places. A word reached two ways keeps its
 * best score. `words` is a FROM item giving `w(i, word, one_edit, two_edits, close)`: the close
 * spellings found in memory (vocabulary-index.ts), one and two edits away and all of them (a
 * plain array, so that it is not rebuilt for every row scanned), taken as exact keys; words
 * numbered above `coveredSeq` (an SQL bigint) are compared live (osa_distance, migration 0006,
 * and pg_trgm), so with `coveredSeq` 0 and no candidates every word is compared in PostgreSQL
 * alone.
 */
export function nameSearchExpansionSql(words: string, coveredSeq: string): string {
  const budget = maxEditsSql('w.word');
  const tierScore = `(case e.tier when 1 then ${TIER_SCORES[1]} when 2 then ${TIER_SCORES[2]} else ${TIER_SCORES[3]} end)`;
  // Fenced (offset 0) so that the planner does not move pg_trgm's % into the scans below,
  // where it would be computed for every word of the vocabulary.
  return `select w.i::int as i, v.token, v.patients, v.score, v.tier
       from ${words}
       cross join lateral (
         select distinct on (c.token) c.token, c.patients, c.score, c.tier from (
           (select e.token, e.patients, e.tier,
                   (case when e.tier = 0 then 1.0 else round((${tierScore} + ${SIMILARITY_WEIGHT} * similarity(e.token, w.word))::numeric, 3) end)::float8 as score
              from (
                select token, patients,
                       case when token = w.word then 0 when token = any(w.one_edit) then 1 when token = any(w.two_edits) then 2 else 3 end as tier
                  from name_vocabulary where token = w.word or token = any(w.close)
                union all
                select token, patients, case when l.edits <= ${budget} then l.edits else 3 end from (
                  select token, patients, osa_distance(token, w.word, ${budget}) as edits from name_vocabulary
                   where seq > ${coveredSeq} and ${budget} > 0 and token <> w.word
                ) l
                offset 0
              ) e
             where e.tier < 3 or (${budget} > 0 and e.token % w.word)
             order by e.tier, similarity(e.token, w.word) desc, e.patients desc, e.token limit ${1 + FUZZY_LIMIT})
           union all
           (select token, patients, 0, ${PREFIX_SCORE}::float8 from name_vocabulary
             where token > w.word and token < w.word || chr(1114111)
             order by patients desc limit ${PREFIX_LIMIT})
         ) c
         order by c.token, c.score desc
       ) v`;
}

/** The expansions of folded query words, per word best first (duplicate search). */
export async function expandWords(
  db: Knex | Knex.Transaction,
  words: readonly string[],
  options: { prefix: boolean } = { prefix: true },
): Promise<Expansion[]> {
  if (words.length === 0) return [];
  const sql = `${vocabularyExpansionSql('unnest(?::text[]) with ordinality as w(word, i)', '?')} order by 1, 4 desc, 3 desc`;
  const result = await db.raw(sql, [[...words], options.prefix]);
  return (result.rows as Array<{ i: number; token: string; patients: number; score: number }>).map((row) => ({
    word: row.i - 1,
    token: row.token,
    patients: Number(row.patients),
    score: Number(row.score),
  }));
}
