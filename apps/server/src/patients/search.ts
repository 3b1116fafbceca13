import { HmsError, classifyPatientQuery, namePairKey } from '@hms/core';
import type { PatientQuery, PatientSearchItem, Result } from '@hms/core';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { HospitalIdentity } from '../mrn/mrn-service.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { expandWords } from './name-index.js';
import type { Expansion } from './name-index.js';
import { briefColumns, toBrief } from './patients-repo.js';
import type { BriefRow } from './patients-repo.js';

/**
 * patients.search at a million patients. The query is classified in core
 * (rules/patient-query.ts); each kind runs one statement that reads an index in the order of
 * the result, so a page costs about `limit` index entries however common the name:
 * - MRN: the unique index (a merged MRN answers its survivor);
 * - phone / national ID: their btree indexes, then sorted by name (few rows);
 * - start of a phone: the phone index in phone order;
 * - date or year of birth: (birth_date, sort_name, id);
 * - names: the name index (token, sort_name, patient_id), which holds each word of a name and
 *   each pair of words. Query words are expanded against the small vocabulary (exact, words
 *   they start, close spellings); one word reads its expansions, two or more read the pairs of
 *   the two most selective words' expansions, best score first, each in name order (so a page
 *   costs about `limit` index entries per key, however common the name); further words
 *   filter on the words every index row carries.
 * Pages continue from an opaque keyset cursor tied to the query.
 */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export type SearchResult = Result<'patients.search'>;
export type QueryTrace = (sql: string, bindings: readonly Knex.RawBinding[]) => void;

const CursorSchema = z.object({ q: z.string(), m: z.string(), k: z.array(z.union([z.string(), z.number()])) });
type Cursor = z.infer<typeof CursorSchema>;

interface Filters {
  birthFrom?: string;
  birthTo?: string;
  phonePrefix?: string;
}

function queryKey(query: string): string {
  return createHash('sha256').update(query.trim().toLowerCase()).digest('base64url').slice(0, 12);
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function filtersOf(q: PatientQuery): Filters {
  const filters: Filters = {};
  if (q.birthDate !== undefined) {
    filters.birthFrom = q.birthDate;
    filters.birthTo = q.birthDate;
  } else if (q.birthYear !== undefined) {
    filters.birthFrom = `${q.birthYear}-01-01`;
    filters.birthTo = `${q.birthYear}-12-31`;
  }
  if (q.phonePrefixes[0] !== undefined) filters.phonePrefix = q.phonePrefixes[0];
  return filters;
}

/** SQL conditions on a table alias that has birth_date and phone_digits. */
function filterSql(alias: string, filters: Filters, bindings: Knex.RawBinding[]): string {
  let sql = '';
  if (filters.birthFrom !== undefined) {
    sql += ` and ${alias}.birth_date between ?::date and ?::date`;
    bindings.push(filters.birthFrom, filters.birthTo ?? null);
  }
  if (filters.phonePrefix !== undefined) {
    sql += ` and ${alias}.phone_digits like ?`;
    bindings.push(likePrefix(filters.phonePrefix));
  }
  return sql;
}

function filterMatches(filters: Filters): Array<'birth_date' | 'phone'> {
  const matches: Array<'birth_date' | 'phone'> = [];
  if (filters.birthFrom !== undefined) matches.push('birth_date');
  if (filters.phonePrefix !== undefined) matches.push('phone');
  return matches;
}

export async function searchPatients(
  db: Knex,
  identity: HospitalIdentity,
  params: { query: string; limit: number; cursor?: string | undefined },
  trace?: QueryTrace,
): Promise<SearchResult> {
  const q = classifyPatientQuery(params.query, { mrnFormat: identity.mrnFormat });
  const key = queryKey(params.query);
  const cursor = params.cursor === undefined ? undefined : decodeCursor(params.cursor, CursorSchema);
  if (cursor !== undefined && cursor.q !== key) throw HmsError.validation({ cursor: 'belongs to another query' });
  const run = async <T>(sql: string, bindings: Knex.RawBinding[]): Promise<T[]> => {
    trace?.(sql, bindings);
    return (await db.raw(sql, bindings)).rows as T[];
  };
  const interpretedAs: SearchResult['interpretedAs'] = { kind: q.kind };
  const limit = params.limit;

  if (q.kind === 'empty') {
    if (q.mrn !== undefined) interpretedAs.mrnCheckFailed = !q.mrn.checkValid;
    return { items: [], interpretedAs };
  }

  if (q.kind === 'mrn' && q.mrn !== undefined) {
    interpretedAs.mrn = q.mrn.mrn;
    if (!q.mrn.checkValid) return { items: [], interpretedAs: { ...interpretedAs, mrnCheckFailed: true } };
    const rows = await run<BriefRow & { merged_into: string | null }>(
      `select ${briefColumns('s')}, p.merged_into from patients p join patients s on s.id = coalesce(p.merged_into, p.id) where p.mrn = ?`,
      [q.mrn.mrn],
    );
    return {
      items: rows.map((row) => ({ ...toBrief(row), matchedBy: [row.merged_into === null ? 'mrn' : 'merged_mrn'] })),
      interpretedAs,
    };
  }

  const filters = filtersOf(q);
  const page = <R extends BriefRow>(rows: R[], item: (row: R) => PatientSearchItem, keyOf: (row: R) => Cursor['k'], mode: string, dedupe = false): SearchResult => {
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown.at(-1);
    const seen = new Set<string>();
    // A patient reached through two keys (a word and its prefix, both in one name) shows once.
    const unique = dedupe ? shown.filter((row) => !seen.has(row.id) && seen.add(row.id) !== undefined) : shown;
    return {
      items: unique.map(item),
      ...(more && last !== undefined ? { nextCursor: encodeCursor({ q: key, m: mode, k: keyOf(last) } satisfies Cursor) } : {}),
      interpretedAs,
    };
  };
  const keys = (mode: string): Cursor['k'] | undefined => {
    if (cursor === undefined) return undefined;
    if (cursor.m !== mode) throw HmsError.validation({ cursor: 'belongs to another query' });
    return cursor.k;
  };

  // Whole phone numbers and national IDs are the most selective: they drive, names filter.
  if (q.phones.length > 0 || q.nationalIds.length > 0) {
    const expansions = await expandWords(db, q.words, { prefix: true, ...(trace === undefined ? {} : { trace }) });
    const bindings: Knex.RawBinding[] = [q.phones, q.nationalIds];
    let sql = `select ${briefColumns('p')}, p.sort_name, p.phone_digits from patients p
      where p.merged_into is null and (p.phone_digits = any(?::text[]) or p.national_id = any(?::text[]))`;
    sql += filterSql('p', filters, bindings);
    for (let word = 0; word < q.words.length; word += 1) {
      sql += ' and exists (select 1 from patient_name_tokens t where t.patient_id = p.id and t.token = any(?::text[]))';
      bindings.push(expansions.filter((e) => e.word === word).map((e) => e.token));
    }
    const after = keys('i');
    if (after !== undefined) {
      sql += ' and (p.sort_name, p.id) > (?, ?::uuid)';
      bindings.push(after[0]!, after[1]!);
    }
    sql += ' order by p.sort_name, p.id limit ?';
    bindings.push(limit + 1);
    const rows = await run<BriefRow & { sort_name: string; phone_digits: string | null }>(sql, bindings);
    return page(
      rows,
      (row) => ({
        ...toBrief(row),
        matchedBy: [
          ...(row.phone_digits !== null && q.phones.includes(row.phone_digits) ? (['phone'] as const) : []),
          ...(row.national_id !== null && q.nationalIds.includes(row.national_id) ? (['national_id'] as const) : []),
          ...filterMatches(filters).filter((match) => match !== 'phone'),
          ...(q.words.length > 0 ? (['name'] as const) : []),
        ],
      }),
      (row) => [row.sort_name, row.id],
      'i',
    );
  }

  if (q.words.length === 0) {
    if (filters.phonePrefix !== undefined) {
      const bindings: Knex.RawBinding[] = [likePrefix(filters.phonePrefix)];
      let sql = `select ${briefColumns('p')}, p.phone_digits from patients p where p.merged_into is null and p.phone_digits like ?`;
      sql += filterSql('p', { ...filters, phonePrefix: undefined }, bindings);
      const after = keys('p');
      if (after !== undefined) {
        sql += ' and (p.phone_digits, p.id) > (?, ?::uuid)';
        bindings.push(after[0]!, after[1]!);
      }
      sql += ' order by p.phone_digits, p.id limit ?';
      bindings.push(limit + 1);
      const rows = await run<BriefRow & { phone_digits: string }>(sql, bindings);
      return page(rows, (row) => ({ ...toBrief(row), matchedBy: filterMatches(filters) }), (row) => [row.phone_digits, row.id], 'p');
    }
    const bindings: Knex.RawBinding[] = [filters.birthFrom ?? null, filters.birthTo ?? null];
    let sql = `select ${briefColumns('p')}, p.sort_name from patients p
      where p.merged_into is null and p.birth_date between ?::date and ?::date`;
    const after = keys('b');
    if (after !== undefined) {
      sql += ' and (p.birth_date, p.sort_name, p.id) > (?::date, ?, ?::uuid)';
      bindings.push(after[0]!, after[1]!, after[2]!);
    }
    sql += ' order by p.birth_date, p.sort_name, p.id limit ?';
    bindings.push(limit + 1);
    const rows = await run<BriefRow & { sort_name: string }>(sql, bindings);
    return page(rows, (row) => ({ ...toBrief(row), matchedBy: ['birth_date'] }), (row) => [row.birth_date ?? '', row.sort_name, row.id], 'b');
  }

  const expansions = await expandWords(db, q.words, { prefix: true, ...(trace === undefined ? {} : { trace }) });
  const byWord = q.words.map((_, word) => expansions.filter((e) => e.word === word));
  if (byWord.some((list) => list.length === 0)) return { items: [], interpretedAs };
  return streamedNames(run, byWord, filters, limit, keys('s'), page, ['name', ...filterMatches(filters)]);
}

type Run = <T>(sql: string, bindings: Knex.RawBinding[]) => Promise<T[]>;
type Page = <R extends BriefRow>(rows: R[], item: (row: R) => PatientSearchItem, keyOf: (row: R) => Cursor['k'], mode: string, dedupe?: boolean) => SearchResult;

interface Key {
  token: string;
  score: number;
}

const PAIR_SIDE = 5;
const MAX_KEYS = 25;

/**
 * The name index keys a query reads, best first. One word: its expansions. Two or more: the
 * pairs of the two most selective words' best expansions ('kamau mary', 'kamau marry'...),
 * scored by the mean of both; further words filter on the words each index row carries.
 */
export function nameKeys(byWord: readonly Expansion[][]): { keys: Key[]; filterWords: string[][] } {
  if (byWord.length === 1) return { keys: byWord[0]!.map((e) => ({ token: e.token, score: e.score })), filterWords: [] };
  const size = (list: readonly Expansion[]) => list.reduce((sum, e) => sum + e.patients, 0);
  const order = byWord.map((list, index) => ({ list, index, size: size(list) })).sort((a, b) => a.size - b.size || a.index - b.index);
  const [a, b] = [order[0]!.list.slice(0, PAIR_SIDE), order[1]!.list.slice(0, PAIR_SIDE)];
  const keys = new Map<string, number>();
  for (const x of a) {
    for (const y of b) {
      if (x.token === y.token) continue;
      const key = namePairKey(x.token, y.token);
      keys.set(key, Math.max(keys.get(key) ?? 0, (x.score + y.score) / 2));
    }
  }
  return {
    keys: [...keys].map(([token, score]) => ({ token, score })).sort((x, y) => y.score - x.score || (x.token < y.token ? -1 : 1)).slice(0, MAX_KEYS),
    filterWords: order.slice(2).map((entry) => entry.list.map((e) => e.token)),
  };
}

/**
 * Streams the keys in score order, each in name order straight off the name index (token,
 * sort_name, patient_id): a page reads about `limit` entries per key, however common the name.
 */
async function streamedNames(
  run: Run, byWord: Expansion[][], filters: Filters, limit: number,
  after: Cursor['k'] | undefined, page: Page, matchedBy: PatientSearchItem['matchedBy'],
): Promise<SearchResult> {
  const { keys, filterWords } = nameKeys(byWord);
  const fromOrd = after === undefined ? 1 : Number(after[0]);
  const list = keys.map((key, index) => ({ ...key, ord: index + 1 })).filter((key) => key.ord >= fromOrd);
  const bindings: Knex.RawBinding[] = [
    list.map((key) => key.token),
    list.map((key) => key.ord),
    list.map((key) => key.score),
    list.map((key) => (after !== undefined && key.ord === fromOrd ? String(after[1]) : '')),
    list.map((key) => (after !== undefined && key.ord === fromOrd ? String(after[2]) : NIL_UUID)),
  ];
  let sql = `with d(token, ord, score, after_sort, after_id) as (select * from unnest(?::text[], ?::int[], ?::float8[], ?::text[], ?::uuid[]))
    select ${briefColumns('p')}, x.sort_name, d.ord, d.score
      from d cross join lateral (
        select t.patient_id, t.sort_name from patient_name_tokens t
         where t.token = d.token and (t.sort_name, t.patient_id) > (d.after_sort, d.after_id)`;
  sql += filterSql('t', filters, bindings);
  for (const words of filterWords) {
    sql += ' and t.name_tokens && ?::text[]';
    bindings.push(words);
  }
  sql += ` order by t.sort_name, t.patient_id limit ?
      ) x
      join patients p on p.id = x.patient_id
     order by d.ord, x.sort_name, x.patient_id limit ?`;
  bindings.push(limit + 1, limit + 1);
  const rows = await run<BriefRow & { sort_name: string; ord: number; score: number }>(sql, bindings);
  return page(
    rows,
    (row) => ({ ...toBrief(row), matchedBy, score: Math.round(Number(row.score) * 1000) / 1000 }),
    (row) => [row.ord, row.sort_name, row.id],
    's',
    true,
  );
}
