import { QUEUE_BOARD_DEFAULT_LIMIT, compareQueueEntries, estimateQueueWaits, queueAheadCounts } from '@hms/core';
import type { ClientEvent, QueueBoard, QueueEntry } from '@hms/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ManualClock,
  insertTestDepartment,
  insertTestDoctor,
  insertTestPatient,
  useTestStack,
} from '../test-support/index.js';
import type { TestClient, TestDepartment } from '../test-support/index.js';

const clock = new ManualClock(new Date('2026-03-02T06:00:00.000Z'));
let desk: TestClient;
let nurse: TestClient;

const stack = useTestStack({
  clock,
  sessions: { idleTimeoutSeconds: 60 * 86_400, absoluteTimeoutSeconds: 60 * 86_400 },
  timeZone: 'Africa/Nairobi',
  setup: async () => {
    desk = await stack.resumed(['receptionist']);
    nurse = await stack.resumed(['nurse']);
  },
});

async function checkIn(department: string, extra: { doctorId?: string; priority?: 'emergency' | 'urgent' | 'normal' } = {}) {
  const patient = await insertTestPatient(stack.db);
  return (await desk.call('visits.checkIn', { patientId: patient.id, visitType: 'new', department, ...extra })).visit;
}

async function freshDepartment(): Promise<TestDepartment> {
  return insertTestDepartment(stack.db);
}

beforeEach(() => {
  clock.set(new Date('2026-03-02T06:00:00.000Z'));
});

describe('queue.callNext', () => {
  it('calls emergency, then urgent, then normal, each by arrival; a doctor takes their own queue and the pool, a nurse the pool', async () => {
    const department = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id], { room: 'Room 4' });
    const other = await insertTestDoctor(stack.db, [department.id]);
    const poolFirst = await checkIn(department.code);
    clock.advance(60_000);
    const otherDoctors = await checkIn(department.code, { doctorId: other.id, priority: 'emergency' });
    clock.advance(60_000);
    const mine = await checkIn(department.code, { doctorId: doctor.id });
    clock.advance(60_000);
    const urgent = await checkIn(department.code, { priority: 'urgent' });
    clock.advance(60_000);

    const doctorDesk = await stack.resumed(doctor);
    const calls: string[] = [];
    for (;;) {
      const { visit } = await doctorDesk.call('queue.callNext', { department: department.code });
      if (visit === null) break;
      calls.push(visit.id);
      expect(visit).toMatchObject({ status: 'in_consultation', servedBy: doctor.id, doctorId: doctor.id, room: 'Room 4', calledAt: clock.now().toISOString() });
      await doctorDesk.call('visits.complete', { id: visit.id });
    }
    // The other doctor's emergency is not this doctor's to call.
    expect(calls).toEqual([urgent.id, poolFirst.id, mine.id]);
    expect((await nurse.call('queue.callNext', { department: department.code })).visit).toBeNull();
    const { visit } = await nurse.call('queue.callNext', { department: department.code, doctorId: other.id });
    expect(visit).toMatchObject({ id: otherDoctors.id, servedBy: other.id });
  });

  it('never gives two desks the same patient, with many callers at once', async () => {
    const department = await freshDepartment();
    const waiting = [];
    for (let i = 0; i < 20; i += 1) waiting.push(await checkIn(department.code, { priority: i % 3 === 0 ? 'urgent' : 'normal' }));
    const callers = await Promise.all(Array.from({ length: 26 }, () => stack.resumed(['nurse'])));
    const results = await Promise.all(callers.map((caller) => caller.call('queue.callNext', { department: department.code })));
    const called = results.flatMap(({ visit }) => (visit === null ? [] : [visit.id]));
    expect(called).toHaveLength(20);
    expect(new Set(called).size).toBe(20);
    expect(new Set(called)).toEqual(new Set(waiting.map((visit) => visit.id)));
    expect(results.filter(({ visit }) => visit === null)).toHaveLength(6);
    const rows = await stack.db('visits').where({ department_id: department.id }).select('status', 'served_by');
    expect(rows.every((row) => row.status === 'in_consultation')).toBe(true);
    expect(new Set(rows.map((row) => row.served_by)).size).toBe(20);
    const version = await stack.db('queue_versions').where({ department_id: department.id }).first();
    expect(Number(version.version)).toBe(40); // 20 check-ins, 20 calls: one version each
  });

  it('keeps a doctor to their own queue and departments (FORBIDDEN, nothing written)', async () => {
    const department = await freshDepartment();
    const elsewhere = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const colleague = await insertTestDoctor(stack.db, [department.id]);
    await checkIn(department.code, { doctorId: colleague.id });
    const doctorDesk = await stack.resumed(doctor);
    const before = await stack.db('audit_log').count({ n: '*' });
    expect(await doctorDesk.callError('queue.callNext', { department: department.code, doctorId: colleague.id })).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_your_queue' } });
    expect(await doctorDesk.callError('queue.callNext', { department: elsewhere.code })).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_in_department' } });
    expect(await stack.db('audit_log').count({ n: '*' })).toEqual(before);
    // A nurse may call for the colleague.
    await expect(nurse.call('queue.callNext', { department: department.code, doctorId: colleague.id })).resolves.toMatchObject({ visit: { servedBy: colleague.id } });
    expect((await desk.callError('queue.callNext', { department: department.code })).code).toBe('FORBIDDEN');
  });

  it('asks a caller to finish with the current patient first', async () => {
    const department = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const first = await checkIn(department.code);
    await checkIn(department.code);
    const doctorDesk = await stack.resumed(doctor);
    await doctorDesk.call('queue.callNext', { department: department.code });
    expect(await doctorDesk.callError('queue.callNext', { department: department.code })).toMatchObject({ code: 'CONFLICT', details: { reason: 'still_serving', visitId: first.id, token: first.token } });
  });
});

describe('queue.recall, queue.skip, visits.complete', () => {
  it('recall announces the called patient again; only the caller\'s own patient for a doctor', async () => {
    const department = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const colleague = await insertTestDoctor(stack.db, [department.id]);
    await checkIn(department.code);
    const doctorDesk = await stack.resumed(doctor);
    const { visit } = await doctorDesk.call('queue.callNext', { department: department.code });
    expect((await doctorDesk.call('queue.recall', { visitId: visit!.id })).visit.recallCount).toBe(1);
    expect((await nurse.call('queue.recall', { visitId: visit!.id })).visit.recallCount).toBe(2);
    expect(await (await stack.resumed(colleague)).callError('queue.recall', { visitId: visit!.id })).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_your_patient' } });
    expect(await (await stack.resumed(colleague)).callError('visits.complete', { id: visit!.id })).toMatchObject({ code: 'FORBIDDEN' });
    await doctorDesk.call('visits.complete', { id: visit!.id, note: 'Reviewed' });
    expect(await doctorDesk.callError('queue.recall', { visitId: visit!.id })).toMatchObject({ code: 'CONFLICT', details: { from: 'completed' } });
    expect(await doctorDesk.callError('visits.complete', { id: visit!.id })).toMatchObject({ code: 'CONFLICT', details: { from: 'completed', action: 'complete' } });
  });

  it('skip sends an absent patient behind those waiting; the third skip marks them left', async () => {
    const department = await freshDepartment();
    const absent = await checkIn(department.code);
    clock.advance(60_000);
    const second = await checkIn(department.code);
    clock.advance(60_000);
    const caller = await stack.resumed(['nurse']);
    expect((await caller.call('queue.callNext', { department: department.code })).visit!.id).toBe(absent.id);
    clock.advance(60_000);
    const skipped = (await caller.call('queue.skip', { visitId: absent.id })).visit;
    expect(skipped).toMatchObject({ status: 'checked_in', skipCount: 1, queuedAt: clock.now().toISOString(), position: 2, servedBy: null, calledAt: null, token: absent.token });
    expect((await caller.call('queue.callNext', { department: department.code })).visit!.id).toBe(second.id);
    await caller.call('visits.complete', { id: second.id });
    for (let skip = 2; skip <= 3; skip += 1) {
      expect((await caller.call('queue.callNext', { department: department.code })).visit!.id).toBe(absent.id);
      const after = (await caller.call('queue.skip', { visitId: absent.id })).visit;
      expect([after.status, after.skipCount]).toEqual([skip < 3 ? 'checked_in' : 'left_without_being_seen', skip]);
    }
    expect((await caller.call('queue.callNext', { department: department.code })).visit).toBeNull();
    expect((await caller.callError('queue.skip', { visitId: second.id })).code).toBe('CONFLICT');
  });

  it('estimates waits from recent consultation durations and the callers at work', async () => {
    const department = await freshDepartment();
    await insertTestDoctor(stack.db, [department.id], { consultationMinutes: 20 });
    for (let i = 0; i < 6; i += 1) await checkIn(department.code);
    let board = (await desk.call('queue.board', { department: department.code })).board;
    expect(board).toMatchObject({ typicalConsultationMinutes: 20, activeServers: 1 });
    expect(board.waiting.map((entry) => entry.estimatedWaitMinutes)).toEqual([0, 20, 40, 60, 80, 100]);

    const caller = await stack.resumed(['nurse']);
    for (const minutes of [8, 10, 12]) {
      const { visit } = await caller.call('queue.callNext', { department: department.code });
      clock.advance(minutes * 60_000);
      await caller.call('visits.complete', { id: visit!.id });
    }
    const second = await stack.resumed(['nurse']);
    await second.call('queue.callNext', { department: department.code });
    board = (await desk.call('queue.board', { department: department.code })).board;
    expect(board).toMatchObject({ typicalConsultationMinutes: 10, activeServers: 2 });
    expect(board.waiting.map((entry) => entry.estimatedWaitMinutes)).toEqual([0, 5]);
    const timings = await stack.db('consultation_timings').where({ department_id: department.id }).orderBy('ended_at');
    expect(timings.map((row) => (row.ended_at.getTime() - row.started_at.getTime()) / 60_000)).toEqual([8, 10, 12]);
  });
});

describe('queue.transfer and queue.triage', () => {
  it('moves a visit to another doctor of the department keeping its token and place', async () => {
    const department = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const first = await checkIn(department.code);
    clock.advance(60_000);
    await checkIn(department.code);
    const moved = (await desk.call('queue.transfer', { visitId: first.id, doctorId: doctor.id, reason: 'Asked for Dr' })).visit;
    expect(moved).toMatchObject({ token: first.token, doctorId: doctor.id, queuedAt: first.queuedAt, position: 1 });
    expect((await desk.callError('queue.transfer', { visitId: first.id, doctorId: doctor.id })).code).toBe('VALIDATION');
    const back = (await desk.call('queue.transfer', { visitId: first.id, doctorId: null })).visit;
    expect(back.doctorId).toBeNull();
  });

  it('moves a visit to another department with a new token; a referral after consultation joins at the back', async () => {
    const opd = await freshDepartment();
    const lab = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [opd.id]);
    const labWaiting = await checkIn(lab.code);
    clock.advance(60_000);
    const misrouted = await checkIn(opd.code);
    const watcherOpd = await stack.resumed(['receptionist']);
    const watcherLab = await stack.resumed(['receptionist']);
    await watcherOpd.call('queue.watch', { department: opd.code });
    await watcherLab.call('queue.watch', { department: lab.code });
    // Sent to the wrong queue: keeps its arrival time, so it stays ahead of later arrivals there.
    clock.advance(60_000);
    const later = await checkIn(lab.code);
    const moved = (await desk.call('queue.transfer', { visitId: misrouted.id, department: lab.code })).visit;
    expect(moved).toMatchObject({ department: lab.code, token: `${lab.code}-003`, queuedAt: misrouted.queuedAt, position: 2, doctorId: null });
    const out = await watcherOpd.waitForEvent((e) => e.event === 'queue.changed' && e.data.change === 'transferred_out');
    expect(out.data).toMatchObject({ visitId: misrouted.id, token: misrouted.token, entry: null });
    const into = await watcherLab.waitForEvent((e) => e.event === 'queue.changed' && e.data.change === 'transferred_in');
    expect(into.data).toMatchObject({ visitId: misrouted.id, token: `${lab.code}-003`, entry: { queuedAt: misrouted.queuedAt } });

    // A doctor refers their own patient after seeing them: a new token, at the back of the lab queue.
    const seen = await checkIn(opd.code);
    const doctorDesk = await stack.resumed(doctor);
    await doctorDesk.call('queue.callNext', { department: opd.code });
    clock.advance(5 * 60_000);
    const referred = (await doctorDesk.call('queue.transfer', { visitId: seen.id, department: lab.code, reason: 'FBC' })).visit;
    expect(referred).toMatchObject({ status: 'checked_in', queuedAt: clock.now().toISOString(), position: 4, servedBy: null });
    const { board } = await desk.call('queue.board', { department: lab.code });
    expect(board.waiting.map((entry) => entry.visitId)).toEqual([labWaiting.id, misrouted.id, later.id, seen.id]);
    // A doctor may not move someone else's patient; the patient cannot be in one department's queue twice.
    expect(await doctorDesk.callError('queue.transfer', { visitId: later.id, department: opd.code })).toMatchObject({ code: 'FORBIDDEN' });
    const twice = await insertTestPatient(stack.db);
    const inLab = (await desk.call('visits.checkIn', { patientId: twice.id, visitType: 'new', department: lab.code })).visit;
    await desk.call('visits.checkIn', { patientId: twice.id, visitType: 'new', department: opd.code });
    expect(await desk.callError('queue.transfer', { visitId: inLab.id, department: opd.code })).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_checked_in' } });
  });

  it('triage changes the priority and so the order', async () => {
    const department = await freshDepartment();
    const first = await checkIn(department.code);
    clock.advance(60_000);
    const second = await checkIn(department.code);
    const triaged = (await nurse.call('queue.triage', { visitId: second.id, priority: 'emergency' })).visit;
    expect(triaged).toMatchObject({ priority: 'emergency', position: 1 });
    expect((await desk.call('visits.get', { id: first.id })).visit.position).toBe(2);
    const doctor = await insertTestDoctor(stack.db, [(await freshDepartment()).id]);
    expect(await (await stack.resumed(doctor)).callError('queue.triage', { visitId: first.id, priority: 'urgent' })).toMatchObject({ code: 'FORBIDDEN' });
  });
});

/**
 * A board kept up to date from events alone, as a desk or a hall display does
 * (docs/front-desk-queue.md): the window stays the first entries of the queue; a newcomer beyond
 * its last entry is only counted; a window left short while others wait is read again.
 */
class EventBoard {
  board: QueueBoard;

  constructor(board: QueueBoard) {
    this.board = structuredClone(board);
  }

  apply(event: ClientEvent): 'applied' | 'stale' | 'gap' | 'refill' {
    if (event.event !== 'queue.changed') return 'stale';
    const data = event.data;
    if (data.version <= this.board.version) return 'stale';
    if (data.version !== this.board.version + 1) return 'gap';
    const board = this.board;
    const order = (entry: QueueEntry) => ({ ...entry, id: entry.visitId });
    const wholeQueue = board.waiting.length >= board.waitingCount;
    const waiting: QueueEntry[] = board.waiting.filter((entry) => entry.visitId !== data.visitId).map(({ position: _p, estimatedWaitMinutes: _w, patient: _x, ...entry }) => entry);
    const last = waiting.at(-1);
    if (data.entry !== null && (wholeQueue || (last !== undefined && compareQueueEntries(order(data.entry), order(last)) < 0))) waiting.push(data.entry);
    waiting.sort((x, y) => compareQueueEntries(order(x), order(y)));
    const shown = waiting.slice(0, board.limit);
    const ordered = shown.map(order);
    const waits = estimateQueueWaits(ordered, data.typicalConsultationMinutes, data.activeServers);
    const ahead = queueAheadCounts(ordered);
    board.waiting = shown.map((entry, index) => ({ ...entry, position: ahead[index]! + 1, estimatedWaitMinutes: waits[index]!, patient: null }));
    board.nowServing = board.nowServing.filter((serving) => serving.visitId !== data.visitId);
    if (data.serving !== null) board.nowServing.push({ ...data.serving, patient: null });
    board.nowServing.sort((x, y) => x.calledAt.localeCompare(y.calledAt));
    board.version = data.version;
    board.waitingCount = data.waitingCount;
    board.waitingByPriority = data.waitingByPriority;
    board.typicalConsultationMinutes = data.typicalConsultationMinutes;
    board.activeServers = data.activeServers;
    return board.waiting.length < Math.min(board.limit, board.waitingCount) ? 'refill' : 'applied';
  }
}

describe('queue.watch and queue.changed', () => {
  it('pushes every change to watchers, complete enough to keep a board current without reloading', async () => {
    const department = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id], { room: 'Room 2' });
    await checkIn(department.code);
    const display = await stack.resumed(['lab_technician']);
    const { topic, board } = await display.call('queue.watch', { department: department.code });
    expect(topic).toBe(`queue:${department.code}`);
    expect(board.waiting[0]!.patient).toBeNull(); // a hall display sees tokens, not names
    const model = new EventBoard(board);

    const doctorDesk = await stack.resumed(doctor);
    const a = await checkIn(department.code, { priority: 'urgent' });
    clock.advance(60_000);
    const b = await checkIn(department.code, { doctorId: doctor.id });
    const c = await checkIn(department.code);
    await doctorDesk.call('queue.callNext', { department: department.code });
    clock.advance(7 * 60_000);
    await doctorDesk.call('queue.recall', { visitId: a.id });
    await doctorDesk.call('visits.complete', { id: a.id });
    await nurse.call('queue.triage', { visitId: c.id, priority: 'emergency' });
    await doctorDesk.call('queue.callNext', { department: department.code });
    await doctorDesk.call('queue.skip', { visitId: c.id });
    await desk.call('visits.cancel', { id: b.id, reason: 'Went to pharmacy' });
    const lastVersion = (await stack.db('queue_versions').where({ department_id: (await stack.db('departments').where({ code: department.code }).first()).id }).first()).version;

    await display.waitFor(() => display.events.some((e) => e.event === 'queue.changed' && e.data.version === Number(lastVersion)));
    // The first check-in's event is fanned out after its commit and may reach the display just
    // after it started watching: a version the board already has, which a client ignores.
    const isNewer = (e: ClientEvent) => e.event === 'queue.changed' && e.data.version > board.version;
    const early = display.events.filter((e) => !isNewer(e)).map((e) => (e.event === 'queue.changed' ? e.data.change : e.event));
    expect(early.length === 0 || (early.length === 1 && early[0] === 'checked_in')).toBe(true);
    const changes = display.events.filter(isNewer);
    const outcomes = changes.map((event) => model.apply(event));
    expect(outcomes.filter((outcome) => outcome !== 'applied')).toEqual([]);
    const fetched = (await display.call('queue.board', { department: department.code })).board;
    expect(model.board).toEqual({ ...fetched, at: model.board.at });
    expect(fetched).toMatchObject({ limit: QUEUE_BOARD_DEFAULT_LIMIT, waitingCount: 2, waitingByPriority: { emergency: 1, urgent: 0, normal: 1 } });
    expect(changes.map((e) => (e.event === 'queue.changed' ? e.data.change : e.event))).toEqual([
      'checked_in', 'checked_in', 'checked_in', 'called', 'recalled', 'completed', 'triaged', 'called', 'requeued', 'cancelled',
    ]);
  });

  it('delivers a change to a watching board within a second, and stops after unwatch', async () => {
    const department = await freshDepartment();
    const board = await stack.resumed(['nurse']);
    await board.call('queue.watch', { department: department.code });
    const started = performance.now();
    const visit = await checkIn(department.code);
    const event = await board.waitForEvent((e) => e.event === 'queue.changed' && e.data.visitId === visit.id, 1_000);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(event.data).toMatchObject({ change: 'checked_in', entry: { token: visit.token, priority: 'normal' }, waitingCount: 1 });
    await board.call('queue.unwatch', { department: department.code });
    await checkIn(department.code);
    // A later change of a department still watched marks the point by which the other would have arrived.
    const marker = await freshDepartment();
    await board.call('queue.watch', { department: marker.code });
    const markerVisit = await checkIn(marker.code);
    await board.waitForEvent((e) => e.event === 'queue.changed' && e.data.visitId === markerVisit.id);
    expect(board.events.filter((e) => e.event === 'queue.changed').map((e) => e.event === 'queue.changed' && e.data.visitId)).toEqual([visit.id, markerVisit.id]);
  });

  it('shows who is being served where, with patients for the desk and clinical roles only', async () => {
    const department = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id], { room: 'Room 9' });
    const visit = await checkIn(department.code);
    await checkIn(department.code);
    await (await stack.resumed(doctor)).call('queue.callNext', { department: department.code });
    const { board } = await desk.call('queue.board', { department: department.code });
    expect(board.nowServing).toEqual([expect.objectContaining({ visitId: visit.id, token: visit.token, servedBy: doctor.id, room: 'Room 9', patient: visit.patient })]);
    expect(board.waiting).toHaveLength(1);
    expect(board.waiting[0]!.patient).not.toBeNull();
    const cashier = await stack.resumed(['cashier']);
    const hidden = (await cashier.call('queue.board', { department: department.code })).board;
    expect(hidden.nowServing[0]!.patient).toBeNull();
    expect((await cashier.callError('queue.board', { department: 'NOSUCH' })).code).toBe('VALIDATION');
  });
});

describe('queue windows and counts', () => {
  /** Every waiting visit's position and wait as the whole queue in calling order gives them. */
  async function fullBoard(code: string): Promise<QueueBoard> {
    return (await desk.call('queue.board', { department: code, limit: 500 })).board;
  }

  it('carries the first `limit` waiting with exact positions, everyone being served, and counts of the rest', async () => {
    const department = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const other = await insertTestDoctor(stack.db, [department.id]);
    for (let i = 0; i < 9; i += 1) {
      await checkIn(department.code, { ...(i % 3 === 1 ? { doctorId: doctor.id } : i % 3 === 2 ? { doctorId: other.id } : {}), ...(i === 7 ? { priority: 'urgent' } : {}) });
      clock.advance(60_000);
    }
    await (await stack.resumed(other)).call('queue.callNext', { department: department.code });
    const whole = await fullBoard(department.code);
    const { board } = await desk.call('queue.board', { department: department.code, limit: 3 });
    expect(board.waiting).toEqual(whole.waiting.slice(0, 3));
    expect(board).toMatchObject({ limit: 3, waitingCount: 8, waitingByPriority: { emergency: 0, urgent: 1, normal: 7 }, nowServing: whole.nowServing });
    expect(whole.nowServing).toHaveLength(1);
    // `other` took the first pool patient (the urgent one is `doctor`'s); a doctor's patients wait for their own queue and the pool only.
    expect(whole.waiting.map((entry) => [entry.doctorId === null ? 'pool' : entry.doctorId === doctor.id ? 'mine' : 'other', entry.position]))
      .toEqual([['mine', 1], ['mine', 2], ['other', 1], ['pool', 4], ['mine', 4], ['other', 3], ['pool', 7], ['other', 5]]);
    expect((await desk.call('queue.board', { department: department.code, limit: 0 })).board).toMatchObject({ waiting: [], waitingCount: 8 });
    expect(await desk.callError('queue.board', { department: department.code, limit: 501 })).toMatchObject({ code: 'VALIDATION', details: { fields: { limit: expect.any(String) } } });
  });

  it('keeps a windowed board right from events, reading it again only when its window runs short', async () => {
    const department = await freshDepartment();
    for (let i = 0; i < 4; i += 1) {
      await checkIn(department.code);
      clock.advance(60_000);
    }
    const display = await stack.resumed(['lab_technician']);
    const model = new EventBoard((await display.call('queue.watch', { department: department.code, limit: 2 })).board);
    const outcomes: string[] = [];
    const applyAll = async () => {
      for (;;) {
        const event = display.events.shift();
        if (event === undefined) return;
        const outcome = model.apply(event);
        outcomes.push(outcome);
        if (outcome === 'refill') model.board = (await display.call('queue.board', { department: department.code, limit: 2 })).board;
      }
    };
    const late = await checkIn(department.code); // beyond the window: counted only
    const emergency = await checkIn(department.code, { priority: 'emergency' }); // ahead of it: shown
    const caller = await stack.resumed(['nurse']);
    await caller.call('queue.callNext', { department: department.code }); // the emergency leaves the window
    await desk.call('visits.cancel', { id: late.id, reason: 'Went home' });
    await display.waitFor(() => display.events.length >= 4);
    await applyAll();
    // The refill's read may already contain the cancellation, which then arrives as stale.
    expect(outcomes.slice(0, 3)).toEqual(['applied', 'applied', 'refill']);
    expect(['applied', 'stale']).toContain(outcomes[3]);
    const fetched = (await display.call('queue.board', { department: department.code, limit: 2 })).board;
    expect(model.board).toEqual({ ...fetched, at: model.board.at });
    expect(fetched.nowServing.map((entry) => entry.visitId)).toEqual([emergency.id]);
    expect(fetched.waitingCount).toBe(4);
  });

  it('counts every queue right through check-ins, calls, skips, triage, transfers, cancellations and a new day', async () => {
    const opd = await freshDepartment();
    const lab = await freshDepartment();
    const doctor = await insertTestDoctor(stack.db, [opd.id]);
    const visits = [];
    for (let i = 0; i < 6; i += 1) visits.push(await checkIn(opd.code, i % 2 === 0 ? {} : { doctorId: doctor.id }));
    /** A reply's position and wait are the ones the whole queue gives at that moment. */
    const expectPlaced = async (reply: { id: string; department: string; position: number | null; estimatedWaitMinutes: number | null }) => {
      const whole = await fullBoard(reply.department);
      expect(whole.waiting.find((entry) => entry.visitId === reply.id)).toMatchObject({ position: reply.position, estimatedWaitMinutes: reply.estimatedWaitMinutes });
    };
    // An offline arrival from before the others: its reply's position counts those it is ahead of.
    const offlinePatient = await insertTestPatient(stack.db);
    const offline = (await desk.call('visits.checkIn', {
      patientId: offlinePatient.id, visitType: 'new', department: opd.code, arrivedAt: new Date(clock.now().getTime() - 30 * 60_000).toISOString(),
    })).visit;
    expect(offline.position).toBe(1);
    await expectPlaced(offline);
    const doctorDesk = await stack.resumed(doctor);
    const called = (await doctorDesk.call('queue.callNext', { department: opd.code })).visit!;
    await expectPlaced((await doctorDesk.call('queue.skip', { visitId: called.id })).visit);
    const triaged = (await nurse.call('queue.triage', { visitId: visits[5]!.id, priority: 'urgent' })).visit;
    expect(triaged.position).toBe(1);
    await expectPlaced(triaged);
    await expectPlaced((await desk.call('queue.transfer', { visitId: visits[2]!.id, doctorId: doctor.id })).visit);
    await expectPlaced((await desk.call('queue.transfer', { visitId: visits[4]!.id, department: lab.code })).visit);
    await desk.call('visits.cancel', { id: visits[1]!.id, reason: 'Changed their mind' });

    for (const code of [opd.code, lab.code]) {
      const whole = await fullBoard(code);
      for (const entry of whole.waiting) {
        expect((await desk.call('visits.get', { id: entry.visitId })).visit).toMatchObject({ position: entry.position, estimatedWaitMinutes: entry.estimatedWaitMinutes });
      }
    }
    const recount = async () => (await stack.db.raw(
      `select c.department_id, c.service_date::text, c.waiting, (select count(*)::int from visits v
         where v.department_id = c.department_id and v.service_date = c.service_date and v.status = 'checked_in') as actual
       from queue_counts c where c.department_id in (?, ?) order by 1, 2`,
      [opd.id, lab.id],
    )).rows as Array<{ waiting: number; actual: number }>;
    expect((await recount()).map((row) => row.waiting)).toEqual((await recount()).map((row) => row.actual));
    expect((await fullBoard(opd.code)).waitingCount).toBe(5);

    // The next day the first use of the queue closes yesterday's waiting visits: their counts go with them.
    clock.advance(24 * 3_600_000);
    await checkIn(opd.code);
    const rows = await recount();
    expect(rows.map((row) => [row.waiting, row.actual])).toEqual(rows.map((row) => [row.actual, row.actual]));
    expect((await fullBoard(opd.code)).waitingCount).toBe(1);
  });
});
