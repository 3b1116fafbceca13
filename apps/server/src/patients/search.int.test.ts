import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreparedStatement } from '../db/prepared.js';
import { hospitalIdentity } from '../mrn/index.js';
import type { HospitalIdentity } from '../mrn/index.js';
import { createTestDatabase, insertTestPatient } from '../test-support/index.js';
import type { TestDatabase } from '../test-support/index.js';
import type { PatientRow } from './patients-repo.js';
import { SEARCH_STATEMENTS, searchPatients } from './search.js';
import type { SearchResult } from './search.js';
import { VocabularyIndex, trigramSimilarity } from './vocabulary-index.js';

let database: TestDatabase;
let identity: HospitalIdentity;
let mrn: string;
let vocabulary: VocabularyIndex;

beforeAll(async () => {
  database = await createTestDatabase();
  identity = await hospitalIdentity(database.db);
  const first = await insertTestPatient(database.db, {
    givenName: 'Amani', middleName: 'Baraka Juma', familyName: 'Wekesa', birthDate: '1984-05-01', phone: '+254733444001', nationalId: '99887766',
  });
  mrn = first.mrn;
  await insertTestPatient(database.db, { givenName: 'Amani', middleName: 'Baraka Juma', familyName: 'Otieno', birthDate: '1984-07-07', phone: '+254733444002' });
  await insertTestPatient(database.db, { givenName: 'Amani', middleName: 'Baraka', familyName: 'Otieno', birthDate: '1990-01-01', phone: '+254733444003' });
  for (let i = 0; i < 12; i += 1) {
    await insertTestPatient(database.db, { givenName: 'Neema', familyName: 'Chebet', birthDate: `19${70 + i}-02-02`, phone: `+2547335550${String(i).padStart(2, '0')}` });
  }
  for (let i = 0; i < 5; i += 1) await insertTestPatient(database.db, { givenName: 'Neema', familyName: 'Chebett', phone: `+2547335551${String(i).padStart(2, '0')}` });
  vocabulary = new VocabularyIndex(database.db);
  await vocabulary.refresh(0);
});

afterAll(async () => {
  await database.drop();
});

/** Searches with close spellings from the in-memory index, and checks a full trigram scan agrees. */
async function search(query: string, limit = 20, cursor?: string): Promise<{ result: SearchResult; statements: PreparedStatement[] }> {
  const statements: PreparedStatement[] = [];
  const params = { query, limit, ...(cursor === undefined ? {} : { cursor }) };
  const result = await searchPatients(database.db, identity, params, { vocabulary, trace: (statement) => statements.push(statement) });
  expect(await searchPatients(database.db, identity, params), query).toEqual(result);
  return { result, statements };
}

async function everyPage(query: string, limit: number): Promise<SearchResult['items']> {
  const items: SearchResult['items'] = [];
  let cursor: string | undefined;
  do {
    const { result } = await search(query, limit, cursor);
    items.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor !== undefined);
  return items;
}

const NIL = '00000000-0000-0000-0000-000000000000';
const byStatement = (name: string): PreparedStatement => SEARCH_STATEMENTS.find((statement) => statement.name === name)!;

const names = (items: SearchResult['items']) => items.map((item) => `${item.givenName} ${item.middleName ?? ''} ${item.familyName}`.replace(/\s+/g, ' '));

describe('patients.search statements', () => {
  it('answers every kind of query with one prepared statement', async () => {
    const queries = [
      mrn, '0733 444 001', '99887766', '0733 444', '1984', '1984-05-01', 'amani', 'amani baraka', 'amani baraka juma', 'amani baraka juma wekesa',
      '0733 444 001 amani', 'amani 1984', 'amani 073344', 'neema chebet 1975',
    ];
    for (const query of queries) {
      const { result, statements } = await search(query);
      expect(statements, query).toHaveLength(1);
      expect(SEARCH_STATEMENTS, query).toContain(statements[0]);
      expect(result.items.length, query).toBeGreaterThan(0);
    }
  });

  it('lets the two most selective words drive and filters on the third and fourth', async () => {
    expect(names((await search('amani baraka juma')).result.items)).toEqual(['Amani Baraka Juma Otieno', 'Amani Baraka Juma Wekesa']);
    expect(names((await search('wekesa amani baraka juma')).result.items)).toEqual(['Amani Baraka Juma Wekesa']);
    expect(names((await search('amani barak jum otieno')).result.items)).toEqual(['Amani Baraka Juma Otieno']);
    expect((await search('amani baraka juma zzzqqq')).result.items).toEqual([]);
  });

  it('pages across name keys in score order, each patient once, the same whatever the page size', async () => {
    const all = await everyPage('neema chebet', 20);
    expect(all).toHaveLength(17);
    expect(new Set(all.map((item) => item.id)).size).toBe(17);
    expect(all.slice(0, 12).every((item) => item.familyName === 'Chebet' && item.score === 1)).toBe(true);
    expect(all.slice(12).every((item) => item.familyName === 'Chebett' && item.score! < 1)).toBe(true);
    expect((await everyPage('neema chebet', 5)).map((item) => item.id)).toEqual(all.map((item) => item.id));
  });

  it('filters names by a year of birth or the start of a phone across pages', async () => {
    const born = await everyPage('neema 1975', 3);
    expect(born.map((item) => item.birthDate)).toEqual(['1975-02-02']);
    const byPhone = await everyPage('chebet 073355', 4);
    expect(byPhone.map((item) => item.familyName)).toEqual([...Array<string>(12).fill('Chebet'), ...Array<string>(5).fill('Chebett')]);
    expect(byPhone.every((item) => item.matchedBy.includes('phone') && item.phone!.startsWith('+25473355'))).toBe(true);
    expect(await everyPage('neema 073344', 4)).toEqual([]);
  });

  it('pages the start of a phone alone in phone order, with a year too', async () => {
    const phones = (await everyPage('073355', 4)).map((item) => item.phone);
    expect(phones).toHaveLength(17);
    expect(phones).toEqual([...phones].sort());
    expect((await everyPage('073344, 1984', 1)).map((item) => item.phone)).toEqual(['+254733444001', '+254733444002']);
  });

  it('filters a whole phone or national ID by the names typed with it', async () => {
    expect(names((await search('0733 444 001 amani wekesa')).result.items)).toEqual(['Amani Baraka Juma Wekesa']);
    expect(names((await search('99887766 amany')).result.items)).toEqual(['Amani Baraka Juma Wekesa']);
    expect((await search('0733 444 001 neema')).result.items).toEqual([]);
  });

  it('finds close spellings among words added after the in-memory index was refreshed', async () => {
    const before = vocabulary.coveredSeq;
    const added = await insertTestPatient(database.db, { givenName: 'Wanjohi', familyName: 'Kipchumba' });
    const other = await insertTestPatient(database.db, { givenName: 'Wanjohi', familyName: 'Mutua' });
    expect(vocabulary.closeTo('kipchumb').oneEdit).toEqual([]);
    expect(vocabulary.closeTo('muuta').oneEdit).toEqual([]);
    expect((await search('wanjohi kipchumb')).result.items.map((item) => item.id)).toEqual([added.id]);
    // One swapped pair, below pg_trgm's threshold: found by osa_distance in PostgreSQL.
    expect(trigramSimilarity('muuta', 'mutua')).toBeLessThan(0.3);
    expect((await search('wanjohi muuta')).result.items.map((item) => item.id)).toEqual([other.id]);
    await vocabulary.refresh(1);
    expect(vocabulary.coveredSeq).toBeGreaterThan(before);
    expect(vocabulary.closeTo('kipchumb').oneEdit).toContain('kipchumba');
    expect(vocabulary.closeTo('muuta').oneEdit).toEqual(['mutua']);
    expect((await search('wanjohi kipchumb')).result.items.map((item) => item.id)).toEqual([added.id]);
    expect((await search('wanjohi muuta')).result.items.map((item) => item.id)).toEqual([other.id]);
  });

  it("computes pg_trgm's similarity, so that its candidates are the ones PostgreSQL would pick", async () => {
    const rows = (await database.db.raw(
      `select v.token, w.word, similarity(v.token, w.word) as similarity
         from name_vocabulary v cross join unnest(?::text[]) as w(word)`,
      [['amany', 'barak', 'chebet', 'otieno', 'kmaau', 'wekesaa', 'jum', 'neeema']],
    )).rows as Array<{ token: string; word: string; similarity: number }>;
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) expect(trigramSimilarity(row.token, row.word), `${row.token} ~ ${row.word}`).toBeCloseTo(row.similarity, 5);
  });
});

describe('patients.search typo tolerance', () => {
  const family = new Map<string, string>();

  beforeAll(async () => {
    for (const name of ['Mwangi', 'Moraa', 'Wanjiku', 'Wanjiru', 'Otieno', 'Achieng', 'Akinyi', 'Auma', 'Njoroge', 'Chebet', 'Muthoni', 'Ali']) {
      family.set(name, (await insertTestPatient(database.db, { givenName: 'Halima', familyName: name })).id);
    }
    // One of each rank below an exact match, for 'kamande'.
    for (const name of ['Kamande', 'Kamandeh', 'Kamandi', 'Kamadni', 'Kamadeni', 'Kimadni']) {
      family.set(name, (await insertTestPatient(database.db, { givenName: 'Tumaini', familyName: name })).id);
    }
    await vocabulary.refresh(2);
  });

  /** Typos a desk makes, and the family name each stands for. */
  const typos: ReadonlyArray<readonly [typo: string, intended: string, kind: string]> = [
    ['mawngi', 'Mwangi', 'adjacent transposition'],
    ['moara', 'Moraa', 'adjacent transposition'],
    ['acheing', 'Achieng', 'adjacent transposition (vowels)'],
    ['wanjku', 'Wanjiku', 'dropped letter'],
    ['otienno', 'Otieno', 'doubled letter'],
    ['akinyii', 'Akinyi', 'doubled letter'],
    ['akenyi', 'Akinyi', 'wrong vowel'],
    ['aema', 'Auma', 'wrong vowel'],
    ['njorogeh', 'Njoroge', 'phonetic: trailing h'],
    ['chepet', 'Chebet', 'phonetic: b/p'],
    ['mthoni', 'Muthoni', 'phonetic: swallowed vowel'],
    ['awma', 'Auma', 'phonetic: u/w'],
  ];

  it.each(typos)('finds %s as %s (%s), ranked first, alone and with the given name', async (typo, intended) => {
    const alone = (await search(typo)).result.items;
    // Other patients share some of these family names: the intended name comes first, as a close spelling.
    expect(alone[0]?.familyName, typo).toBe(intended);
    expect(alone[0]!.score, typo).toBeLessThan(0.9);
    const withGiven = (await search(`halima ${typo}`)).result.items;
    expect(withGiven[0]?.id, typo).toBe(family.get(intended));
  });

  it('finds typos that pg_trgm alone misses (below its 0.3 similarity)', () => {
    const missed = typos.filter(([typo, intended]) => trigramSimilarity(typo, intended.toLowerCase()) < 0.3).map(([typo]) => typo);
    expect(missed).toEqual(['mawngi', 'moara', 'aema', 'awma']);
  });

  it('ranks exact, then prefix, then one edit, then two, then merely similar, alone and paired', async () => {
    const order = ['Kamande', 'Kamandeh', 'Kamandi', 'Kamadni', 'Kamadeni'];
    for (const query of ['kamande', 'tumaini kamande']) {
      const { result } = await search(query);
      expect(result.items.map((item) => item.familyName), query).toEqual(order);
      const scores = result.items.map((item) => item.score!);
      expect(scores[0]).toBe(1);
      expect(scores.slice(1).every((score, i) => score < scores[i]!), query).toBe(true);
    }
    const scores = new Map((await search('kamande')).result.items.map((item) => [item.familyName, item.score!]));
    expect(scores.get('Kamandeh')).toBe(0.9);
    expect(scores.get('Kamandi')).toBeGreaterThanOrEqual(0.7);
    expect(scores.get('Kamadni')).toBeGreaterThanOrEqual(0.5);
    expect(scores.get('Kamadni')).toBeLessThan(0.6);
    expect(scores.get('Kamadeni')).toBeLessThan(0.5);
    // Three edits and not similar enough: not a match.
    expect((await search('kamande')).result.items.map((item) => item.id)).not.toContain(family.get('Kimadni'));
  });

  it('filters on a third word by its best matches, so that a word typed right is not met by a neighbour', async () => {
    const right = await insertTestPatient(database.db, { givenName: 'Esther', middleName: 'Wanjiku', familyName: 'Wanjiru' });
    const other = await insertTestPatient(database.db, { givenName: 'Esther', middleName: 'Wanjiku', familyName: 'Abdi' });
    // 'wanjiku' is one edit from 'wanjiru', and 'abdi' sorts first: filtering on every close
    // spelling of the third word would list Esther Wanjiku Abdi first.
    const { result } = await search('esther wanjiku wanjiru');
    expect(result.items.map((item) => item.id)).toEqual([right.id]);
    expect(result.items[0]!.score).toBe(1);
    expect((await search('esther wanjiku')).result.items.map((item) => item.id)).toEqual(expect.arrayContaining([right.id, other.id]));
  });

  it('keeps prefixes while typing, and three letters or fewer exact or prefix', async () => {
    const typing = (await search('wanj')).result.items;
    expect(names(typing)).toEqual(expect.arrayContaining(['Halima Wanjiku', 'Halima Wanjiru']));
    expect(typing.every((item) => item.score === 0.9)).toBe(true);
    expect(names((await search('halima wanj')).result.items)).toEqual(['Halima Wanjiku', 'Halima Wanjiru']);
    expect(names((await search('ali')).result.items)).toEqual(['Halima Ali']);
    expect((await search('aly')).result.items).toEqual([]);
  });

  it('filters a phone or ID search by names with typos too', async () => {
    await insertTestPatient(database.db, { givenName: 'Halima', familyName: 'Mwangi', nationalId: 'TY55443322' });
    expect(names((await search('TY55443322 halima mawngi')).result.items)).toEqual(['Halima Mwangi']);
    expect((await search('TY55443322 halima kamau')).result.items).toEqual([]);
  });
});

/** The plan PostgreSQL would pick for a statement if scans of whole tables were out (a handful of test rows would make them cheapest). */
async function indexesUsed(statement: PreparedStatement, values: unknown[]): Promise<string> {
  const client = database.db.client as { acquireConnection(): Promise<pg.ClientBase>; releaseConnection(connection: pg.ClientBase): Promise<unknown> };
  const connection = await client.acquireConnection();
  try {
    await connection.query('set enable_seqscan = off');
    const plan = await connection.query({ text: `explain (format json) ${statement.text}`, values });
    return JSON.stringify(plan.rows[0]);
  } finally {
    await connection.query('reset enable_seqscan');
    await client.releaseConnection(connection);
  }
}

describe('patients.search MRNs of an earlier format', () => {
  let letters: PatientRow;
  let digits: PatientRow;
  let slashed: PatientRow;
  let short: PatientRow;

  beforeAll(async () => {
    letters = await insertTestPatient(database.db, { givenName: 'Rehema', familyName: 'Legacy', mrn: 'KNH/000123' });
    digits = await insertTestPatient(database.db, { givenName: 'Rehema', familyName: 'Numeric', mrn: '0045123' });
    slashed = await insertTestPatient(database.db, { givenName: 'Rehema', familyName: 'Yearly', mrn: '2019/12345' });
    short = await insertTestPatient(database.db, { givenName: 'Rehema', familyName: 'Short', mrn: '004512' });
  });

  const found = async (query: string) => (await search(query)).result.items.map((item) => [item.id, item.matchedBy]);

  it('finds an MRN that does not read in the current format, whatever its case and separators, typed or scanned', async () => {
    for (const query of ['KNH/000123', 'knh-000123', 'KNH000123', 'knh.000.123', ']C1KNH/000123\r\n']) expect(await found(query), query).toEqual([[letters.id, ['mrn']]]);
    expect(await found('0045123')).toEqual([[digits.id, ['mrn']]]);
    expect(await found('2019-12345')).toEqual([[slashed.id, ['mrn']]]);
    expect(await found('KNH/000124')).toEqual([]);
    // Words next to it read as a name search instead.
    expect(await found('KNH 000123')).toEqual([]);
  });

  it("answers a merged record's earlier MRN with its survivor", async () => {
    const survivor = await insertTestPatient(database.db, { givenName: 'Rehema', familyName: 'Survivor' });
    const merged = await insertTestPatient(database.db, { givenName: 'Rehema', familyName: 'Merged', mrn: 'OLD-7781' });
    await database.db('patients').where({ id: merged.id }).update({ merged_into: survivor.id });
    expect(await found('old7781')).toEqual([[survivor.id, ['merged_mrn']]]);
  });

  it('puts it first when the query also starts a phone, and pages the phones after it', async () => {
    const phone = await insertTestPatient(database.db, { givenName: 'Rehema', familyName: 'Phone', phone: '+25404512999' });
    expect(await found('004512')).toEqual([[short.id, ['mrn']], [phone.id, ['phone']]]);
    const first = (await search('004512', 1)).result;
    expect(first.items.map((item) => item.id)).toEqual([short.id]);
    const second = (await search('004512', 1, first.nextCursor)).result;
    expect(second.items.map((item) => item.id)).toEqual([phone.id]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('looks the MRN key up in its index', async () => {
    const key = byStatement('patients.search.mrn-key');
    expect(await indexesUsed(key, ['KNH000123', 20])).toContain('patients_mrn_normalized');
    expect(await indexesUsed(byStatement('patients.search.identifier-national-id-or-mrn'), [null, 'KNH000123', null, null, null, '', NIL, 21, 'KNH000123'])).toContain('patients_mrn_normalized');
  });
});

describe('patients.search second phones', () => {
  let both: PatientRow;
  let second: PatientRow;

  beforeAll(async () => {
    both = await insertTestPatient(database.db, { givenName: 'Pendo', familyName: 'Twophones', phone: '+254788100001', alternatePhone: '+254788200001' });
    second = await insertTestPatient(database.db, { givenName: 'Pendo', familyName: 'Secondonly', phone: '+254788300001', alternatePhone: '+254788100002' });
  });

  const found = async (query: string, limit = 20) => (await search(query, limit)).result.items.map((item) => [item.id, item.matchedBy]);

  it('finds a whole second phone, alone, with others, and with names', async () => {
    expect(await found('0788 200 001')).toEqual([[both.id, ['phone']]]);
    expect(await found('+254788100002')).toEqual([[second.id, ['phone']]]);
    expect(await found('0788200001, 0788300001')).toEqual([[second.id, ['phone']], [both.id, ['phone']]]);
    expect(await found('0788 100 002 pendo')).toEqual([[second.id, ['phone', 'name']]]);
    expect(await found('0788 100 002 halima')).toEqual([]);
  });

  it('pages the start of either phone in the order of the phone matched, each patient once', async () => {
    // 254788100001 (both's first), 254788100002 (second's second); both's second phone starts otherwise.
    expect(await found('078810')).toEqual([[both.id, ['phone']], [second.id, ['phone']]]);
    const all = (await everyPage('0788', 1)).map((item) => item.id);
    // both under 2547881..., second under 2547881... too (its second phone): each once, in phone order.
    expect(all).toEqual([both.id, second.id]);
    expect((await everyPage('07882', 1)).map((item) => item.id)).toEqual([both.id]);
    expect((await everyPage('07883', 1)).map((item) => item.id)).toEqual([second.id]);
  });

  it('reads the second phone through its index', async () => {
    expect(await indexesUsed(byStatement('patients.search.identifier-phone'), ['254788200001', null, null, null, null, '', NIL, 21])).toContain('patients_alternate_phone_search');
    expect(await indexesUsed(byStatement('patients.search.phone-prefix'), ['2547882', null, null, '2547882', NIL, 21])).toContain('patients_alternate_phone_search');
  });
});
