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
