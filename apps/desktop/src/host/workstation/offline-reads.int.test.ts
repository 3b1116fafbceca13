import * as serverSupport from '@hms/server/test-support';
import { addDoctorToDepartment, createTestUser, insertTestDepartment, insertTestPatient, insertTestVisit } from '@hms/server/test-support';
import type { TestDatabase, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';

// Chart reads answered from the workstation's kept copy while the LAN is down reach the audit
// log in PostgreSQL when it is back: logged on disk as they are shown (a restart keeps them),
// sent as the reader's once the reader is online, recorded once each, marked offline with the
// desk's time.

let stack: DeskStack<TestDatabase, TestServer>;
let host: Host;
let doctor: TestUser;
let patient: { id: string; visitId: string; department: string };

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'offline-reads' });
  const { db } = stack.database;
  const opd = await insertTestDepartment(db, undefined, 'Outpatients');
  doctor = await createTestUser(db, 'dr.wanjiru', ['doctor']);
  await addDoctorToDepartment(db, doctor.id, opd.id);
  const amina = await insertTestPatient(db, { givenName: 'Amina', familyName: 'Yusuf', birthDate: '1990-04-12' });
  const visit = await insertTestVisit(db, { patientId: amina.id, departmentId: opd.id, queuedAt: new Date(Date.now() - 10 * 60_000) });
  patient = { id: amina.id, visitId: visit.id, department: opd.code };
  host = await stack.openHost({ workstationId: 'ward-3', user: doctor });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const offlineRows = () => stack.database.db('audit_log').where({ entity_type: 'patient', entity_id: patient.id }).whereRaw("details->>'offline' = 'true'").orderBy('seq');

describe('Offline chart reads on record', () => {
  it('logs the reads the doctor and the triage desk answer from the kept copy offline, keeps them over a restart, and records them in PostgreSQL once back', async () => {
    const { handlers } = host;
    // Online: read from the server (on record as usual) and kept.
    expect(await handlers['doctor.chart']({ patientId: patient.id, refresh: true })).toMatchObject({ source: 'server' });
    await handlers['nurse.triageList']({ departments: [patient.department] });
    expect(await handlers['nurse.patient']({ visitId: patient.visitId })).toMatchObject({ source: 'server' });
    await handlers['nurse.leavePatient']({ patientId: patient.id });
    expect(host.offlineReads.entries()).toEqual([]);

    await stack.cut(host);
    const before = Date.now();
    expect(await handlers['doctor.chart']({ patientId: patient.id, refresh: false })).toMatchObject({ source: 'cache' });
    expect(await handlers['nurse.patient']({ visitId: patient.visitId })).toMatchObject({ source: 'cache' });
    expect(host.offlineReads.entries()).toMatchObject([
      { patientId: patient.id, userId: doctor.id, action: 'charts.get', refused: null },
      { patientId: patient.id, userId: doctor.id, action: 'charts.get', refused: null },
    ]);
    const logged = host.offlineReads.entries();
    // The outbox screen says they wait to be recorded.
    expect((await host.handlers['outbox.list']({})).offlineReads).toEqual({ waiting: 2, unrecorded: [] });

    // The app is closed and opened again while the LAN is still down: the log is on disk.
    await host.stop();
    host = await stack.openHost({ workstationId: 'ward-3' });
    expect(host.offlineReads.entries()).toEqual(logged);
    expect(await offlineRows()).toHaveLength(0);

    stack.proxy.restore();
    await waitUntil(() => host.status().connection.state === 'connected', 'connected');
    await host.handlers['session.signIn']({ username: doctor.username, password: doctor.password });
    await waitUntil(() => host.offlineReads.entries().length === 0, 'the log sent');
    expect((await host.handlers['outbox.list']({})).offlineReads).toEqual({ waiting: 0, unrecorded: [] });
    const rows = await offlineRows();
    expect(rows).toMatchObject(logged.map((entry) => ({
      action: 'charts.get', actor_id: doctor.id, workstation_id: 'ward-3', details: { offline: true, readId: entry.id, readAt: entry.at },
    })));
    for (const row of rows) expect(Date.parse((row.details as { readAt: string }).readAt)).toBeGreaterThanOrEqual(before);

    // Online, a chart answered from the copy kept current by its events is not an offline read.
    await host.handlers['doctor.chart']({ patientId: patient.id, refresh: false });
    expect(host.offlineReads.entries()).toEqual([]);
  });
});
