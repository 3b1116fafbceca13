import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PatientIndex, ftsQuery, phoneTokens } from '../cache/patient-index.js';
import type { PatientIndexEntry } from '../cache/patient-index.js';
import { CACHE_MIGRATIONS } from '../desks.js';
import { AnnouncementStore } from '../workstation/announcements.js';
import { CacheDb, CacheDbError } from './cache-db.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-cache-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const patients: PatientIndexEntry[] = [
  { id: 'p1', mrn: 'HMS-000123', names: 'Amina Wanjiru Yusuf', phone: '+254 722 123 456', nationalId: '29384756', birthDate: '1990-04-12', updatedAt: '2026-03-01T08:00:00.000Z', version: 1, detail: 'full', data: { sex: 'F' } },
  { id: 'p2', mrn: 'HMS-000124', names: 'Amani Otieno', phone: '0733 555 010', nationalId: '11223344', birthDate: '1985-11-02', updatedAt: '2026-03-01T08:00:00.000Z', version: 1, detail: 'full', data: { sex: 'M' } },
  { id: 'p3', mrn: 'HMS-001230', names: 'José Müller', phone: null, nationalId: null, birthDate: null, updatedAt: '2026-03-01T08:00:00.000Z', version: 1, detail: 'full', data: {} },
  { id: 'p4', mrn: 'HMS-000999', names: 'Yusuf Hassan', phone: '0722 999 000', nationalId: '55667788', birthDate: '1979-01-30', updatedAt: '2026-03-01T08:00:00.000Z', version: 1, detail: 'full', data: {} },
];

describe('CacheDb', () => {
  it('creates a WAL database at the latest schema, and reopens it without migrating again', () => {
    const file = join(dir, 'schema.sqlite');
    const cache = CacheDb.open(file);
    expect(cache.schemaVersion).toBe(CACHE_MIGRATIONS.at(-1)?.version);
    expect(cache.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(cache.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    cache.setValue('answer', { value: 42 });
    cache.close();
    const again = CacheDb.open(file);
    expect(again.getValue('answer', z.object({ value: z.number() }))).toEqual({ value: 42 });
    expect(again.getValue('answer', z.object({ value: z.string() }))).toBeUndefined();
    again.deleteValue('answer');
    expect(again.getValue('answer', z.unknown())).toBeUndefined();
    again.close();
  });

  it('applies only the migrations a file lacks, each in its own transaction', () => {
    const file = join(dir, 'steps.sqlite');
    CacheDb.open(file, { migrations: CACHE_MIGRATIONS.slice(0, 1) }).close();
    const next = [...CACHE_MIGRATIONS, { version: 99, name: 'test column', sql: 'alter table kv add column note text;' }];
    const cache = CacheDb.open(file, { migrations: next });
    expect(cache.schemaVersion).toBe(99);
    expect(cache.sqlite.prepare("select count(*) as n from pragma_table_info('kv') where name = 'note'").get()).toEqual({ n: 1 });
    cache.close();
    // A broken migration leaves the file at the version before it.
    const broken = [...next, { version: 100, name: 'broken', sql: 'create table t (a); select * from missing;' }];
    expect(() => CacheDb.open(file, { migrations: broken })).toThrow();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(99);
    expect(raw.prepare("select count(*) as n from sqlite_master where name = 't'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('refuses a file written by a newer app', () => {
    const file = join(dir, 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 500');
    raw.close();
    expect(() => CacheDb.open(file)).toThrow(CacheDbError);
  });
});

describe('PatientIndex (FTS5)', () => {
  it('finds patients by name prefixes, MRN, phone digits and national ID', () => {
    const cache = CacheDb.open(join(dir, 'patients.sqlite'));
    const index = new PatientIndex(cache);
    expect(index.upsert(patients)).toBe(4);
    const ids = (query: string) => index.search(query).map((patient) => patient.id);

    expect(ids('amin yus')).toEqual(['p1']);
    expect(ids('am')).toEqual(expect.arrayContaining(['p1', 'p2']));
    expect(ids('yusuf')).toEqual(expect.arrayContaining(['p1', 'p4']));
    expect(ids('jose muller')).toEqual(['p3']);
    expect(ids('HMS-000123')[0]).toBe('p1');
    expect(ids('hms-0001')).toEqual(expect.arrayContaining(['p1', 'p2']));
    expect(ids('0722 123')).toEqual(['p1']);
    expect(ids('722123456')).toEqual(['p1']);
    expect(ids('+254 722 123')).toEqual(['p1']);
    expect(ids('0733555')).toEqual(['p2']);
    expect(ids('2938')).toEqual(['p1']);
    expect(ids('"); drop table patients; --')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(index.byMrn('hms-000124')?.id).toBe('p2');
    expect(index.get('p1')).toMatchObject({ names: 'Amina Wanjiru Yusuf', phone: '+254 722 123 456', data: { sex: 'F' } });
    cache.close();
  });

  it('never lets an older copy replace a newer one, and keeps the index in step with updates and deletes', () => {
    const cache = CacheDb.open(join(dir, 'versions.sqlite'));
    const index = new PatientIndex(cache);
    index.upsert(patients);
    const renamed = { ...patients[1]!, names: 'Amani Odhiambo', version: 2, updatedAt: '2026-03-02T09:00:00.000Z' };
    expect(index.upsert([renamed])).toBe(1);
    expect(index.upsert([{ ...patients[1]!, names: 'Stale Name' }])).toBe(0);
    // At one version a summary never replaces the whole record; the whole record replaces a summary.
    expect(index.upsert([{ ...renamed, names: 'Brief Name', detail: 'brief' }])).toBe(0);
    expect(index.upsert([{ ...patients[0]!, detail: 'brief', version: 5, data: { brief: true } }])).toBe(1);
    expect(index.upsert([{ ...patients[0]!, detail: 'full', version: 5, data: { full: true } }])).toBe(1);
    expect(index.get('p1')).toMatchObject({ version: 5, detail: 'full', data: { full: true } });
    expect(index.search('odhiambo').map((patient) => patient.id)).toEqual(['p2']);
    expect(index.search('otieno')).toEqual([]);
    expect(index.search('stale')).toEqual([]);
    expect(index.staleAmong([{ id: 'p2', version: 3 }, { id: 'p1', version: 5 }, { id: 'nope', version: 9 }])).toEqual(['p2']);
    // A registration made here offline (version 0) gives way to the server's record, and outlives pruning until then.
    index.upsert([{ id: 'p9', mrn: 'HMS-000777', names: 'Offline Person', version: 0, detail: 'provisional', updatedAt: '2026-03-02T10:00:00.000Z', data: {} }]);
    expect(index.prune('2999-01-01T00:00:00.000Z')).toBe(4);
    expect(index.search('offline').map((patient) => patient.detail)).toEqual(['provisional']);
    expect(index.upsert([{ id: 'p9', mrn: 'HMS-000777', names: 'Offline Person', version: 1, detail: 'full', updatedAt: '2026-03-02T10:05:00.000Z', data: {} }])).toBe(1);
    expect(index.dropProvisional('p9')).toBe(false);
    expect(index.search('amina')).toEqual([]);
    // FTS5's integrity check (rank 1: against the content table too) raises SQLITE_CORRUPT_VTAB when they disagree.
    const integrityCheck = () => cache.sqlite.prepare("insert into patients_fts(patients_fts, rank) values ('integrity-check', 1)").run();
    expect(integrityCheck).not.toThrow();
    // And it does catch an index out of step (a row changed behind the triggers' back).
    cache.sqlite.exec('drop trigger patients_fts_update');
    cache.sqlite.prepare("update patients set names = 'Someone Else' where id = 'p9'").run();
    expect(integrityCheck).toThrow(expect.objectContaining({ code: 'SQLITE_CORRUPT_VTAB' }));
    cache.close();
  });

  it('turns words into a safe FTS5 query', () => {
    expect(ftsQuery('amin yus')).toBe('"amin"* "yus"*');
    expect(ftsQuery('(0722) 123-456')).toBe('"0722123456"* OR "722123456"*');
    expect(ftsQuery('+254 722')).toBe('"254722"*');
    expect(phoneTokens('+254 722 123 456')).toBe('254722123456 722123456');
    expect(phoneTokens('0733 555 010')).toBe('0733555010 733555010');
    expect(ftsQuery('say "hi"')).toBe('"say"* "hi"*');
    expect(ftsQuery('-- ;')).toBeUndefined();
  });
});

describe('AnnouncementStore', () => {
  it('keeps the latest announcements, newest first, once each', () => {
    const cache = CacheDb.open(join(dir, 'announcements.sqlite'));
    const store = new AnnouncementStore(cache);
    for (let seq = 1; seq <= 60; seq += 1) store.add({ seq, at: '2026-03-02T08:00:00.000Z', from: 'Admin', severity: 'info', message: `notice ${seq}` });
    store.add({ seq: 60, at: '2026-03-02T08:00:00.000Z', from: 'Admin', severity: 'info', message: 'duplicate' });
    const recent = store.recent(100);
    expect(recent).toHaveLength(50);
    expect(recent[0]).toMatchObject({ seq: 60, message: 'notice 60' });
    cache.close();
  });
});
