import { formatQueueToken } from '@hms/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { queueTokenSql } from './queue-state.js';
import {
  ManualClock,
  createTestSession,
  createTestUser,
  insertTestDepartment,
  insertTestDoctor,
  insertTestPatient,
  useTestStack,
} from '../test-support/index.js';
import type { TestClient, TestDepartment } from '../test-support/index.js';

// Nairobi is UTC+3 all year: local midnight is 21:00 UTC.
const clock = new ManualClock(new Date('2026-03-02T06:00:00.000Z')); // 09:00 local, a Monday
let desk: TestClient;
let nurse: TestClient;
let deskToken: string;
let dent: TestDepartment;

const stack = useTestStack({
  clock,
  // Sessions that outlast the clock's jumps between days.
  sessions: { idleTimeoutSeconds: 60 * 86_400, absoluteTimeoutSeconds: 60 * 86_400 },
  timeZone: 'Africa/Nairobi',
  setup: async () => {
    await insertTestDepartment(stack.db, 'OPD', 'General Outpatient');
    dent = await insertTestDepartment(stack.db, 'DENT', 'Dental');
    desk = await stack.resumed(['receptionist'], 'front-desk-1');
    nurse = await stack.resumed(['nurse'], 'front-desk-1');
    deskToken = await createTestSession(stack.db, (await createTestUser(stack.db, 'many.desks', ['receptionist'])).id, clock.now());
  },
});

/** Many desks at once: connections resuming one receptionist session. */
async function desks(count: number): Promise<TestClient[]> {
  return Promise.all(Array.from({ length: count }, async () => {
    const client = await stack.connect();
    await client.call('auth.resume', { token: deskToken });
    return client;
  }));
}

const patient = async () => (await insertTestPatient(stack.db)).id;

beforeEach(() => {
  clock.set(new Date('2026-03-02T06:00:00.000Z'));
});

describe('visits.checkIn', () => {
  it('gives daily tokens in order, with the place in the queue and an estimated wait', async () => {
    const department = await insertTestDepartment(stack.db, 'PAED', 'Paediatrics');
    const first = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: 'paed', complaint: 'Fever' })).visit;
    const second = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'follow_up', department: 'PAED', payer: { kind: 'insurance', name: 'NHIF', memberNumber: 'A-1' } })).visit;
    expect(first).toMatchObject({ token: 'PAED-001', tokenNumber: 1, status: 'checked_in', priority: 'normal', position: 1, estimatedWaitMinutes: 0, serviceDate: '2026-03-02', complaint: 'Fever', department: 'PAED' });
    expect(second).toMatchObject({ token: 'PAED-002', position: 2, estimatedWaitMinutes: 15, payer: { kind: 'insurance', name: 'NHIF', memberNumber: 'A-1' } });
    expect(first.patient.mrn).toMatch(/^PAT-1999-/);
    const stored = await stack.db('visits').where({ department_id: department.id }).orderBy('token_number');
    expect(stored.map((row) => row.token)).toEqual(['PAED-001', 'PAED-002']);
    const audit = await stack.db('audit_log').where({ action: 'visits.checkIn', entity_id: first.id }).first();
    expect(audit).toMatchObject({ entity_type: 'visit', workstation_id: 'front-desk-1' });
  });

  it('defaults the priority from the visit type, and puts emergencies first', async () => {
    await insertTestDepartment(stack.db, 'EMR', 'Emergency');
    await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: 'EMR' });
    const urgent = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: 'EMR', priority: 'urgent' })).visit;
    const emergency = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'emergency', department: 'EMR' })).visit;
    expect(emergency).toMatchObject({ priority: 'emergency', position: 1, token: 'EMR-003' });
    const { board } = await desk.call('queue.board', { department: 'EMR' });
    expect(board.waiting.map((entry) => entry.token)).toEqual(['EMR-003', 'EMR-002', 'EMR-001']);
    expect(board.waiting[1]!.visitId).toBe(urgent.id);
  });

  it('allows one open visit per patient and department, and another department at once', async () => {
    const patientId = await patient();
    const open = (await desk.call('visits.checkIn', { patientId, visitType: 'new', department: 'OPD' })).visit;
    const again = await desk.callError('visits.checkIn', { patientId, visitType: 'follow_up', department: 'OPD' });
    expect(again).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_checked_in', visitId: open.id, token: open.token } });
    const dental = (await desk.call('visits.checkIn', { patientId, visitType: 'new', department: 'DENT' })).visit;
    expect(dental).toMatchObject({ patientId, department: 'DENT', status: 'checked_in', token: 'DENT-001', position: 1 });
    // Once the OPD visit ends, the patient may come back the same day.
    await desk.call('visits.cancel', { id: open.id, reason: 'Wrong queue' });
    const back = (await desk.call('visits.checkIn', { patientId, visitType: 'new', department: 'OPD' })).visit;
    expect(back).toMatchObject({ patientId, department: 'OPD', status: 'checked_in', token: `OPD-${String(open.tokenNumber + 1).padStart(3, '0')}` });
    expect(back.id).not.toBe(open.id);
  });

  it('holds "one open visit" under racing desks: exactly one of many simultaneous check-ins wins', async () => {
    const patientId = await patient();
    const racing = await desks(12);
    const results = await Promise.allSettled(racing.map((client) => client.call('visits.checkIn', { patientId, visitType: 'new', department: 'DENT' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_checked_in' } });
    }
    expect(await stack.db('visits').where({ patient_id: patientId }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('gives distinct consecutive tokens to many desks checking in at the same moment', async () => {
    const department = await insertTestDepartment(stack.db, 'MCH', 'Mother and Child');
    const many = await desks(30);
    const patients = await Promise.all(many.map(() => patient()));
    const visits = await Promise.all(many.map((client, index) => client.call('visits.checkIn', { patientId: patients[index]!, visitType: 'new', department: 'MCH' })));
    expect(visits.map(({ visit }) => visit.tokenNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(visits.map(({ visit }) => visit.position)).size).toBe(30);
    const version = await stack.db('queue_versions').where({ department_id: department.id }).first();
    expect(Number(version.version)).toBe(30);
  });

  it('keeps tokens gap-free when racing check-ins of one patient lose at the insert, among others checking in', async () => {
    const department = await insertTestDepartment(stack.db);
    const twice = await patient();
    const many = await desks(24);
    const patients = await Promise.all(many.map((_, index) => (index % 2 === 0 ? twice : patient())));
    const results = await Promise.allSettled(many.map((client, index) => client.call('visits.checkIn', { patientId: patients[index]!, visitType: 'new', department: department.code })));
    const checkedIn = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.visit] : []));
    // One of the twelve for the same patient, and the twelve others.
    expect(checkedIn).toHaveLength(13);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_checked_in' } });
    }
    const numbers = checkedIn.map((visit) => visit.tokenNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(checkedIn.map((visit) => visit.token).sort()).toEqual(numbers.map((n) => formatQueueToken(department.code, n)));
    // Each desk's answer has its own place: one to thirteen, as the queue ends up.
    expect(checkedIn.map((visit) => visit.position).sort((a, b) => a! - b!)).toEqual(numbers);
    const counter = await stack.db('queue_token_counters').where({ department_id: department.id }).first();
    expect(counter.last_number).toBe(13);
  });

  it('checks in the survivor when given a merged (alias) patient id', async () => {
    const survivor = await patient();
    const alias = await patient();
    await stack.db('patients').where({ id: alias }).update({ merged_into: survivor });
    const { visit } = await desk.call('visits.checkIn', { patientId: alias, visitType: 'follow_up', department: 'OPD' });
    expect(visit.patientId).toBe(survivor);
    expect((await desk.callError('visits.checkIn', { patientId: survivor, visitType: 'new', department: 'OPD' })).details).toMatchObject({ reason: 'already_checked_in' });
    const audit = await stack.db('audit_log').where({ action: 'visits.checkIn', entity_id: visit.id }).first();
    expect(audit.details).toMatchObject({ requestedPatientId: alias });
  });

  it('refuses unknown patients, departments and doctors, inactive departments, and doctors of other departments', async () => {
    const patientId = await patient();
    expect(await desk.callError('visits.checkIn', { patientId: '00000000-0000-4000-8000-000000000000', visitType: 'new', department: 'OPD' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await desk.callError('visits.checkIn', { patientId, visitType: 'new', department: 'NOPE' })).toMatchObject({ code: 'VALIDATION', details: { fields: { department: 'there is no department NOPE' } } });
    const closed = await insertTestDepartment(stack.db);
    await stack.db('departments').where({ id: closed.id }).update({ active: false });
    expect(await desk.callError('visits.checkIn', { patientId, visitType: 'new', department: closed.code })).toMatchObject({ code: 'VALIDATION', details: { fields: { department: `${closed.code} is not active` } } });
    const dentist = await insertTestDoctor(stack.db, [dent.id]);
    expect(await desk.callError('visits.checkIn', { patientId, visitType: 'new', department: 'OPD', doctorId: dentist.id })).toMatchObject({ code: 'VALIDATION', details: { fields: { doctorId: expect.stringContaining('does not work in OPD') } } });
    expect(await desk.callError('visits.checkIn', { patientId, visitType: 'walk_in' as never, department: 'OPD', priority: 'high' as never })).toMatchObject({ code: 'VALIDATION', details: { fields: { visitType: expect.any(String), priority: expect.any(String) } } });
    expect(await stack.db('visits').where({ patient_id: patientId }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('keeps an offline desk\'s arrival time for its place in the queue, within bounds', async () => {
    const department = await insertTestDepartment(stack.db);
    const walkIn = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code })).visit;
    const arrivedAt = new Date(clock.now().getTime() - 40 * 60_000).toISOString();
    const offline = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code, arrivedAt })).visit;
    expect(offline).toMatchObject({ arrivedAt, queuedAt: arrivedAt, checkedInAt: clock.now().toISOString(), position: 1, token: `${department.code}-002` });
    expect((await desk.call('visits.get', { id: walkIn.id })).visit.position).toBe(2);

    const future = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
    expect(await desk.callError('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code, arrivedAt: future })).toMatchObject({ code: 'VALIDATION', details: { fields: { arrivedAt: 'is in the future' } } });
    const stale = new Date(clock.now().getTime() - 25 * 3_600_000).toISOString();
    expect(await desk.callError('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code, arrivedAt: stale })).toMatchObject({ code: 'VALIDATION', details: { fields: { arrivedAt: expect.stringContaining('24 hours') } } });
  });

  it('applies an offline replay once: the same idempotency key returns the first result', async () => {
    const department = await insertTestDepartment(stack.db);
    const patientId = await patient();
    const params = { patientId, visitType: 'new' as const, department: department.code, arrivedAt: new Date(clock.now().getTime() - 5 * 60_000).toISOString() };
    const [first, second] = await Promise.all([
      desk.call('visits.checkIn', params, { idempotencyKey: `outbox:desk-7:${patientId}` }),
      desk.call('visits.checkIn', params, { idempotencyKey: `outbox:desk-7:${patientId}` }),
    ]);
    expect(second.visit.id).toBe(first.visit.id);
    const third = await desk.call('visits.checkIn', params, { idempotencyKey: `outbox:desk-7:${patientId}` });
    expect(third.visit.id).toBe(first.visit.id);
    expect(await stack.db('visits').where({ patient_id: patientId }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});

describe('daily tokens and the service day', () => {
  it('restart at local midnight in the hospital\'s zone, not at UTC midnight', async () => {
    const department = await insertTestDepartment(stack.db);
    clock.set(new Date('2026-03-05T20:58:00.000Z')); // 23:58 in Nairobi
    const late = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code })).visit;
    const later = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code })).visit;
    expect([late.token, late.serviceDate, later.token]).toEqual([`${department.code}-001`, '2026-03-05', `${department.code}-002`]);

    clock.set(new Date('2026-03-05T21:00:00.000Z')); // 00:00 on the 6th in Nairobi, still the 5th in UTC
    const early = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code })).visit;
    expect([early.token, early.serviceDate]).toEqual([`${department.code}-001`, '2026-03-06']);
    // Yesterday's patients who were never called are closed as left when the new day's queue is used.
    const closed = await stack.db('visits').whereIn('id', [late.id, later.id]).select('status', 'end_reason');
    expect(closed).toEqual([
      { status: 'left_without_being_seen', end_reason: 'Still waiting when the service day ended.' },
      { status: 'left_without_being_seen', end_reason: 'Still waiting when the service day ended.' },
    ]);
    const { board } = await desk.call('queue.board', { department: department.code });
    expect(board.waiting.map((entry) => entry.token)).toEqual([`${department.code}-001`]);
    expect(await stack.db('audit_log').where({ action: 'visits.closeDay', entity_id: late.id }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});

describe('queue tokens past 999', () => {
  it('grow a fourth digit, as core formats them', async () => {
    const department = await insertTestDepartment(stack.db);
    await stack.db('queue_token_counters').insert({ department_id: department.id, service_date: '2026-03-02', last_number: 998 });
    const tokens = [];
    for (let i = 0; i < 3; i += 1) tokens.push((await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code })).visit.token);
    expect(tokens).toEqual([`${department.code}-999`, `${department.code}-1000`, `${department.code}-1001`]);
  });

  it('are rendered in SQL exactly as formatQueueToken renders them', async () => {
    const numbers = [1, 7, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 123_456, 2_147_483_647];
    const result = await stack.db.raw(`select n, ${queueTokenSql('?', 'n')} as token from unnest(?::int[]) as n order by n`, ['OPD', numbers]);
    expect(result.rows.map((row: { token: string }) => row.token)).toEqual(numbers.map((n) => formatQueueToken('OPD', n)));
  });
});

describe('visits.cancel and visits.markLeft', () => {
  it('cancel a waiting visit once, and never a called one', async () => {
    const department = await insertTestDepartment(stack.db);
    const watcher = await stack.resumed(['receptionist'], 'front-desk-1');
    await watcher.call('queue.watch', { department: department.code });
    const waiting = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code })).visit;
    const cancelled = (await desk.call('visits.cancel', { id: waiting.id, reason: 'Registered twice' })).visit;
    expect(cancelled).toMatchObject({ status: 'cancelled', endReason: 'Registered twice', endedAt: clock.now().toISOString(), position: null });
    expect(await desk.callError('visits.cancel', { id: waiting.id, reason: 'again' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'illegal_transition', from: 'cancelled', action: 'cancel' } });
    const event = await watcher.waitForEvent((e) => e.event === 'queue.changed' && e.data.change === 'cancelled');
    expect(event.data).toMatchObject({ visitId: waiting.id, entry: null, serving: null, waitingCount: 0 });

    await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code });
    const called = (await nurse.call('queue.callNext', { department: department.code })).visit!;
    expect(await desk.callError('visits.cancel', { id: called.id, reason: 'late' })).toMatchObject({ code: 'CONFLICT', details: { from: 'in_consultation' } });
    expect(await desk.callError('visits.cancel', { id: '00000000-0000-4000-8000-000000000000', reason: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
    const audit = await stack.db('audit_log').where({ action: 'visits.cancel', entity_id: waiting.id }).first();
    expect([audit.before.status, audit.after.status]).toEqual(['checked_in', 'cancelled']);
  });

  it('mark a waiting or called patient as left without being seen', async () => {
    const department = await insertTestDepartment(stack.db);
    const waiting = (await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code })).visit;
    expect((await nurse.call('visits.markLeft', { id: waiting.id })).visit).toMatchObject({ status: 'left_without_being_seen', endReason: 'Left without being seen.' });
    await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code });
    const called = (await nurse.call('queue.callNext', { department: department.code })).visit!;
    expect((await desk.call('visits.markLeft', { id: called.id, reason: 'Went home' })).visit.status).toBe('left_without_being_seen');
    expect((await desk.callError('visits.markLeft', { id: called.id })).code).toBe('CONFLICT');
  });
});

describe('visits.get and visits.list', () => {
  it('get a visit with its place, as an audited read of the patient', async () => {
    const department = await insertTestDepartment(stack.db);
    const { visit } = await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code });
    const got = (await nurse.call('visits.get', { id: visit.id })).visit;
    expect(got).toEqual(visit);
    const audit = await stack.db('audit_log').where({ action: 'visits.get', entity_type: 'patient', entity_id: visit.patientId }).first();
    expect(audit.details).toEqual({ visitId: visit.id });
    expect((await nurse.callError('visits.get', { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('list by day, department, doctor, status and patient, newest first, page by page', async () => {
    const department = await insertTestDepartment(stack.db);
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const regular = await patient();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      clock.advance(60_000);
      const { visit } = await desk.call('visits.checkIn', { patientId: await patient(), visitType: 'new', department: department.code, ...(i % 2 === 0 ? { doctorId: doctor.id } : {}) });
      ids.push(visit.id);
    }
    const first = await desk.call('visits.list', { department: department.code, limit: 2 });
    expect(first.items.map((v) => v.id)).toEqual([ids[4], ids[3]]);
    const second = await desk.call('visits.list', { department: department.code, limit: 2, cursor: first.nextCursor! });
    const third = await desk.call('visits.list', { department: department.code, limit: 2, cursor: second.nextCursor! });
    expect([...second.items, ...third.items].map((v) => v.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(third.nextCursor).toBeUndefined();
    // The doctor's newest patient waits for the doctor's two earlier ones and the two pool patients ahead.
    expect(first.items.map((v) => [v.doctorId, v.position])).toEqual([[doctor.id, 5], [null, 4]]);

    expect((await desk.call('visits.list', { department: department.code, doctorId: doctor.id })).items).toHaveLength(3);
    expect((await desk.call('visits.list', { department: department.code, serviceDate: '2026-03-01' })).items).toEqual([]);
    await desk.call('visits.cancel', { id: ids[0]!, reason: 'x' });
    expect((await desk.call('visits.list', { department: department.code, status: ['cancelled'] })).items.map((v) => v.id)).toEqual([ids[0]]);

    // A patient's visits across days, including those checked in under a merged alias.
    const alias = await patient();
    await stack.db('patients').where({ id: alias }).update({ merged_into: regular });
    await desk.call('visits.checkIn', { patientId: regular, visitType: 'new', department: department.code });
    clock.advance(24 * 3_600_000);
    await desk.call('visits.checkIn', { patientId: alias, visitType: 'follow_up', department: 'DENT' });
    const history = await nurse.call('visits.list', { patientId: alias });
    expect(history.items.map((v) => [v.department, v.visitType])).toEqual([['DENT', 'follow_up'], [department.code, 'new']]);
    expect(await stack.db('audit_log').where({ action: 'visits.list', entity_id: regular }).count({ n: '*' })).toEqual([{ n: 1 }]);
    expect((await nurse.callError('visits.list', { cursor: 'garbage' })).details).toMatchObject({ fields: { cursor: expect.any(String) } });
  });
});

describe('merged patients', () => {
  it('patients.merge moves visits and appointments to the survivor, and unmerge puts back exactly those', async () => {
    const admin = await stack.resumed(['admin'], 'front-desk-1');
    const department = await insertTestDepartment(stack.db);
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const survivor = await patient();
    const duplicate = await patient();
    const visit = (await desk.call('visits.checkIn', { patientId: duplicate, visitType: 'new', department: department.code })).visit;
    const [appointment] = await stack.db('appointments')
      .insert({ patient_id: duplicate, doctor_id: doctor.id, department_id: department.id, starts_at: new Date('2026-03-09T06:00:00Z'), ends_at: new Date('2026-03-09T06:15:00Z') })
      .returning('id');
    const { merge } = await admin.call('patients.merge', { survivorId: survivor, mergedId: duplicate, reason: 'Same person' });
    expect(merge.moved).toEqual(expect.arrayContaining([{ table: 'visits', column: 'patient_id', rows: 1 }, { table: 'appointments', column: 'patient_id', rows: 1 }]));
    expect((await desk.call('visits.get', { id: visit.id })).visit.patientId).toBe(survivor);
    // The survivor now holds the open visit: checking in either record again is refused.
    expect((await desk.callError('visits.checkIn', { patientId: duplicate, visitType: 'new', department: department.code })).details).toMatchObject({ reason: 'already_checked_in', visitId: visit.id });

    await admin.call('patients.unmerge', { mergeId: merge.id, reason: 'Twins' });
    expect((await desk.call('visits.get', { id: visit.id })).visit.patientId).toBe(duplicate);
    expect(await stack.db('appointments').where({ id: (appointment as { id: string }).id }).first()).toMatchObject({ patient_id: duplicate });
  });

  it('refuses a merge that would give the survivor two open visits in one department, changing nothing', async () => {
    const admin = await stack.resumed(['admin'], 'front-desk-1');
    const department = await insertTestDepartment(stack.db);
    const survivor = await patient();
    const duplicate = await patient();
    await desk.call('visits.checkIn', { patientId: survivor, visitType: 'new', department: department.code });
    await desk.call('visits.checkIn', { patientId: duplicate, visitType: 'new', department: department.code });
    const refused = await admin.callError('patients.merge', { survivorId: survivor, mergedId: duplicate });
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { table: 'visits', constraint: 'visits_one_open_per_department' } });
    expect(await stack.db('visits').where({ patient_id: duplicate }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});
