import { chartTopic } from '@hms/core';
import * as serverSupport from '@hms/server/test-support';
import { addDoctorToDepartment, createTestUser, insertTestDepartment, insertTestPatient, insertTestVisit } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { serverTopicCounts, startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// The workstation's chart topics against the real server: the doctor's and the nurse's desk share
// one socket, so the server watches a chart once for both and stops only when neither follows it;
// charts shown and closed leave no topic behind on the server's side of the socket.

let stack: DeskStack<TestDatabase, TestServer>;
let host: Host;
let doctor: TestUser;
const patients: Array<{ id: string; visitId: string }> = [];

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'chart-topics' });
  const { db } = stack.database;
  const opd = await insertTestDepartment(db, undefined, 'Outpatients');
  // The patients wait in another department: not in the doctor's My patients, so only the charts opened are followed.
  const dental = await insertTestDepartment(db, undefined, 'Dental');
  doctor = await createTestUser(db, 'dr.otieno', ['doctor']);
  await addDoctorToDepartment(db, doctor.id, opd.id);
  for (const [index, givenName] of ['Amina', 'Baraka', 'Chausiku', 'Dawit', 'Esther'].entries()) {
    const patient = await insertTestPatient(db, { givenName, familyName: 'Kamau', birthDate: '1990-04-12' });
    const visit = await insertTestVisit(db, { patientId: patient.id, departmentId: dental.id, queuedAt: new Date(Date.now() - (10 - index) * 60_000) });
    patients.push({ id: patient.id, visitId: visit.id });
  }
  host = await stack.openHost({ workstationId: 'consult-9', user: doctor });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** How many sockets the server has watching this patient's chart. */
const watching = (patientId: string) => serverTopicCounts(stack.server).get(chartTopic(patientId)) ?? 0;
const chartTopicsOnServer = () => [...serverTopicCounts(stack.server).keys()].filter((topic) => topic.startsWith('chart:')).length;

describe('Chart topics on the one socket', () => {
  it('watches a chart while the doctor\'s or the nurse\'s desk follows it, and unwatches it when the last lets go', async () => {
    const { handlers } = host;
    const [amina] = patients;
    await handlers['doctor.chart']({ patientId: amina!.id, refresh: false });
    await waitUntil(() => watching(amina!.id) === 1, 'the chart watched');
    // The same patient's triage form on the nurse desk of this workstation: still one watch.
    await handlers['nurse.patient']({ visitId: amina!.visitId });
    await host.chartTopics.settled();
    expect(watching(amina!.id)).toBe(1);
    // The form closes; the doctor still shows the chart, so the server still sends its events.
    await handlers['nurse.leavePatient']({ patientId: amina!.id });
    await host.chartTopics.settled();
    expect(watching(amina!.id)).toBe(1);
    await handlers['doctor.closeChart']({ patientId: amina!.id });
    await waitUntil(() => watching(amina!.id) === 0, 'the chart unwatched');
    expect(host.chartTopics.patients()).toEqual([]);
  });

  it('leaves no chart topic behind after many charts were shown and closed, and watches again after a reconnect only what is still followed', async () => {
    const { handlers } = host;
    for (const patient of patients) await handlers['doctor.chart']({ patientId: patient.id, refresh: false });
    await waitUntil(() => chartTopicsOnServer() === patients.length, 'every chart watched');
    for (const patient of patients.slice(1)) await handlers['doctor.closeChart']({ patientId: patient.id });
    await waitUntil(() => chartTopicsOnServer() === 1, 'the closed charts unwatched');
    expect(watching(patients[0]!.id)).toBe(1);

    // The LAN drops and comes back: a new socket, on which the chart still open is watched again, and only it.
    await stack.cut(host);
    await waitUntil(() => chartTopicsOnServer() === 0, 'the old socket gone');
    await stack.restore(host);
    await waitUntil(() => watching(patients[0]!.id) === 1, 'the open chart watched on the new socket');
    expect(chartTopicsOnServer()).toBe(1);
    await handlers['doctor.closeChart']({ patientId: patients[0]!.id });
    await waitUntil(() => chartTopicsOnServer() === 0, 'no chart topic left');
  });
});
