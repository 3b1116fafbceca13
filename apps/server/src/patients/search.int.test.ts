import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreparedStatement } from '../db/prepared.js';
import { hospitalIdentity } from '../mrn/mrn-service.js';
import type { HospitalIdentity } from '../mrn/mrn-service.js';
import { createTestDatabase, insertTestPatient } from '../test-support/index.js';
import type { TestDatabase } from '../test-support/index.js';
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
    expect(vocabulary.closeTo('kipchumb')).toEqual([]);
    expect((await search('wanjohi kipchumb')).result.items.map((item) => item.id)).toEqual([added.id]);
    await vocabulary.refresh(1);
    expect(vocabulary.coveredSeq).toBeGreaterThan(before);
    expect(vocabulary.closeTo('kipchumb')).toContain('kipchumba');
    expect((await search('wanjohi kipchumb')).result.items.map((item) => item.id)).toEqual([added.id]);
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
