import { HmsError, MAX_NAME_WORDS, classifyPatientQuery } from '@hms/core';
import type { PatientQuery, PatientSearchItem, Result } from '@hms/core';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { prepared, runPrepared } from '../db/prepared.js';
import type { PreparedStatement } from '../db/prepared.js';
import type { HospitalIdentity } from '../mrn/index.js';
import { CursorTextSchema, decodeCursor, encodeCursor } from '../shared/cursor.js';
import { maxEditsSql, nameSearchExpansionSql } from './name-index.js';
import { NO_CLOSE_SPELLINGS } from './vocabulary-index.js';
import type { VocabularyIndex } from './vocabulary-index.js';
import { briefColumns, toBrief } from './patients-repo.js';
import type { BriefRow } from './patients-repo.js';

/**
 * patients.search at a million patients. The query is classified in core
 * (rules/patient-query.ts); each kind is ONE prepared statement (one round trip, parsed once
 * per connection) that reads an index in the order of the result, so a page costs about
 * `limit` index entries however common the name:
 * - MRN: the unique index (a merged MRN answers its survivor);
 * - phone / national ID: their btree indexes (either phone), then sorted by name (few rows);
 * - start of a phone: the two phones' indexes in phone order, merged;
 * - date or year of birth: (birth_date, sort_name, id);
 * - names: the name index (token, sort_name, patient_id), which holds each word of a name and
 *   each pair of words. Inside the statement, query words are expanded against the small
 *   vocabulary (exact, words they start, and close spellings of words of four letters or
 *   more: within one edit up to six letters, two beyond, or merely similar by pg_trgm); one
 *   word reads its expansions, two or more read the pairs of the two most selective words'
 *   best expansions, best score first (exact, prefix, one edit, two edits, similar), each in
 *   name order; further words filter on the words every index row carries. Patients are read
 *   for the page's rows only, after the limit. Close spellings are found in the server's
 *   in-memory index of the vocabulary (vocabulary-index.ts) rather than by comparing every
 *   word, and reach the statement as exact keys; PostgreSQL ranks them.
 * Filters that a query may or may not have (birth dates, start of a phone) are parameters
 * that may be null, so each statement keeps one text. Pages continue from an opaque keyset
 * cursor tied to the query.
 */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
type MrnMatch = 'mrn' | 'merged_mrn';
/** Best expansions of each of the two most selective words that are paired. */
const PAIR_SIDE = 5;
/** The largest page a search may ask for (contract: patients.search limit). */
const MAX_LIMIT = 100;
/** Name index keys read at most (pairs). */
const MAX_KEYS = 25;

export type SearchResult = Result<'patients.search'>;
/** Sees each statement a search runs (the benchmark times them in PostgreSQL alone). */
export type QueryTrace = (statement: PreparedStatement, values: readonly unknown[]) => void;

const CursorSchema = z.object({ q: z.string(), m: z.string(), k: z.array(z.union([z.string(), z.number()])) });
type Cursor = z.infer<typeof CursorSchema>;
/** What each mode's keys are, checked before they reach a statement (a forged one is VALIDATION). */
const CURSOR_KEYS: Record<string, z.ZodType> = {
  i: z.tuple([CursorTextSchema, z.uuid()]),
  p: z.tuple([CursorTextSchema, z.uuid()]),
  b: z.tuple([z.union([z.iso.date(), z.literal('')]), CursorTextSchema, z.uuid()]),
  s: z.tuple([z.number().int().min(0), CursorTextSchema, z.uuid()]),
};

const BRIEF_P = briefColumns('p');

const byMrn = prepared('patients.search.mrn', `
  select ${briefColumns('s')}, p.merged_into from patients p join patients s on s.id = coalesce(p.merged_into, p.id) where p.mrn = $1`);

/** Migration 0008's index expression on patients p, word for word: the digits of the second phone. */
const ALTERNATE_DIGITS_OF_P = `(regexp_replace(p.alternate_phone, '[^0-9]', '', 'g') collate "C")`;
/** Migration 0007's index expression on patients m, word for word (another expression would not use the index). */
const MRN_KEY_OF_M = `upper(regexp_replace(m.mrn, '[^0-9A-Za-z]', '', 'g'))`;
/** Patients whose MRN, in any format, has the letters and digits of $n (rules/patient-query.ts mrnKey): a merged one answers its survivor. */
const legacyMrnHits = (key: string) => `
  select s.id, case when m.merged_into is null then 'mrn' else 'merged_mrn' end as mrn_match
    from patients m join patients s on s.id = coalesce(m.merged_into, m.id) where ${MRN_KEY_OF_M} = ${key}::text`;

/** An MRN of an earlier format alone: $1 the MRN key, $2 limit (a handful at most: no further page). */
const byMrnKey = prepared('patients.search.mrn-key', `
  select ${BRIEF_P}, max(h.mrn_match) as mrn_match from (${legacyMrnHits('$1')}) h join patients p on p.id = h.id
   group by p.id order by p.sort_name, p.id limit $2`);

/**
 * Whole phones or national IDs: $1 phones, $2 national IDs, $3/$4 birth range, $5 phone prefix,
 * $6/$7 after (sort_name, id), $8 limit; with names, $9 the words (each must match a word of
 * the name exactly, as its start, within the word's edit budget or similar by pg_trgm); or, for
 * a query that may also be an MRN of an earlier format, $9 its MRN key (those patients join the
 * list). A query with one number (almost all) has a statement of its own, with the number as a
 * scalar: the generic plan over arrays of unknown length is costed too high to be reused, and
 * a custom plan costs more to make than to run.
 */
function identifierStatement(shape: 'phone' | 'national-id' | 'many' | 'names', legacyMrn = false): PreparedStatement {
  // Few rows (a number drives): each word is compared with the patient's own name words.
  const budget = maxEditsSql('q.word');
  const names = shape === 'names'
    ? `and not exists (
         select from unnest($9::text[]) as q(word)
          where not exists (
            select from unnest(string_to_array(p.search_name, ' ')) as n(token)
             where n.token = q.word or starts_with(n.token, q.word)
                or (${budget} > 0 and (n.token % q.word or osa_distance(n.token, q.word, ${budget}) <= ${budget}))))`
    : '';
  // A single number's shapes keep $2 (null) in the parameter list, so that every shape binds alike.
  // A whole phone is either of a patient's phones.
  const alternate = `p.alternate_phone is not null and ${ALTERNATE_DIGITS_OF_P}`;
  const numbers = shape === 'phone' ? `(p.phone_digits = $1::text or (${alternate} = $1::text)) and $2::text is null`
    : shape === 'national-id' ? 'p.national_id = $2::text and $1::text is null'
    : `(p.phone_digits = any($1::text[]) or p.national_id = any($2::text[]) or (${alternate} = any($1::text[])))`;
  const filters = `
       and ($3::date is null or p.birth_date between $3 and $4::date)
       and ($5::text is null or (p.phone_digits >= $5 and p.phone_digits < $5 || chr(1114111)))
       ${names}
       and (p.sort_name, p.id) > ($6::text, $7::uuid)
     order by p.sort_name, p.id limit $8`;
  if (!legacyMrn) {
    return prepared(`patients.search.identifier-${shape}`, `
      select ${BRIEF_P}, p.sort_name, p.phone_digits, ${ALTERNATE_DIGITS_OF_P} as alternate_digits, null::text as mrn_match from patients p
       where p.merged_into is null and ${numbers} ${filters}`);
  }
  return prepared(`patients.search.identifier-${shape}-or-mrn`, `
    with hit as (
      select p.id, null::text as mrn_match from patients p where p.merged_into is null and ${numbers}
      union all ${legacyMrnHits('$9')}
    )
    select ${BRIEF_P}, p.sort_name, p.phone_digits, ${ALTERNATE_DIGITS_OF_P} as alternate_digits, h.mrn_match
      from (select id, max(mrn_match) as mrn_match from hit group by id) h join patients p on p.id = h.id
     where p.merged_into is null ${filters}`);
}
const byIdentifier = {
  phone: identifierStatement('phone'), 'national-id': identifierStatement('national-id'), many: identifierStatement('many'), names: identifierStatement('names'),
};
const byIdentifierOrMrn = {
  phone: identifierStatement('phone', true), 'national-id': identifierStatement('national-id', true), many: identifierStatement('many', true),
};

/**
 * The start of a phone, first or second (alternate_phone): $1 phone prefix, $2/$3 birth range,
 * $4/$5 after (the matched phone's digits, id), $6 limit. Each phone's index is read in order
 * and the two merged; a patient whose first phone matches is listed under it only. The first
 * page starts from (prefix, nil): a row comparison below the range's start would make the
 * index scan start there instead. Each phone's read is capped by a constant (the largest page):
 * under a limit that is a parameter the planner would cost a tenth of the range, and re-plan
 * the statement for every search rather than keep its generic plan; the outer limit stops the
 * reads as soon as the page is full. For a query that may also be an MRN of an earlier format,
 * $7 its MRN key and $8 whether this is the first page: those patients lead the first page.
 */
function phonePrefixStatement(legacyMrn: boolean): PreparedStatement {
  const starts = (digits: string) => `${digits} >= $1::text and ${digits} < $1::text || chr(1114111)`;
  const byDigits = (digits: string, only: string) => `
      (select ${BRIEF_P}, ${digits} as matched_digits, null::text as mrn_match from patients p
        where p.merged_into is null ${only} and ${starts(digits)}
          and ($2::date is null or p.birth_date between $2 and $3::date)
          and (${digits}, p.id) > ($4::text, $5::uuid)
        order by ${digits}, p.id limit ${MAX_LIMIT + 1})`;
  const byPhone = `
    select * from (
      ${byDigits('p.phone_digits', '')}
      union all
      ${byDigits(ALTERNATE_DIGITS_OF_P, `and p.alternate_phone is not null and not coalesce(${starts('p.phone_digits')}, false)`)}
    ) r order by r.matched_digits, r.id limit $6`;
  if (!legacyMrn) return prepared('patients.search.phone-prefix', byPhone);
  // The phone rows come in their order, after any found by MRN (a patient found both ways shows once: searchPatients).
  return prepared('patients.search.phone-prefix-or-mrn', `
    (select ${BRIEF_P}, null::text as matched_digits, h.mrn_match from (${legacyMrnHits('$7')}) h join patients p on p.id = h.id
      where $8::boolean limit ${MAX_LIMIT})
    union all
    (${byPhone})`);
}
const byPhonePrefix = phonePrefixStatement(false);
const byPhonePrefixOrMrn = phonePrefixStatement(true);

/** A date or year of birth: $1/$2 birth range, $3/$4/$5 after (birth_date, sort_name, id), $6 limit. */
const byBirthDate = prepared('patients.search.birth-date', `
  select ${BRIEF_P}, p.sort_name from patients p
   where p.merged_into is null and p.birth_date between $1::date and $2::date
     and (p.birth_date, p.sort_name, p.id) > ($3::date, $4::text, $5::uuid)
   order by p.birth_date, p.sort_name, p.id limit $6`);

/**
 * Names, one statement per number of words (so that a plan made once fits every search of
 * that shape): per word, $4i-3 the word, $4i-2, $4i-1 and $4i its close spellings one and two
 * edits away and all of them (found in memory, vocabulary-index.ts), then the vocabulary seq
 * they cover (newer words are matched
 * live), from_ord (the page's first key), after (sort_name, id) within that key, the birth range,
 * the phone prefix, the limit.
 * Keys: one word, its expansions by score then patients; several, the pairs of the two most
 * selective words' best expansions by mean score, then the more common pair (by the words'
 * patients), then key (both words in byte order, collate "C", as rules/names.ts builds them),
 * and a third and fourth word filter on each index row's words, with their best matches only
 * (exact or prefix if any, else one edit, else two, else similar: rows within a key stream in
 * name order, so a looser match there could not be ranked below). Every word must have an
 * expansion. Patients are read for the page's rows only.
 */
function namesStatement(words: number): PreparedStatement {
  const p = (offset: number) => `$${4 * words + offset}`;
  const [coveredSeq, fromOrd, afterSort, afterId, birthFrom, birthTo, phonePrefix, limit] = [1, 2, 3, 4, 5, 6, 7, 8].map(p);
  const wordRows = Array.from({ length: words }, (_, index) => {
    const [word, oneEdit, twoEdits, close] = [1, 2, 3, 4].map((n) => `$${4 * index + n}`);
    return `(${index + 1}, ${word}::text, ${oneEdit}::text[], ${twoEdits}::text[], ${close}::text[])`;
  }).join(', ');
  const expansions = nameSearchExpansionSql(`(values ${wordRows}) as w(i, word, one_edit, two_edits, close)`, `${coveredSeq}::bigint`);
  const keys = words === 1
    ? `keys as (
        select e.token, e.score, (row_number() over (order by e.score desc, e.patients desc, e.token))::int as ord from (${expansions}) e
      )`
    : `x as (
        select e.i, e.token, e.patients, e.score, e.tier, min(e.tier) over (partition by e.i) as best_tier,
               row_number() over (partition by e.i order by e.score desc, e.patients desc, e.token) as r
          from (${expansions}) e
      ),
      words as (select i, row_number() over (order by sum(patients), i) as rank from x group by i),
      side as (select x.token, x.score, x.patients, words.rank from x join words using (i) where words.rank <= 2 and x.r <= ${PAIR_SIDE}),
      keys as (
        select token, score, (row_number() over (order by score desc, together desc, token))::int as ord from (
          select case when a.token < b.token then a.token || ' ' || b.token else b.token || ' ' || a.token end as token,
                 max((a.score + b.score) / 2) as score, max(a.patients::float8 * b.patients) as together
            from side a join side b on a.rank = 1 and b.rank = 2 and a.token <> b.token
           where (select count(*) from words) = ${words}
           group by 1 order by 2 desc, 3 desc, 1 limit ${MAX_KEYS}
        ) pairs
      )${words > 2 ? `,
      filters as (
        select array_agg(x.token) filter (where words.rank = 3 and x.tier = x.best_tier) as third,
               array_agg(x.token) filter (where words.rank = 4 and x.tier = x.best_tier) as fourth
          from x join words using (i)
      )` : ''}`;
  const wordFilters = [words > 2 ? 'and t.name_tokens && f.third' : '', words > 3 ? 'and t.name_tokens && f.fourth' : ''].join(' ');
  return prepared(`patients.search.names-${words}`, `
    with ${keys},
    hits as (
      select k.ord, k.score, h.sort_name, h.patient_id
        from keys k ${words > 2 ? 'cross join filters f' : ''} cross join lateral (
          select t.sort_name, t.patient_id from patient_name_tokens t
           where t.token = k.token
             and (t.sort_name, t.patient_id) > (case when k.ord = ${fromOrd}::int then ${afterSort}::text else '' end,
                                                case when k.ord = ${fromOrd}::int then ${afterId}::uuid else '${NIL_UUID}'::uuid end)
             and (${birthFrom}::date is null or t.birth_date between ${birthFrom} and ${birthTo}::date)
             and (${phonePrefix}::text is null or (t.phone_digits >= ${phonePrefix} and t.phone_digits < ${phonePrefix} || chr(1114111)))
             ${wordFilters}
           order by t.sort_name, t.patient_id limit ${limit}::int
        ) h
       where k.ord >= ${fromOrd}
       order by k.ord, h.sort_name, h.patient_id limit ${limit}
    )
    select ${BRIEF_P}, h.sort_name, h.ord, h.score from hits h join patients p on p.id = h.patient_id
     order by h.ord, h.sort_name, h.patient_id`);
}
const byNames = Array.from({ length: MAX_NAME_WORDS }, (_, index) => namesStatement(index + 1));

/** Every statement of the search, for checks and warm-up. */
export const SEARCH_STATEMENTS: readonly PreparedStatement[] = [
  byMrn, byMrnKey, ...Object.values(byIdentifier), ...Object.values(byIdentifierOrMrn), byPhonePrefix, byPhonePrefixOrMrn, byBirthDate, ...byNames,
];

interface Filters {
  birthFrom: string | null;
  birthTo: string | null;
  phonePrefix: string | null;
}

function queryKey(query: string): string {
  return createHash('sha256').update(query.trim().toLowerCase()).digest('base64url').slice(0, 12);
}

function filtersOf(q: PatientQuery): Filters {
  const phonePrefix = q.phonePrefixes[0] ?? null;
  if (q.birthDate !== undefined) return { birthFrom: q.birthDate, birthTo: q.birthDate, phonePrefix };
  if (q.birthYear !== undefined) return { birthFrom: `${q.birthYear}-01-01`, birthTo: `${q.birthYear}-12-31`, phonePrefix };
  return { birthFrom: null, birthTo: null, phonePrefix };
}

function filterMatches(filters: Filters): Array<'birth_date' | 'phone'> {
  const matches: Array<'birth_date' | 'phone'> = [];
  if (filters.birthFrom !== null) matches.push('birth_date');
  if (filters.phonePrefix !== null) matches.push('phone');
  return matches;
}

export interface SearchOptions {
  /** Close spellings found in memory; without it, every vocabulary word is compared in PostgreSQL. */
  vocabulary?: VocabularyIndex;
  trace?: QueryTrace;
}

export async function searchPatients(
  db: Knex,
  identity: HospitalIdentity,
  params: { query: string; limit: number; cursor?: string | undefined },
  options: SearchOptions = {},
): Promise<SearchResult> {
  const { vocabulary, trace } = options;
  const q = classifyPatientQuery(params.query, { mrnFormat: identity.mrnFormat });
  // The query's hash ties a cursor to it; most searches fit one page and never need it.
  let hashed: string | undefined;
  const key = () => (hashed ??= queryKey(params.query));
  const cursor = params.cursor === undefined ? undefined : decodeCursor(params.cursor, CursorSchema);
  if (cursor !== undefined && cursor.q !== key()) throw HmsError.validation({ cursor: 'belongs to another query' });
  const run = <T extends object>(statement: PreparedStatement, values: unknown[]): Promise<T[]> => {
    trace?.(statement, values);
    return runPrepared<T>(db, statement, values);
  };
  const interpretedAs: SearchResult['interpretedAs'] = { kind: q.kind };
  const limit = params.limit;

  if (q.kind === 'empty') {
    if (q.mrn !== undefined) interpretedAs.mrnCheckFailed = !q.mrn.checkValid;
    if (q.mrnKey === undefined) return { items: [], interpretedAs };
    const rows = await run<BriefRow & { mrn_match: MrnMatch }>(byMrnKey, [q.mrnKey, limit]);
    return { items: rows.map((row) => ({ ...toBrief(row), matchedBy: [row.mrn_match] })), interpretedAs };
  }

  if (q.kind === 'mrn' && q.mrn !== undefined) {
    interpretedAs.mrn = q.mrn.mrn;
    if (!q.mrn.checkValid) return { items: [], interpretedAs: { ...interpretedAs, mrnCheckFailed: true } };
    const rows = await run<BriefRow & { merged_into: string | null }>(byMrn, [q.mrn.mrn]);
    return {
      items: rows.map((row) => ({ ...toBrief(row), matchedBy: [row.merged_into === null ? 'mrn' : 'merged_mrn'] })),
      interpretedAs,
    };
  }

  const filters = filtersOf(q);
  /**
   * A page of `rows` (limit + 1 read, to tell whether there are more). `lead` rows (patients
   * found by an MRN of an earlier format, on the first page) come first and take room;
   * `start` is the key to continue from when they took all of it.
   */
  const page = <R extends BriefRow>(
    rows: R[], item: (row: R) => PatientSearchItem, keyOf: (row: R) => Cursor['k'], mode: string,
    options: { dedupe?: boolean; lead?: R[]; start?: Cursor['k'] } = {},
  ): SearchResult => {
    const lead = options.lead ?? [];
    const room = Math.max(0, limit - lead.length);
    const more = rows.length > room;
    const paged = rows.slice(0, room);
    const next = !more ? undefined : paged.length > 0 ? keyOf(paged.at(-1)!) : options.start;
    const shown = [...lead, ...paged];
    const seen = new Set<string>();
    // A patient reached through two keys (a word and its prefix, both in one name; an MRN and a phone) shows once.
    const unique = options.dedupe === true || lead.length > 0 ? shown.filter((row) => !seen.has(row.id) && seen.add(row.id) !== undefined) : shown;
    return {
      items: unique.map(item),
      ...(next !== undefined ? { nextCursor: encodeCursor({ q: key(), m: mode, k: next } satisfies Cursor) } : {}),
      interpretedAs,
    };
  };
  const keys = (mode: string): Cursor['k'] | undefined => {
    if (cursor === undefined) return undefined;
    if (cursor.m !== mode) throw HmsError.validation({ cursor: 'belongs to another query' });
    if (CURSOR_KEYS[mode]?.safeParse(cursor.k).success !== true) throw HmsError.validation({ cursor: 'is not a cursor this server issued' });
    return cursor.k;
  };

  // Whole phone numbers and national IDs are the most selective: they drive, names filter.
  if (q.phones.length > 0 || q.nationalIds.length > 0) {
    const after = keys('i');
    const one = q.words.length === 0 && q.phones.length + q.nationalIds.length === 1;
    const shape = q.words.length > 0 ? 'names' : !one ? 'many' : q.phones.length === 1 ? 'phone' : 'national-id';
    const values: unknown[] = [
      one ? q.phones[0] ?? null : q.phones, one ? q.nationalIds[0] ?? null : q.nationalIds,
      filters.birthFrom, filters.birthTo, filters.phonePrefix,
      after === undefined ? '' : String(after[0]), after === undefined ? NIL_UUID : String(after[1]), limit + 1,
      ...(shape === 'names' ? [q.words] : q.mrnKey !== undefined ? [q.mrnKey] : []),
    ];
    const statement = shape === 'names' || q.mrnKey === undefined ? byIdentifier[shape] : byIdentifierOrMrn[shape];
    const rows = await run<BriefRow & { sort_name: string; phone_digits: string | null; alternate_digits: string | null; mrn_match: MrnMatch | null }>(statement, values);
    const phoneMatches = (row: (typeof rows)[number]) => [row.phone_digits, row.alternate_digits].some((digits) => digits !== null && q.phones.includes(digits));
    return page(
      rows,
      (row) => ({
        ...toBrief(row),
        matchedBy: [
          ...(row.mrn_match !== null ? [row.mrn_match] : []),
          ...(phoneMatches(row) ? (['phone'] as const) : []),
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
    if (filters.phonePrefix !== null) {
      const after = keys('p');
      const values: unknown[] = [
        filters.phonePrefix, filters.birthFrom, filters.birthTo,
        after === undefined ? filters.phonePrefix : String(after[0]), after === undefined ? NIL_UUID : String(after[1]), limit + 1,
        ...(q.mrnKey !== undefined ? [q.mrnKey, after === undefined] : []),
      ];
      const rows = await run<BriefRow & { matched_digits: string; mrn_match: MrnMatch | null }>(q.mrnKey === undefined ? byPhonePrefix : byPhonePrefixOrMrn, values);
      // In phone order ("C": digits, then the uuid's hex), as each arm of the statement reads them.
      const byPhone = rows.filter((row) => row.mrn_match === null)
        .sort((x, y) => (x.matched_digits === y.matched_digits ? (x.id < y.id ? -1 : 1) : x.matched_digits < y.matched_digits ? -1 : 1));
      return page(
        byPhone,
        (row) => ({ ...toBrief(row), matchedBy: row.mrn_match !== null ? [row.mrn_match] : filterMatches(filters) }),
        (row) => [row.matched_digits, row.id],
        'p',
        { lead: rows.filter((row) => row.mrn_match !== null), start: [filters.phonePrefix, NIL_UUID] },
      );
    }
    const after = keys('b');
    const rows = await run<BriefRow & { sort_name: string }>(byBirthDate, [
      filters.birthFrom, filters.birthTo,
      after === undefined ? filters.birthFrom : String(after[0]), after === undefined ? '' : String(after[1]), after === undefined ? NIL_UUID : String(after[2]),
      limit + 1,
    ]);
    return page(rows, (row) => ({ ...toBrief(row), matchedBy: ['birth_date'] }), (row) => [row.birth_date ?? '', row.sort_name, row.id], 'b');
  }

  const after = keys('s');
  const statement = byNames[q.words.length - 1];
  if (statement === undefined) throw new Error(`no names statement for ${q.words.length} words`);
  const rows = await run<BriefRow & { sort_name: string; ord: number; score: number }>(statement, [
    ...q.words.flatMap((word) => {
      const close = vocabulary?.closeTo(word) ?? NO_CLOSE_SPELLINGS;
      return [word, close.oneEdit, close.twoEdits, [...close.oneEdit, ...close.twoEdits, ...close.similar]];
    }),
    vocabulary?.coveredSeq ?? 0,
    after === undefined ? 1 : Number(after[0]), after === undefined ? '' : String(after[1]), after === undefined ? NIL_UUID : String(after[2]),
    filters.birthFrom, filters.birthTo, filters.phonePrefix, limit + 1,
  ]);
  const matchedBy: PatientSearchItem['matchedBy'] = ['name', ...filterMatches(filters)];
  return page(
    rows,
    (row) => ({ ...toBrief(row), matchedBy, score: Math.round(Number(row.score) * 1000) / 1000 }),
    (row) => [row.ord, row.sort_name, row.id],
    's',
    { dedupe: true },
  );
}
