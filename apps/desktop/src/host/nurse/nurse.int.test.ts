import { vitalsProblems } from '@hms/core';
import * as serverSupport from '@hms/server/test-support';
import { TestClient, createTestUser, insertTestDepartment, insertTestPatient, insertTestVisit } from '@hms/server/test-support';
import type { TcpProxy, TestDatabase, TestDepartment, TestServer, TestUser } from '@hms/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NurseChange, TriageListView } from '../../shared/nurse/triage.js';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';
import { waitUntil } from '../test-support/wait.js';
import type { NurseDesk } from './nurse.js';

// The nurse desk's host against the real server on real PostgreSQL: the triage list live from
// the queue, the form's chart copy, and the desk's writes online, then cut off (a TCP relay the
// test cuts) and replayed in order; every record is checked in the database.

let stack: DeskStack<TestDatabase, TestServer>;
let database: TestDatabase;
let server: TestServer;
let proxy: Pick<TcpProxy, 'cut' | 'restore'>;
let nurse: TestUser;
let reception: TestUser;
let doctor: TestUser;
let opd: TestDepartment;
let dental: TestDepartment;
let host: Host;
const lists: TriageListView[] = [];
const changes: NurseChange[] = [];
const patients: Record<'amina' | 'baraka' | 'chausiku', { id: string; mrn: string; visitId: string }> = {} as never;

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'nurse' });
  ({ database, server, proxy } = stack);
  opd = await insertTestDepartment(database.db, undefined, 'Outpatients');
  dental = await insertTestDepartment(database.db, undefined, 'Dental');
  nurse = await createTestUser(database.db, 'nina.nurse', ['nurse']);
  reception = await createTestUser(database.db, 'rita.reception', ['receptionist']);
  doctor = await createTestUser(database.db, 'dr.otieno', ['doctor']);
  const started = Date.now() - 30 * 60_000;
  for (const [index, [key, givenName, familyName]] of ([['amina', 'Amina', 'Yusuf'], ['baraka', 'Baraka', 'Otieno'], ['chausiku', 'Chausiku', 'Mrema']] as const).entries()) {
    const patient = await insertTestPatient(database.db, { givenName, familyName, birthDate: '1990-04-12' });
    const department = key === 'chausiku' ? dental : opd;
    const visit = await insertTestVisit(database.db, { patientId: patient.id, departmentId: department.id, queuedAt: new Date(started + index * 60_000) });
    patients[key] = { id: patient.id, mrn: patient.mrn, visitId: visit.id };
  }
  host = await stack.openHost({
    workstationId: 'triage-1',
    user: nurse,
    onEvent: (event) => {
      if (event.event === 'nurse.triage') lists.push(event.data);
      if (event.event === 'nurse.changed') changes.push(event.data);
    },
  });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const desk = () => host.desks.nurse as NurseDesk;
const latest = () => lists.at(-1);
const order = (list: TriageListView | undefined) => list?.entries.map((entry) => entry.patient?.name) ?? [];
const takenAt = (minutesAgo = 0) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

async function count(table: string, where: Record<string, unknown>): Promise<number> {
  const rows = await database.db(table).where(where).count<{ count: string }[]>('* as count');
  return Number(rows[0]?.count);
}

describe('Nurse host, online', () => {
  it('lists the waiting patients of its departments live, reads their charts ahead, and records vitals, allergies and priority', async () => {
    const { handlers } = host;
    const list = await handlers['nurse.triageList']({ departments: [opd.code] });
    expect(list).toMatchObject({ live: true, departments: [{ department: opd.code, departmentName: 'Outpatients', live: true, waitingCount: 2 }] });
    expect(order(list)).toEqual(['Amina Yusuf', 'Baraka Otieno']);
    expect(list.entries[0]).toMatchObject({ token: `${opd.code}-001`, priority: 'normal', pendingPriority: null, queued: 0, patient: { mrn: patients.amina.mrn } });
    // Every active department when none is chosen.
    expect(order(await handlers['nurse.triageList']({ departments: [] }))).toEqual(['Amina Yusuf', 'Baraka Otieno', 'Chausiku Mrema']);

    // The charts of those waiting are read ahead for the form offline: the list is on record once
    // with their ids, not as the nurse's read of each chart (no one has opened them yet).
    await waitUntil(() => Object.values(patients).every(({ id }) => desk().charts.get(id) !== undefined), 'the charts read ahead');
    const readAhead = await database.db('audit_log').where({ action: 'charts.readAhead', actor_id: nurse.id }).orderBy('seq');
    expect(readAhead.flatMap((row) => (row.details as { patientIds: string[] }).patientIds).sort()).toEqual(Object.values(patients).map(({ id }) => id).sort());
    expect(readAhead.length).toBeLessThanOrEqual(2);
    expect(readAhead[0]).toMatchObject({ entity_type: 'patient_list', workstation_id: 'triage-1', details: { purpose: 'triage' } });
    expect(await count('audit_log', { action: 'charts.get', entity_id: patients.amina.id, actor_id: nurse.id })).toBe(0);
    expect(desk().formulary.generics().some((generic) => generic.code === 'amoxicillin')).toBe(true);
    expect(await handlers['nurse.substances']({ query: 'penic', limit: 5 })).toContainEqual({ kind: 'drugClass', code: 'penicillins', text: 'Penicillins' });
    expect(await handlers['nurse.substances']({ query: 'amox', limit: 5 })).toContainEqual(expect.objectContaining({ kind: 'drug', code: 'amoxicillin' }));

    // The rules first, with the server's messages, before anything is sent.
    const wrong = { patientId: patients.amina.id, visitId: patients.amina.visitId, takenAt: takenAt(), temperatureC: 73, systolicMmHg: 120 };
    await expect(handlers['nurse.recordVitals'](wrong)).rejects.toMatchObject({
      code: 'VALIDATION', details: { fields: vitalsProblems({ temperatureC: 73, systolicMmHg: 120 }) },
    });
    const vitals = await handlers['nurse.recordVitals']({
      patientId: patients.amina.id, visitId: patients.amina.visitId, takenAt: takenAt(1), temperatureC: 38.4, pulseBpm: 96, systolicMmHg: 128, diastolicMmHg: 84, weightKg: 64, heightCm: 165,
    });
    expect(vitals).toMatchObject({ status: 'applied', result: { vitals: { temperatureC: 38.4, bmi: 23.5, visitId: patients.amina.visitId } } });
    expect(await count('vitals', { patient_id: patients.amina.id })).toBe(1);

    const allergy = await handlers['nurse.recordAllergy']({
      patientId: patients.amina.id, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: 'Hives', severity: 'moderate', status: 'active',
    });
    expect(allergy).toMatchObject({ status: 'applied', result: { allergies: { status: 'allergies' } } });
    // A second allergy to the same substance: refused here, as the server would, nothing sent.
    await expect(handlers['nurse.recordAllergy']({
      patientId: patients.amina.id, substance: { kind: 'drugClass', code: 'penicillins', text: 'penicillin' }, severity: 'severe', status: 'active',
    })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already_recorded', allergyId: allergy.status === 'applied' ? allergy.result.allergy.id : '' } });
    await expect(handlers['nurse.recordNoneKnown']({ patientId: patients.amina.id })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'active_allergies' } });
    expect(await handlers['nurse.recordNoneKnown']({ patientId: patients.chausiku.id })).toMatchObject({ status: 'applied', result: { allergies: { status: 'none_known' } } });

    const form = await handlers['nurse.patient']({ visitId: patients.amina.visitId });
    // Opening the form is the nurse's read of her chart, on record as such.
    expect(await count('audit_log', { action: 'charts.get', entity_id: patients.amina.id, actor_id: nurse.id })).toBe(1);
    expect(form).toMatchObject({
      source: 'server', patient: { name: 'Amina Yusuf', sex: 'F', birthDate: '1990-04-12' }, pending: [],
      allergies: { status: 'allergies', items: [{ substance: { code: 'penicillins' }, reaction: 'Hives' }] },
      latestVitals: { temperatureC: { value: 38.4 }, bmi: 23.5 },
      entry: { token: `${opd.code}-001` },
    });
    expect(latest()?.entries.find((entry) => entry.visitId === patients.amina.visitId)?.vitalsAt).not.toBeNull();
    // The list shows what the desk knows of each patient's allergies.
    expect(latest()?.entries.find((entry) => entry.visitId === patients.amina.visitId)?.allergies).toEqual({ status: 'allergies', active: ['Penicillins'] });
    expect(latest()?.entries.find((entry) => entry.visitId === patients.chausiku.visitId)?.allergies).toEqual({ status: 'none_known', active: [] });
    expect(latest()?.entries.find((entry) => entry.visitId === patients.baraka.visitId)?.allergies).toEqual({ status: 'not_recorded', active: [] });

    // While her form is open, a doctor records an allergy at another desk: the form is told, and reads it.
    const otherDesk = await TestClient.connect(server.wsUrl);
    try {
      await otherDesk.signIn(doctor.username, doctor.password);
      changes.length = 0;
      await otherDesk.call('allergies.record', { patientId: patients.amina.id, substance: { kind: 'food', text: 'Eggs' }, severity: 'mild', status: 'active' });
      await waitUntil(() => changes.some((change) => change.what === 'patient' && change.patientId === patients.amina.id), 'the open form told of the new allergy');
    } finally {
      await otherDesk.close();
    }
    expect((await handlers['nurse.patient']({ visitId: patients.amina.visitId })).allergies?.items.map((item) => item.substance.text).sort()).toEqual(['Eggs', 'Penicillins']);
    // Closed, it is no longer followed: another change tells no one.
    await handlers['nurse.leavePatient']({ patientId: patients.amina.id });
    await handlers['nurse.leavePatient']({ patientId: patients.chausiku.id });
    changes.length = 0;
    const again = await TestClient.connect(server.wsUrl);
    try {
      await again.signIn(doctor.username, doctor.password);
      await again.call('vitals.record', { patientId: patients.amina.id, takenAt: takenAt(), pulseBpm: 70 });
    } finally {
      await again.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(changes).toEqual([]);

    // Triage moves the patient up the queue, on the server and on this list (its event).
    expect(await handlers['nurse.setPriority']({ visitId: patients.baraka.visitId, priority: 'urgent' })).toMatchObject({ status: 'applied', result: { visit: { priority: 'urgent' } } });
    await waitUntil(() => order(latest())[0] === 'Baraka Otieno', 'Baraka first on the list');
    expect(latest()?.entries[0]).toMatchObject({ priority: 'urgent', pendingPriority: null, position: 1 });

    // A visit not on the list (already in consultation): the visit names the patient; vitals are tied to it, no priority offered.
    const dora = await insertTestPatient(database.db, { givenName: 'Dora', familyName: 'Achieng' });
    const called = await insertTestVisit(database.db, { patientId: dora.id, departmentId: opd.id, status: 'in_consultation', servedBy: doctor.id });
    expect(await handlers['nurse.patient']({ visitId: called.id })).toMatchObject({ entry: null, source: 'server', patient: { id: dora.id, name: 'Dora Achieng' } });
    expect(await handlers['nurse.recordVitals']({ patientId: dora.id, visitId: called.id, takenAt: takenAt(), heightCm: 158 })).toMatchObject({ status: 'applied' });
    expect(await database.db('vitals').where({ patient_id: dora.id }).first()).toMatchObject({ visit_id: called.id });
  });
});

describe('Nurse host, offline', () => {
  it('keeps working on the queued patients: vitals, allergies and priority queued in order, shown as queued; on reconnect replayed once each; a refusal waits in the inbox', async () => {
    const { handlers } = host;
    proxy.cut();
    await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    await waitUntil(() => latest()?.live === false, 'the list to say it is not live');

    // The form still opens, from the copy kept here.
    expect(await handlers['nurse.patient']({ visitId: patients.baraka.visitId })).toMatchObject({
      source: 'cache', patient: { name: 'Baraka Otieno' }, allergies: { status: 'not_recorded' }, entry: { token: `${opd.code}-002` },
    });
    // Rules and access are checked offline too.
    await expect(handlers['nurse.recordVitals']({ patientId: patients.baraka.id, visitId: patients.baraka.visitId, takenAt: takenAt(), pulseBpm: 8 })).rejects.toMatchObject({
      code: 'VALIDATION', details: { fields: { pulseBpm: vitalsProblems({ pulseBpm: 8 }).pulseBpm } },
    });

    const vitals = await handlers['nurse.recordVitals']({ patientId: patients.baraka.id, visitId: patients.baraka.visitId, takenAt: takenAt(), pulseBpm: 88, spo2Percent: 97 });
    expect(vitals).toMatchObject({ status: 'queued', pending: { state: 'queued', change: { kind: 'vitals', readings: { pulseBpm: 88, spo2Percent: 97 } } } });
    const allergy = await handlers['nurse.recordAllergy']({
      patientId: patients.baraka.id, substance: { kind: 'drug', code: 'amoxicillin', text: 'amoxicillin' }, reaction: 'Rash', severity: 'mild', status: 'active',
    });
    expect(allergy.status).toBe('queued');
    // What the desk queued counts in its checks: no "no known allergies" beside it, no second one.
    await expect(handlers['nurse.recordNoneKnown']({ patientId: patients.baraka.id })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'active_allergies' } });
    await expect(handlers['nurse.recordAllergy']({
      patientId: patients.baraka.id, substance: { kind: 'drug', code: 'amoxicillin', text: 'Amoxil' }, severity: 'mild', status: 'active',
    })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already_recorded' } });
    // Amina is made an emergency: the list orders by it at once, marked as not sent.
    expect((await handlers['nurse.setPriority']({ visitId: patients.amina.visitId, priority: 'emergency' })).status).toBe('queued');
    expect(latest()?.entries[0]).toMatchObject({ patient: { name: 'Amina Yusuf' }, priority: 'normal', pendingPriority: 'emergency', queued: 1 });
    expect(latest()?.entries.find((entry) => entry.visitId === patients.baraka.visitId)).toMatchObject({ queued: 2 });

    const form = await handlers['nurse.patient']({ visitId: patients.baraka.visitId });
    expect(form.pending.map((write) => write.change.kind)).toEqual(['vitals', 'allergy']);
    expect(form.pending[0]?.label).toBe(`Vitals · Baraka Otieno (${patients.baraka.mrn}), ${opd.code}-002`);
    expect(host.outbox!.pending().map((entry) => entry.method)).toEqual(['vitals.record', 'allergies.record', 'queue.triage']);

    // Meanwhile the reception desk cancels Chausiku's visit; this desk, offline, sets her priority.
    const frontDesk = await TestClient.connect(server.wsUrl);
    try {
      await frontDesk.signIn(reception.username, reception.password);
      await frontDesk.call('visits.cancel', { id: patients.chausiku.visitId, reason: 'Entered in error' });
    } finally {
      await frontDesk.close();
    }
    expect((await handlers['nurse.setPriority']({ visitId: patients.chausiku.visitId, priority: 'urgent' })).status).toBe('queued');

    proxy.restore();
    await waitUntil(() => host.status().outbox.pending === 0 && host.status().outbox.conflicts === 1, 'the outbox to drain', 15_000);
    expect(await database.db('vitals').where({ patient_id: patients.baraka.id }).first()).toMatchObject({ pulse_bpm: 88, visit_id: patients.baraka.visitId });
    expect(await count('allergy_entries', { patient_id: patients.baraka.id, substance_code: 'amoxicillin' })).toBe(1);
    expect(await database.db('visits').where({ id: patients.amina.visitId }).first()).toMatchObject({ priority: 'emergency' });
    // The queue took it: Amina first on the server's board and on this list, live again.
    await waitUntil(() => latest()?.live === true && latest()?.entries[0]?.priority === 'emergency', 'the list live with Amina as an emergency');
    expect(latest()?.entries[0]).toMatchObject({ patient: { name: 'Amina Yusuf' }, pendingPriority: null, queued: 0 });

    const after = await handlers['nurse.patient']({ visitId: patients.baraka.visitId });
    expect(after).toMatchObject({ source: 'server', pending: [], allergies: { status: 'allergies', items: [{ substance: { code: 'amoxicillin' } }] }, latestVitals: { pulseBpm: { value: 88 } } });

    // The refused triage: in the inbox and marked at the desk until a person discards it.
    const [conflict] = (await handlers['outbox.list']({})).conflicts;
    expect(conflict).toMatchObject({ method: 'queue.triage', error: { code: 'CONFLICT' } });
    expect(await handlers['nurse.pending']({})).toMatchObject([{ state: 'refused', visitId: patients.chausiku.visitId, change: { kind: 'priority', priority: 'urgent' } }]);
    await handlers['outbox.resolveConflict']({ id: conflict!.id, resolution: 'The visit was cancelled.' });
    expect(await handlers['nurse.pending']({})).toEqual([]);
  });
});

describe('Nurse host, who may do what', () => {
  it('a doctor records observations and triages at the same desk; a receptionist reads no chart and records nothing, online or offline', async () => {
    const { handlers } = host;
    await handlers['session.signOut']({});
    await handlers['session.signIn']({ username: doctor.username, password: doctor.password });
    expect(await handlers['nurse.recordVitals']({ patientId: patients.amina.id, visitId: patients.amina.visitId, takenAt: takenAt(), respiratoryRate: 18 })).toMatchObject({ status: 'applied' });

    await handlers['session.signOut']({});
    await handlers['session.signIn']({ username: reception.username, password: reception.password });
    await expect(handlers['nurse.patient']({ visitId: patients.baraka.visitId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handlers['nurse.triageList']({ departments: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    proxy.cut();
    await waitUntil(() => host.status().connection.state === 'offline', 'offline');
    await expect(handlers['nurse.recordVitals']({ patientId: patients.baraka.id, takenAt: takenAt(), pulseBpm: 80 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handlers['nurse.recordAllergy']({
      patientId: patients.baraka.id, substance: { kind: 'food', text: 'Peanuts' }, severity: 'severe', status: 'active',
    })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handlers['nurse.setPriority']({ visitId: patients.baraka.visitId, priority: 'urgent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // What this workstation kept of the charts is refused offline too.
    await expect(handlers['nurse.patient']({ visitId: patients.baraka.visitId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(host.status().outbox.pending).toBe(0);
    proxy.restore();
  });
});
