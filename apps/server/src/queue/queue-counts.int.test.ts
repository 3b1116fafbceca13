import { queueTopic } from '@hms/core';
import type { QueueChange } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { insertTestDepartment, insertTestDoctor, insertTestPatient, insertTestVisit, useTestStack } from '../test-support/index.js';
import type { TestClient, TestDepartment } from '../test-support/index.js';

// A board follows queue.changed and takes each event's counts as the queue's: the event with the
// highest version must carry the counts as they are once every change before it committed.

let reception: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    reception = await s.resumed(['receptionist']);
  },
});

/** How many connections of this database wait for a lock (the server's writes queued on a row). */
async function waitingOnLocks(): Promise<number> {
  const result = await stack.db.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
  return (result.rows[0] as { n: number }).n;
}

async function untilWaiting(n: number): Promise<void> {
  for (let tries = 0; (await waitingOnLocks()) < n; tries += 1) {
    if (tries > 500) throw new Error(`${n} writes never queued on the lock`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The department's queue.changed events in version order: [change, version, waitingCount]. */
async function queueEvents(department: TestDepartment): Promise<Array<{ change: QueueChange; version: number; waitingCount: number }>> {
  const rows = await stack.db('events').where({ name: 'queue.changed', topic: queueTopic(department.code) }).select('data');
  return rows.map((row) => ({ change: row.data.change, version: row.data.version, waitingCount: row.data.waitingCount })).sort((a, b) => a.version - b.version);
}

/** What a change does to the number waiting. */
const WAITING_DELTA: Partial<Record<QueueChange, number>> = { checked_in: 1, called: -1, completed: 0, recalled: 0 };

async function expectEventsToAddUp(department: TestDepartment, startingCount: number): Promise<void> {
  const events = await queueEvents(department);
  let expected = startingCount;
  for (const event of events) {
    expected += WAITING_DELTA[event.change]!;
    expect(event, `version ${event.version}`).toMatchObject({ waitingCount: expected });
  }
  const { board } = await reception.call('queue.board', { department: department.code });
  expect(events.at(-1)!.waitingCount).toBe(board.waitingCount);
}

describe('queue.changed counts', () => {
  it('a completion and a recall queued behind a check-in on the queue\'s version carry the count with that check-in', async () => {
    const department = await insertTestDepartment(stack.db);
    const doctor = await insertTestDoctor(stack.db, [department.id]);
    const colleague = await insertTestDoctor(stack.db, [department.id]);
    const seen = await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: department.id, status: 'in_consultation', servedBy: doctor.id });
    const recalled = await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: department.id, status: 'in_consultation', servedBy: colleague.id });
    await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: department.id });
    await stack.db('queue_versions').insert({ department_id: department.id, version: 1 });
    const [doctorDesk, colleagueDesk] = await Promise.all([stack.resumed(doctor), stack.resumed(colleague)]);
    const arriving = await insertTestPatient(stack.db);

    // Another change of this queue holds its version row while these three arrive, in this order.
    const holder = await stack.db.transaction();
    await holder('queue_versions').where({ department_id: department.id }).forUpdate().select('version');
    const waitingBefore = await waitingOnLocks();
    const checkIn = reception.call('visits.checkIn', { patientId: arriving.id, visitType: 'new', department: department.code });
    await untilWaiting(waitingBefore + 1);
    const complete = doctorDesk.call('visits.complete', { id: seen.id });
    await untilWaiting(waitingBefore + 2);
    const recall = colleagueDesk.call('queue.recall', { visitId: recalled.id });
    await untilWaiting(waitingBefore + 3);
    await holder.commit();
    await Promise.all([checkIn, complete, recall]);

    // The check-in, first in the row's queue, takes it first; the other two follow in either order.
    const changes = (await queueEvents(department)).map((event) => event.change);
    expect(changes[0]).toBe('checked_in');
    expect(changes.slice(1).sort()).toEqual(['completed', 'recalled']);
    await expectEventsToAddUp(department, 1);
  });

  it('add up, and the last equals the board, after many check-ins, calls, recalls and completions at once', async () => {
    const department = await insertTestDepartment(stack.db);
    const doctors = await Promise.all(Array.from({ length: 8 }, () => insertTestDoctor(stack.db, [department.id])));
    const desks = await Promise.all(doctors.map((doctor) => stack.resumed(doctor)));
    const receptions = await Promise.all(Array.from({ length: 4 }, () => stack.resumed(['receptionist'])));
    const patients = await Promise.all(Array.from({ length: 40 }, () => insertTestPatient(stack.db)));
    let next = 0;
    const arrive = (desk: TestClient) => desk.call('visits.checkIn', { patientId: patients[next++]!.id, visitType: 'new', department: department.code });
    for (let i = 0; i < 8; i += 1) await arrive(reception);
    // Each doctor calls, recalls and completes three patients while the reception desks check in the rest.
    const doctorsAtWork = desks.map(async (desk) => {
      for (let round = 0; round < 3; round += 1) {
        const { visit } = await desk.call('queue.callNext', { department: department.code });
        if (visit === null) continue;
        await desk.call('queue.recall', { visitId: visit.id });
        await desk.call('visits.complete', { id: visit.id });
      }
    });
    const arrivals = receptions.map(async (desk) => {
      while (next < patients.length) await arrive(desk);
    });
    await Promise.all([...doctorsAtWork, ...arrivals]);
    await expectEventsToAddUp(department, 0);
  });
});
