import { chartTopic } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { ensureTestIcd10Release, insertConsultation, insertTestEncounter } from '../test-support/clinical-cases.js';
import { insertTestDepartment, insertTestVisit } from '../test-support/front-desk.js';
import { createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let doctorUser: TestUser;
let doctor: TestClient;
let otherDoctor: TestClient;
let nurse: TestClient;
const stack = useTestStack({
  setup: async () => {
    await ensureTestIcd10Release(stack.db);
    doctorUser = await createTestUser(stack.db, 'enc.doctor', ['doctor']);
    doctor = await stack.signedIn(doctorUser);
    otherDoctor = await stack.signedIn(['doctor']);
    nurse = await stack.signedIn(['nurse']);
  },
});

const at = (iso: string) => new Date(iso).toISOString();

describe('encounters.start', () => {
  it('needs the patient called in by this doctor, and answers the same encounter when started again', async () => {
    const department = await insertTestDepartment(stack.db);
    const patient = await insertTestPatient(stack.db);
    const waiting = await insertTestVisit(stack.db, { patientId: patient.id, departmentId: department.id });
    expect(await doctor.callError('encounters.start', { visitId: waiting.id })).toMatchObject({ code: 'CONFLICT', details: { reason: 'not_called' } });

    const consultation = await insertConsultation(stack.db, doctorUser.id);
    expect(await otherDoctor.callError('encounters.start', { visitId: consultation.visitId })).toMatchObject({ code: 'CONFLICT', details: { reason: 'called_by_other' } });
    const { encounter } = await doctor.call('encounters.start', { visitId: consultation.visitId });
    expect(encounter).toMatchObject({
      visitId: consultation.visitId, patientId: consultation.patientId, doctorId: doctorUser.id, doctorName: 'Test enc.doctor', status: 'open', signedAt: null,
      note: { sections: {}, version: 0, typedAt: null }, diagnoses: [], addenda: [],
    });
    const again = await doctor.call('encounters.start', { visitId: consultation.visitId });
    expect(again.encounter.id).toBe(encounter.id);
    expect(await stack.db('encounters').where({ visit_id: consultation.visitId }).count({ n: '*' })).toEqual([{ n: 1 }]);
    const events = await stack.db('events').where({ name: 'encounters.changed', topic: chartTopic(consultation.patientId) }).select('data');
    expect(events.map((row) => row.data)).toEqual([expect.objectContaining({ encounterId: encounter.id, change: 'started', status: 'open' })]);

    await stack.db('visits').where({ id: waiting.id }).update({ status: 'cancelled', ended_at: new Date() });
    expect(await doctor.callError('encounters.start', { visitId: waiting.id })).toMatchObject({ code: 'CONFLICT', details: { reason: 'visit_ended' } });
    expect((await doctor.callError('encounters.start', { visitId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });
});

describe('notes.save', () => {
  it('replaces the draft with each newer save; an older one (a late replay) is not applied and changes nothing', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const first = await doctor.call('notes.save', { encounterId: encounter.id, sections: { complaint: 'Cough' }, typedAt: at('2026-01-01T08:00:01Z') });
    expect(first).toMatchObject({ applied: true, note: { sections: { complaint: 'Cough' }, version: 1 } });
    const second = await doctor.call('notes.save', {
      encounterId: encounter.id, sections: { complaint: 'Cough for three days', examination: 'Crackles at the right base' }, typedAt: at('2026-01-01T08:00:05Z'),
    });
    expect(second).toMatchObject({ applied: true, note: { version: 2, typedAt: at('2026-01-01T08:00:05Z') } });
    const late = await doctor.call('notes.save', { encounterId: encounter.id, sections: { complaint: 'Cou' }, typedAt: at('2026-01-01T08:00:03Z') });
    expect(late).toEqual({ applied: false, note: second.note });
    expect((await doctor.call('encounters.get', { encounterId: encounter.id })).encounter.note.sections).toEqual({
      complaint: 'Cough for three days', examination: 'Crackles at the right base',
    });
    // The draft's text stays out of the audit log (every save is audited, the signed note whole).
    const audits = await stack.db('audit_log').where({ action: 'notes.save', entity_id: encounter.id }).select('details', 'after');
    expect(audits).toHaveLength(3);
    expect(JSON.stringify(audits)).not.toContain('Crackles');
  });

  it('keeps the newest of many saves sent at once from several desks, whatever order they land in', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const desks = await Promise.all(Array.from({ length: 6 }, () => stack.resumed(doctorUser)));
    const saves = Array.from({ length: 24 }, (_, i) => ({ text: `Draft ${i}`, typedAt: new Date(Date.UTC(2026, 0, 1, 9, 0, i)).toISOString() }));
    const shuffled = [...saves].sort(() => Math.random() - 0.5);
    await Promise.all(shuffled.map((save, i) => desks[i % desks.length]!.call('notes.save', { encounterId: encounter.id, sections: { history: save.text }, typedAt: save.typedAt })));
    const stored = await stack.db('encounter_notes').where({ encounter_id: encounter.id }).first();
    expect(stored.sections).toEqual({ history: 'Draft 23' });
    expect(stored.typed_at.toISOString()).toBe(saves[23]!.typedAt);
  });

  it('is the encounter doctor\'s alone, refuses a time in the future, and nothing once signed', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const save = { encounterId: encounter.id, sections: { plan: 'Amoxicillin' }, typedAt: new Date().toISOString() };
    expect(await otherDoctor.callError('notes.save', save)).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_your_encounter' } });
    expect(await doctor.callError('notes.save', { ...save, typedAt: new Date(Date.now() + 3_600_000).toISOString() })).toMatchObject({ code: 'VALIDATION', details: { fields: { typedAt: 'is in the future' } } });
    expect((await nurse.callError('notes.save', save)).code).toBe('FORBIDDEN');
    await doctor.call('encounters.sign', { encounterId: encounter.id });
    expect(await doctor.callError('notes.save', save)).toMatchObject({ code: 'CONFLICT', details: { reason: 'encounter_signed' } });
    expect(await stack.db('encounter_notes').where({ encounter_id: encounter.id }).first()).toBeUndefined();
  });
});

describe('encounters.sign and addenda', () => {
  it('locks the encounter, audits what was signed, and takes later words as addenda', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    await doctor.call('notes.save', { encounterId: encounter.id, sections: { assessment: 'Community-acquired pneumonia' }, typedAt: new Date().toISOString() });
    expect(await doctor.callError('encounters.addendum', { encounterId: encounter.id, text: 'Too early' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'encounter_open' } });
    expect(await otherDoctor.callError('encounters.sign', { encounterId: encounter.id })).toMatchObject({ code: 'FORBIDDEN' });

    const { encounter: signed } = await doctor.call('encounters.sign', { encounterId: encounter.id });
    expect(signed).toMatchObject({ status: 'signed', signedAt: expect.any(String), note: { sections: { assessment: 'Community-acquired pneumonia' } } });
    const audit = await stack.db('audit_log').where({ action: 'encounters.sign', entity_id: encounter.id }).first();
    expect(audit.after).toMatchObject({ status: 'signed', note: { assessment: 'Community-acquired pneumonia' } });
    expect(await doctor.callError('encounters.sign', { encounterId: encounter.id })).toMatchObject({ code: 'CONFLICT', details: { reason: 'encounter_signed' } });

    // Any doctor may add to a signed record; each addendum is a row of its own.
    await doctor.call('encounters.addendum', { encounterId: encounter.id, text: 'Chest X-ray confirms right lower lobe consolidation.' });
    const { encounter: withAddenda } = await otherDoctor.call('encounters.addendum', { encounterId: encounter.id, text: 'Seen in review clinic.' });
    expect(withAddenda.addenda.map((addendum) => addendum.text)).toEqual(['Chest X-ray confirms right lower lobe consolidation.', 'Seen in review clinic.']);
    expect(withAddenda.note.sections).toEqual({ assessment: 'Community-acquired pneumonia' });
    const changes = await stack.db('events').where({ name: 'encounters.changed', topic: chartTopic(encounter.patientId) }).select('data');
    expect(changes.map((row) => row.data.change)).toEqual(['signed', 'addendum', 'addendum']);
  });

  it('encounters.get is an audited read of the patient, for doctors and nurses', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const read = await nurse.call('encounters.get', { encounterId: encounter.id });
    expect(read.encounter.id).toBe(encounter.id);
    const audit = await stack.db('audit_log').where({ action: 'encounters.get', entity_type: 'patient', entity_id: encounter.patientId }).first();
    expect(audit.details).toEqual({ encounterId: encounter.id });
  });
});

describe('diagnoses.add and the problem list', () => {
  it('codes billable codes of the active release, primary first, and feeds confirmed ones to the problem list', async () => {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const added = await doctor.call('diagnoses.add', { encounterId: encounter.id, code: 'j18.9', certainty: 'confirmed' });
    expect(added.diagnosis).toMatchObject({ code: 'J18.9', description: 'Pneumonia, unspecified organism', rank: 'primary', certainty: 'confirmed' });
    expect(added.problem).toMatchObject({ code: 'J18.9', status: 'active', certainty: 'confirmed', firstEncounterId: encounter.id, version: 1 });
    expect(added.diagnosis.problemId).toBe(added.problem!.id);

    const provisional = await doctor.call('diagnoses.add', { encounterId: encounter.id, code: 'B54', certainty: 'provisional' });
    expect(provisional).toMatchObject({ diagnosis: { code: 'B54', rank: 'secondary', problemId: null }, problem: null });

    expect(await doctor.callError('diagnoses.add', { encounterId: encounter.id, code: 'J189', certainty: 'confirmed' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_coded' } });
    expect(await doctor.callError('diagnoses.add', { encounterId: encounter.id, code: 'I10', certainty: 'confirmed', rank: 'primary' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'primary_exists' } });
    expect(await doctor.callError('diagnoses.add', { encounterId: encounter.id, code: 'J18', certainty: 'confirmed' })).toMatchObject({
      code: 'VALIDATION', details: { fields: { code: 'J18 is a category heading: choose one of the codes under it' } },
    });
    expect(await doctor.callError('diagnoses.add', { encounterId: encounter.id, code: 'J18.7', certainty: 'confirmed' })).toMatchObject({
      code: 'VALIDATION', details: { fields: { code: 'J18.7 is not in Test ICD-10-CM list' } },
    });
    expect((await doctor.callError('diagnoses.add', { encounterId: encounter.id, code: 'flu', certainty: 'confirmed' })).code).toBe('VALIDATION');
    expect(await otherDoctor.callError('diagnoses.add', { encounterId: encounter.id, code: 'I10', certainty: 'confirmed' })).toMatchObject({ code: 'FORBIDDEN' });

    const { encounter: read } = await doctor.call('encounters.get', { encounterId: encounter.id });
    expect(read.diagnoses.map((diagnosis) => [diagnosis.code, diagnosis.rank])).toEqual([['J18.9', 'primary'], ['B54', 'secondary']]);
    await doctor.call('encounters.sign', { encounterId: encounter.id });
    expect(await doctor.callError('diagnoses.add', { encounterId: encounter.id, code: 'I10', certainty: 'confirmed' })).toMatchObject({ code: 'CONFLICT', details: { reason: 'encounter_signed' } });
  });

  it('refreshes the active entry when the code is diagnosed again, and opens a new one after it was resolved', async () => {
    const first = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    const { problem } = await doctor.call('diagnoses.add', { encounterId: first.id, code: 'I10', certainty: 'confirmed' });
    // A later visit of the same patient.
    const department = await insertTestDepartment(stack.db);
    const visit = await insertTestVisit(stack.db, { patientId: first.patientId, departmentId: department.id, status: 'in_consultation', servedBy: doctorUser.id });
    const { encounter: second } = await doctor.call('encounters.start', { visitId: visit.id });
    const again = await doctor.call('diagnoses.add', { encounterId: second.id, code: 'I10', certainty: 'confirmed' });
    expect(again.problem).toMatchObject({ id: problem!.id, version: 2, status: 'active' });
    expect((await doctor.call('problems.list', { patientId: first.patientId })).items.map((item) => item.id)).toEqual([problem!.id]);

    const { problem: resolved } = await doctor.call('problems.resolve', { problemId: problem!.id, note: 'Controlled off medication' });
    expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: 'Controlled off medication', resolvedByName: 'Test enc.doctor' });
    expect(await doctor.callError('problems.resolve', { problemId: problem!.id })).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_resolved' } });
    const resolveAudit = await stack.db('audit_log').where({ action: 'problems.resolve', entity_id: problem!.id }).first();
    expect(resolveAudit).toMatchObject({ before: { status: 'active' }, after: { status: 'resolved' } });

    const third = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    await stack.db('encounters').where({ id: third.id }).update({ patient_id: first.patientId });
    const recurred = await doctor.call('diagnoses.add', { encounterId: third.id, code: 'I10', certainty: 'confirmed' });
    expect(recurred.problem!.id).not.toBe(problem!.id);
    const list = await nurse.call('problems.list', { patientId: first.patientId });
    expect(list.items.map((item) => [item.id, item.status])).toEqual([[recurred.problem!.id, 'active'], [problem!.id, 'resolved']]);
    expect((await nurse.call('problems.list', { patientId: first.patientId, status: 'resolved' })).items.map((item) => item.id)).toEqual([problem!.id]);
    expect(await stack.db('audit_log').where({ action: 'problems.list', entity_id: first.patientId }).count({ n: '*' })).toEqual([{ n: 3 }]);
  });
});
