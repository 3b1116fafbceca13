import { chartTopic } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

let nurse: TestClient;
let doctor: TestClient;
let pharmacist: TestClient;
const stack = useTestStack({
  setup: async () => {
    nurse = await stack.signedIn(['nurse']);
    doctor = await stack.signedIn(['doctor']);
    pharmacist = await stack.signedIn(['pharmacist']);
  },
});

const penicillins = { kind: 'drugClass' as const, code: 'penicillins', text: 'Penicillins' };

describe('allergies', () => {
  it('tells "not recorded" from "no known allergies" from allergies, and keeps every revision', async () => {
    const patient = await insertTestPatient(stack.db);
    expect((await pharmacist.call('allergies.list', { patientId: patient.id })).allergies).toEqual({ status: 'not_recorded', items: [], noneKnown: null });
    expect((await nurse.call('allergies.noneKnown', { patientId: patient.id })).allergies).toMatchObject({ status: 'none_known', items: [], noneKnown: { recordedAt: expect.any(String) } });

    const recorded = await nurse.call('allergies.record', { patientId: patient.id, substance: penicillins, reaction: 'Hives', severity: 'moderate', status: 'active' });
    expect(recorded.allergy).toMatchObject({ revision: 1, substance: { kind: 'drugClass', code: 'penicillins', text: 'Penicillins' }, reaction: 'Hives', status: 'active' });
    expect(recorded.allergies.status).toBe('allergies');
    expect(await nurse.callError('allergies.noneKnown', { patientId: patient.id })).toMatchObject({ code: 'CONFLICT', details: { reason: 'active_allergies', allergyIds: [recorded.allergy.id] } });
    expect(await doctor.callError('allergies.record', { patientId: patient.id, substance: { kind: 'drugClass', code: 'penicillins', text: 'penicillin group' }, severity: 'severe', status: 'active' })).toMatchObject({
      code: 'CONFLICT', details: { reason: 'already_recorded', allergyId: recorded.allergy.id },
    });

    const refuted = await doctor.call('allergies.record', {
      patientId: patient.id, allergyId: recorded.allergy.id, substance: penicillins, reaction: 'Hives', severity: 'moderate', status: 'refuted', note: 'Tolerated a full amoxicillin course in 2025',
    });
    expect(refuted.allergy).toMatchObject({ id: recorded.allergy.id, revision: 2, status: 'refuted' });
    // The statement came before the allergy was recorded: a refuted one does not make it true again.
    expect(refuted.allergies.status).toBe('not_recorded');
    const audit = await stack.db('audit_log').where({ action: 'allergies.record', entity_id: patient.id }).orderBy('seq', 'desc').first();
    expect(audit).toMatchObject({ before: { revision: 1, status: 'active' }, after: { revision: 2, status: 'refuted' } });

    const listed = await pharmacist.call('allergies.list', { patientId: patient.id, includeHistory: true });
    expect(listed.history!.map((entry) => [entry.revision, entry.status])).toEqual([[2, 'refuted'], [1, 'active']]);
    expect((await nurse.call('allergies.noneKnown', { patientId: patient.id })).allergies.status).toBe('none_known');
    const events = await stack.db('events').where({ name: 'allergies.changed', topic: chartTopic(patient.id) }).orderBy('seq').select('data');
    expect(events.map((row) => row.data.status)).toEqual(['none_known', 'allergies', 'not_recorded', 'none_known']);
    expect(await stack.db('audit_log').where({ action: 'allergies.list', entity_id: patient.id }).count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('matches a substance without a code by its words, whatever their case; food and other substances too', async () => {
    const patient = await insertTestPatient(stack.db);
    await nurse.call('allergies.record', { patientId: patient.id, substance: { kind: 'food', text: 'Groundnuts' }, reaction: 'Anaphylaxis', severity: 'life-threatening', status: 'active' });
    expect((await nurse.callError('allergies.record', { patientId: patient.id, substance: { kind: 'food', text: 'groundnuts' }, severity: 'mild', status: 'active' })).code).toBe('CONFLICT');
    const latex = await nurse.call('allergies.record', { patientId: patient.id, substance: { kind: 'other', text: 'Latex' }, severity: 'mild', status: 'inactive' });
    expect(latex.allergies.items.map((allergy) => [allergy.substance.text, allergy.status])).toEqual([['Groundnuts', 'active'], ['Latex', 'inactive']]);
  });

  it('records one allergy when several desks record the same substance at once', async () => {
    const patient = await insertTestPatient(stack.db);
    const desks = await Promise.all(Array.from({ length: 6 }, () => stack.resumed(['nurse'])));
    const outcomes = await Promise.allSettled(desks.map((desk) => desk.call('allergies.record', { patientId: patient.id, substance: penicillins, severity: 'severe', status: 'active' })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome as PromiseRejectedResult).reason.code)).toEqual(Array(5).fill('CONFLICT'));
    expect(await stack.db('allergy_entries').where({ patient_id: patient.id }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('revises only an allergy of the same patient', async () => {
    const patient = await insertTestPatient(stack.db);
    const other = await insertTestPatient(stack.db);
    const { allergy } = await nurse.call('allergies.record', { patientId: patient.id, substance: penicillins, severity: 'mild', status: 'active' });
    expect((await nurse.callError('allergies.record', { patientId: other.id, allergyId: allergy.id, substance: penicillins, severity: 'mild', status: 'inactive' })).code).toBe('NOT_FOUND');
  });
});
