import { chartTopic } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { ensureTestIcd10Release, insertConsultation } from '../test-support/clinical-cases.js';
import { createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let doctorUser: TestUser;
let doctor: TestClient;
let nurse: TestClient;
let pharmacist: TestClient;
const stack = useTestStack({
  setup: async () => {
    await ensureTestIcd10Release(stack.db);
    doctorUser = await createTestUser(stack.db, 'chart.doctor', ['doctor']);
    doctor = await stack.signedIn(doctorUser);
    nurse = await stack.signedIn(['nurse']);
    pharmacist = await stack.signedIn(['pharmacist']);
  },
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('charts.get', () => {
  it('says what is not recorded yet; medications and results are recorded on this server, none yet', async () => {
    const patient = await insertTestPatient(stack.db, { givenName: 'Amina', familyName: 'Otieno', sex: 'F', birthDate: '1990-04-02' });
    const { chart, requestedId } = await pharmacist.call('charts.get', { patientId: patient.id });
    expect(requestedId).toBe(patient.id);
    expect(chart).toMatchObject({
      patient: { id: patient.id, mrn: patient.mrn, name: 'Amina Otieno', sex: 'F', birthDate: '1990-04-02', birthDateEstimated: false },
      allergies: { status: 'not_recorded', items: [], noneKnown: null },
      problems: [],
      recentEncounters: [],
      encounterCount: 0,
      medications: { available: true, items: [] },
      results: { available: true, items: [] },
    });
    expect(Object.values(chart.latestVitals).every((value) => value === null)).toBe(true);
  });

  it('shows what the nurse and the doctor recorded: allergies, latest vitals, problems, the encounter', async () => {
    const consultation = await insertConsultation(stack.db, doctorUser.id);
    const patientId = consultation.patientId;
    await nurse.call('allergies.record', { patientId, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: 'Rash', severity: 'moderate', status: 'active' });
    await nurse.call('vitals.record', { patientId, visitId: consultation.visitId, takenAt: minutesAgo(20), temperatureC: 38.6, pulseBpm: 110, weightKg: 64, heightCm: 165 });
    await nurse.call('vitals.record', { patientId, visitId: consultation.visitId, takenAt: minutesAgo(5), temperatureC: 38.1, spo2Percent: 93 });
    const { encounter } = await doctor.call('encounters.start', { visitId: consultation.visitId });
    await doctor.call('notes.save', { encounterId: encounter.id, sections: { complaint: 'Cough and fever for four days' }, typedAt: new Date().toISOString() });
    await doctor.call('diagnoses.add', { encounterId: encounter.id, code: 'J18.9', certainty: 'confirmed' });
    await doctor.call('encounters.sign', { encounterId: encounter.id });

    const { chart } = await doctor.call('charts.get', { patientId });
    expect(chart.allergies).toMatchObject({ status: 'allergies', items: [{ substance: { text: 'Penicillins' }, status: 'active' }] });
    expect(chart.latestVitals).toMatchObject({
      temperatureC: { value: 38.1 }, spo2Percent: { value: 93 }, pulseBpm: { value: 110 }, weightKg: { value: 64 }, heightCm: { value: 165 }, bmi: 23.5, respiratoryRate: null,
    });
    expect(chart.problems.map((problem) => [problem.code, problem.status])).toEqual([['J18.9', 'active']]);
    expect(chart.encounterCount).toBe(1);
    expect(chart.recentEncounters).toEqual([expect.objectContaining({
      id: encounter.id, status: 'signed', doctorName: 'Test chart.doctor', diagnosis: { code: 'J18.9', description: 'Pneumonia, unspecified organism' }, complaint: 'Cough and fever for four days',
    })]);
  });

  it('audits every read with who read it, and a merged record\'s id answers its survivor', async () => {
    const survivor = await insertTestPatient(stack.db);
    const merged = await insertTestPatient(stack.db);
    await stack.db('patients').where({ id: merged.id }).update({ merged_into: survivor.id });
    const { chart, requestedId } = await nurse.call('charts.get', { patientId: merged.id });
    expect(chart.patient.id).toBe(survivor.id);
    expect(requestedId).toBe(merged.id);
    await doctor.call('charts.get', { patientId: survivor.id });
    const audits = await stack.db('audit_log').where({ action: 'charts.get', entity_type: 'patient', entity_id: survivor.id }).orderBy('seq').select('actor_username', 'details');
    expect(audits).toEqual([{ actor_username: expect.stringMatching(/^nurse\./), details: { requestedId: merged.id } }, { actor_username: 'chart.doctor', details: null }]);
    expect((await doctor.callError('charts.get', { patientId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('is no one else\'s to read: receptionists, cashiers and the other non-clinical roles are refused, and nothing is audited for them', async () => {
    const patient = await insertTestPatient(stack.db);
    for (const role of ['receptionist', 'cashier', 'lab_technician', 'radiologist', 'admin'] as const) {
      const client = await stack.resumed([role]);
      for (const method of ['charts.get', 'allergies.list', 'vitals.history', 'problems.list'] as const) {
        expect((await client.callError(method, { patientId: patient.id })).code, `${role} ${method}`).toBe('FORBIDDEN');
      }
    }
    expect(await stack.db('audit_log').where({ entity_id: patient.id }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('keeps a merge of two records with vitals and the same problem working, and the survivor\'s chart shows both', async () => {
    const first = await insertConsultation(stack.db, doctorUser.id);
    const second = await insertConsultation(stack.db, doctorUser.id);
    for (const [consultation, minutes, weight] of [[first, 30, 80], [second, 10, 81]] as const) {
      await nurse.call('vitals.record', { patientId: consultation.patientId, takenAt: minutesAgo(minutes), weightKg: weight, pulseBpm: 70 + minutes });
      const { encounter } = await doctor.call('encounters.start', { visitId: consultation.visitId });
      await doctor.call('diagnoses.add', { encounterId: encounter.id, code: 'I10', certainty: 'confirmed' });
    }
    await stack.db('visits').whereIn('id', [first.visitId, second.visitId]).update({ status: 'completed', ended_at: new Date() });
    const admin = await stack.resumed(['admin']);
    await admin.call('patients.merge', { survivorId: first.patientId, mergedId: second.patientId });
    const { chart } = await doctor.call('charts.get', { patientId: first.patientId });
    expect(chart.latestVitals).toMatchObject({ weightKg: { value: 81 }, pulseBpm: { value: 80 } });
    expect(chart.encounterCount).toBe(2);
    expect(chart.problems.map((problem) => problem.code)).toEqual(['I10', 'I10']);
  });
});

describe('charts.watch', () => {
  it('delivers the patient\'s chart events to a watching desk as they happen, and audits the watch', async () => {
    const consultation = await insertConsultation(stack.db, doctorUser.id);
    const desk = await stack.resumed(doctorUser);
    expect(await desk.call('charts.watch', { patientId: consultation.patientId })).toEqual({ topic: chartTopic(consultation.patientId), patientId: consultation.patientId });
    const { vitals } = await nurse.call('vitals.record', { patientId: consultation.patientId, takenAt: minutesAgo(1), temperatureC: 37 });
    const recorded = await desk.waitForEvent((event) => event.event === 'vitals.recorded');
    expect(recorded.data).toMatchObject({ patientId: consultation.patientId, vitalsId: vitals.id });
    await nurse.call('allergies.noneKnown', { patientId: consultation.patientId });
    const allergies = await desk.waitForEvent((event) => event.event === 'allergies.changed');
    expect(allergies.data).toMatchObject({ status: 'none_known', allergyId: null });
    const { encounter } = await doctor.call('encounters.start', { visitId: consultation.visitId });
    const started = await desk.waitForEvent((event) => event.event === 'encounters.changed');
    expect(started.data).toMatchObject({ encounterId: encounter.id, change: 'started' });
    // A confirmed diagnosis is two events: the diagnosis, and the problem list entry it opens; resolving it is a third.
    const { diagnosis } = await doctor.call('diagnoses.add', { encounterId: encounter.id, code: 'I10', certainty: 'confirmed' });
    const added = await desk.waitForEvent((event) => event.event === 'diagnoses.added');
    expect(added.data).toMatchObject({ patientId: consultation.patientId, encounterId: encounter.id, diagnosisId: diagnosis.id });
    const opened = await desk.waitForEvent((event) => event.event === 'problems.changed');
    expect(opened.data).toMatchObject({ patientId: consultation.patientId, status: 'active' });
    const problemId = (opened.data as { problemId: string }).problemId;
    await doctor.call('problems.resolve', { problemId });
    const resolved = await desk.waitForEvent((event) => event.event === 'problems.changed' && (event.data as { status: string }).status === 'resolved');
    expect(resolved.data).toMatchObject({ problemId });
    await doctor.call('encounters.sign', { encounterId: encounter.id });
    await desk.waitForEvent((event) => event.event === 'encounters.changed' && (event.data as { change: string }).change === 'signed');
    await doctor.call('encounters.addendum', { encounterId: encounter.id, text: 'Seen again: better.' });
    await desk.waitForEvent((event) => event.event === 'encounters.changed' && (event.data as { change: string }).change === 'addendum');
    // Ids, never clinical text: no event carries the addendum's words or the diagnosis's description.
    expect(JSON.stringify(desk.events)).not.toMatch(/Seen again|hypertension/i);
    expect(await stack.db('audit_log').where({ action: 'charts.watch', entity_id: consultation.patientId }).count({ n: '*' })).toEqual([{ n: 1 }]);

    await desk.call('charts.unwatch', { patientId: consultation.patientId });
    const other = await stack.resumed(doctorUser);
    await other.call('charts.watch', { patientId: consultation.patientId });
    await nurse.call('vitals.record', { patientId: consultation.patientId, takenAt: minutesAgo(1), temperatureC: 37.2 });
    // The desk still watching gets it; the one that stopped does not (its last vitals event is the first one).
    await other.waitForEvent((event) => event.event === 'vitals.recorded');
    expect(desk.events.filter((event) => event.event === 'vitals.recorded')).toHaveLength(1);
  });
});
