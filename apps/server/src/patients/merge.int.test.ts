import { describe, expect, it } from 'vitest';
import { grantServerRole } from '../db/roles.js';
import { TEST_SERVER_ROLE } from '../test-support/db-url.js';
import { insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { resolvePatientId } from './resolve-patient.js';

let admin: TestClient;
let desk: TestClient;

const stack = useTestStack({
  setup: async () => {
    // Tables of other areas the merge knows nothing about: found through the catalog.
    await stack.db.raw(`
      create table test_visits (
        id uuid primary key default gen_random_uuid(),
        patient_id uuid not null references patients(id),
        department text not null,
        open boolean not null default true
      );
      create unique index test_visits_one_open on test_visits (patient_id, department) where open;
      create table test_results (
        visit_no integer not null,
        line integer not null,
        subject_id uuid references patients(id),
        primary key (visit_no, line)
      );
    `);
    // As a migration's tables get them: the grant step gives the server's role its rights.
    await grantServerRole(stack.db, TEST_SERVER_ROLE);
    admin = await stack.signedIn(['admin'], 'records-office');
    desk = await stack.signedIn(['receptionist'], 'records-office');
  },
});

async function visit(patientId: string, department: string, open = true): Promise<string> {
  const [row] = await stack.db('test_visits').insert({ patient_id: patientId, department, open }).returning('id');
  return (row as { id: string }).id;
}

async function owners(table: string, column: string): Promise<Record<string, string>> {
  const rows = (await stack.db(table).select('*')) as Array<Record<string, string>>;
  return Object.fromEntries(rows.map((row) => [String(row.id ?? `${row.visit_no}/${row.line}`), row[column]!]));
}

describe('patients.merge and patients.unmerge', () => {
  it('moves every referencing row, keeps the merged record as an alias, and reverses exactly', async () => {
    const survivor = await insertTestPatient(stack.db, { givenName: 'Amina', familyName: 'Hassan', birthDate: '1970-01-01' });
    const merged = await insertTestPatient(stack.db, { givenName: 'Aminah', familyName: 'Hasan', birthDate: '1970-01-01' });
    const survivorVisit = await visit(survivor.id, 'OPD');
    const mergedVisits = [await visit(merged.id, 'DENT'), await visit(merged.id, 'OPD', false)];
    await stack.db('test_results').insert([{ visit_no: 1, line: 1, subject_id: merged.id }, { visit_no: 1, line: 2, subject_id: survivor.id }]);
    const watcher = await stack.signedIn(['receptionist'], 'records-office');
    await watcher.call('patients.watch', {});

    const { merge, survivor: after } = await admin.call('patients.merge', { survivorId: survivor.id, mergedId: merged.id, reason: 'same person' });
    expect(merge.moved).toEqual([
      { table: 'test_results', column: 'subject_id', rows: 1 },
      { table: 'test_visits', column: 'patient_id', rows: 2 },
    ]);
    expect(after.version).toBe(2);
    expect(Object.values(await owners('test_visits', 'patient_id'))).toEqual([survivor.id, survivor.id, survivor.id]);
    const event = await watcher.waitForEvent((e) => e.event === 'patients.changed' && e.data.change === 'merged');
    expect(event.event === 'patients.changed' ? event.data.patients : undefined).toEqual([
      { id: survivor.id, version: 2, mergedInto: null },
      { id: merged.id, version: 2, mergedInto: survivor.id },
    ]);

    // The alias resolves to the survivor: by id, by MRN, in search.
    expect(await resolvePatientId(stack.db, merged.id)).toBe(survivor.id);
    expect(await desk.call('patients.get', { id: merged.id })).toMatchObject({ patient: { id: survivor.id }, reachedThroughAlias: true, requestedId: merged.id });
    const search = await desk.call('patients.search', { query: merged.mrn });
    expect(search.items.map((item) => [item.id, item.matchedBy])).toEqual([[survivor.id, ['merged_mrn']]]);
    expect((await desk.call('patients.search', { query: 'aminah' })).items.map((item) => item.id)).not.toContain(merged.id);
    expect((await desk.callError('patients.update', { id: merged.id, phone: '0722000000' })).code).toBe('CONFLICT');

    // A visit registered after the merge stays with the survivor on unmerge.
    const later = await visit(survivor.id, 'EYE');
    const undone = await admin.call('patients.unmerge', { mergeId: merge.id, reason: 'two people after all' });
    expect(undone.restored).toMatchObject({ id: merged.id, mergedInto: null, version: 3 });
    const visitOwners = await owners('test_visits', 'patient_id');
    expect(visitOwners[survivorVisit]).toBe(survivor.id);
    expect(visitOwners[later]).toBe(survivor.id);
    for (const id of mergedVisits) expect(visitOwners[id]).toBe(merged.id);
    expect(await owners('test_results', 'subject_id')).toEqual({ '1/1': merged.id, '1/2': survivor.id });
    expect(await resolvePatientId(stack.db, merged.id)).toBe(merged.id);
    expect((await desk.call('patients.search', { query: 'aminah hasan' })).items.map((item) => item.id)).toContain(merged.id);
    expect((await admin.callError('patients.unmerge', { mergeId: merge.id })).code).toBe('CONFLICT');

    const history = await admin.call('patients.history', { id: merged.id });
    expect(history.items.map((item) => item.action)).toEqual(['patients.merge', 'patients.unmerge']);
    expect((await admin.call('patients.merges', { patientId: survivor.id })).items[0]).toMatchObject({ id: merge.id, unmergedAt: expect.any(String) });
  });

  it('keeps merged_into pointing at the final survivor and unmerges in reverse order only', async () => {
    const a = await insertTestPatient(stack.db);
    const b = await insertTestPatient(stack.db);
    const c = await insertTestPatient(stack.db);
    const first = (await admin.call('patients.merge', { survivorId: b.id, mergedId: a.id })).merge;
    const second = (await admin.call('patients.merge', { survivorId: c.id, mergedId: b.id })).merge;
    expect(await resolvePatientId(stack.db, a.id)).toBe(c.id);
    expect((await stack.db('patients').where({ id: a.id }).first()).merged_into).toBe(c.id);
    expect((await desk.call('patients.get', { mrn: a.mrn })).patient.id).toBe(c.id);

    const blocked = await admin.callError('patients.unmerge', { mergeId: first.id });
    expect(blocked).toMatchObject({ code: 'CONFLICT', details: { laterMergeId: second.id } });
    await admin.call('patients.unmerge', { mergeId: second.id });
    expect((await stack.db('patients').where({ id: a.id }).first()).merged_into).toBe(b.id);
    await admin.call('patients.unmerge', { mergeId: first.id });
    expect(await resolvePatientId(stack.db, a.id)).toBe(a.id);
  });

  it('answers CONFLICT and changes nothing when moving rows would break a rule', async () => {
    const survivor = await insertTestPatient(stack.db);
    const merged = await insertTestPatient(stack.db);
    await visit(survivor.id, 'OPD');
    await visit(merged.id, 'OPD');
    const before = await stack.db.raw(`select md5(string_agg(t::text, ',' order by t::text)) as h from (select * from test_visits) t`);
    const beforePatients = await stack.db('patients').whereIn('id', [survivor.id, merged.id]).orderBy('id');
    const error = await admin.callError('patients.merge', { survivorId: survivor.id, mergedId: merged.id });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('test_visits');
    expect(error.details).toMatchObject({ table: 'test_visits', constraint: 'test_visits_one_open' });
    const afterHash = await stack.db.raw(`select md5(string_agg(t::text, ',' order by t::text)) as h from (select * from test_visits) t`);
    expect(afterHash.rows[0].h).toBe(before.rows[0].h);
    expect(await stack.db('patients').whereIn('id', [survivor.id, merged.id]).orderBy('id')).toEqual(beforePatients);
    expect(await stack.db('patient_merges').where({ merged_id: merged.id })).toEqual([]);
  });

  it('refuses merging a patient into itself, an alias, or an unknown id', async () => {
    const a = await insertTestPatient(stack.db);
    const b = await insertTestPatient(stack.db);
    expect((await admin.callError('patients.merge', { survivorId: a.id, mergedId: a.id })).code).toBe('VALIDATION');
    await admin.call('patients.merge', { survivorId: a.id, mergedId: b.id });
    expect((await admin.callError('patients.merge', { survivorId: b.id, mergedId: a.id })).code).toBe('CONFLICT');
    expect((await admin.callError('patients.merge', { survivorId: a.id, mergedId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });
});

describe('patients.summaries', () => {
  it('answers current summaries by id, a merged id with its survivor, without auditing a read', async () => {
    const survivor = await insertTestPatient(stack.db, { givenName: 'Halima', familyName: 'Abdi' });
    const merged = await insertTestPatient(stack.db, { givenName: 'Halimah', familyName: 'Abdi' });
    await admin.call('patients.merge', { survivorId: survivor.id, mergedId: merged.id });
    const auditRows = async () => Number((await stack.db('audit_log').count('* as n'))[0]?.n);
    const before = await auditRows();
    const unknown = '00000000-0000-4000-8000-0000000000aa';
    const { items } = await desk.call('patients.summaries', { ids: [survivor.id, merged.id, unknown] });
    expect(items.map((item) => [item.requestedId, item.patient.id]).sort()).toEqual([[merged.id, survivor.id], [survivor.id, survivor.id]].sort());
    expect(items[0]?.patient).toMatchObject({ givenName: 'Halima', familyName: 'Abdi' });
    expect(await auditRows()).toBe(before);
  });
});

describe('the duplicate-review list', () => {
  it('lists offline registrations with likely duplicates; merging or dismissing closes them', async () => {
    await desk.call('patients.register', { givenName: 'Baraka', familyName: 'Mutua', sex: 'M', birthDate: '2001-03-03', phone: '0700 100 200' });
    const offline = await desk.call('patients.register', {
      id: '6f1c1f0e-51b5-4a57-9d0b-1f8c9a6d1a01', givenName: 'Baraka', familyName: 'Mutua', sex: 'M', birthDate: '2001-03-03',
      registeredOffline: true, registeredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(offline.duplicateReviewId).toBeDefined();
    expect(offline.patient.registeredOffline).toBe(true);
    const list = await admin.call('patients.duplicateReviews', {});
    const review = list.items.find((item) => item.id === offline.duplicateReviewId)!;
    expect(review).toMatchObject({ status: 'open', source: 'offline_registration', patient: { id: offline.patient.id } });
    expect(review.candidates[0]!.likelihood).toBe('likely');

    await admin.call('patients.merge', { survivorId: review.candidates[0]!.patient.id, mergedId: offline.patient.id });
    expect((await admin.call('patients.duplicateReviews', {})).items.map((item) => item.id)).not.toContain(review.id);
    expect((await admin.call('patients.duplicateReviews', { status: 'merged' })).items.map((item) => item.id)).toContain(review.id);

    await desk.call('patients.register', { givenName: 'Neema', familyName: 'Chebet', sex: 'F', nationalId: '99887766' });
    const second = await desk.call('patients.register', { givenName: 'Neema', familyName: 'Chebet', sex: 'F', nationalId: '99887766', registeredOffline: true });
    const dismissed = await admin.call('patients.resolveDuplicateReview', { id: second.duplicateReviewId!, resolution: 'not_duplicate', note: 'twins' });
    expect(dismissed.review).toMatchObject({ status: 'not_duplicate', note: 'twins' });
    expect((await admin.callError('patients.resolveDuplicateReview', { id: second.duplicateReviewId!, resolution: 'not_duplicate' })).code).toBe('CONFLICT');
  });
});
