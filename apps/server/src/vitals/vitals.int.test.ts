import { chartTopic } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';

let nurse: TestClient;
let doctor: TestClient;
const stack = useTestStack({
  setup: async () => {
    nurse = await stack.signedIn(['nurse']);
    doctor = await stack.signedIn(await createTestUser(stack.db, 'vitals.doctor', ['doctor']));
  },
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function latest(patientId: string): Promise<Record<string, number>> {
  const rows = await stack.db('vitals_latest').where({ patient_id: patientId }).select('measurement', 'value');
  return Object.fromEntries(rows.map((row: { measurement: string; value: string }) => [row.measurement, Number(row.value)]));
}

describe('vitals.record', () => {
  it('stores every measurement, derives BMI, audits and tells the chart', async () => {
    const patient = await insertTestPatient(stack.db);
    const { vitals } = await nurse.call('vitals.record', {
      patientId: patient.id, takenAt: minutesAgo(5), temperatureC: 38.4, pulseBpm: 104, respiratoryRate: 22, systolicMmHg: 118, diastolicMmHg: 76,
      spo2Percent: 95, weightKg: 72.5, heightCm: 170, painScore: 4, muacCm: 28.5, headCircumferenceCm: 57,
    });
    expect(vitals).toMatchObject({
      patientId: patient.id, temperatureC: 38.4, pulseBpm: 104, respiratoryRate: 22, systolicMmHg: 118, diastolicMmHg: 76, spo2Percent: 95,
      weightKg: 72.5, heightCm: 170, painScore: 4, muacCm: 28.5, headCircumferenceCm: 57, bmi: 25.1, supersedes: null, supersededBy: null,
    });
    const audit = await stack.db('audit_log').where({ action: 'vitals.record', entity_id: patient.id }).first();
    expect(audit.after).toMatchObject({ vitalsId: vitals.id, temperatureC: 38.4, bmi: 25.1 });
    const event = await stack.db('events').where({ name: 'vitals.recorded', topic: chartTopic(patient.id) }).first();
    expect(event.data).toMatchObject({ vitalsId: vitals.id, supersedes: null });
    // Without a height in the record, no BMI of its own.
    expect((await nurse.call('vitals.record', { patientId: patient.id, takenAt: minutesAgo(1), weightKg: 73 })).vitals.bmi).toBeNull();
  });

  it('refuses implausible readings per field, a time in the future and another patient\'s encounter, storing nothing', async () => {
    const patient = await insertTestPatient(stack.db);
    const error = await nurse.callError('vitals.record', { patientId: patient.id, takenAt: minutesAgo(1), temperatureC: 73, pulseBpm: 72.5, systolicMmHg: 80, diastolicMmHg: 120 });
    expect(error).toMatchObject({
      code: 'VALIDATION',
      details: { fields: { temperatureC: '73 °C is outside 25 °C to 45 °C: check the reading', pulseBpm: 'must be a whole number', diastolicMmHg: 'must be below the systolic pressure' } },
    });
    expect(await nurse.callError('vitals.record', { patientId: patient.id, takenAt: minutesAgo(1) })).toMatchObject({ details: { fields: { _: 'record at least one measurement' } } });
    expect(await nurse.callError('vitals.record', { patientId: patient.id, takenAt: minutesAgo(-60), pulseBpm: 80 })).toMatchObject({ details: { fields: { takenAt: 'is in the future' } } });
    const encounter = await insertTestEncounter(stack.db, { doctorId: (await createTestUser(stack.db, 'vitals.other', ['doctor'])).id });
    expect(await doctor.callError('vitals.record', { patientId: patient.id, encounterId: encounter.id, takenAt: minutesAgo(1), pulseBpm: 80 })).toMatchObject({
      details: { fields: { encounterId: 'is not an encounter of this patient' } },
    });
    expect(await stack.db('vitals').where({ patient_id: patient.id }).count({ n: '*' })).toEqual([{ n: 0 }]);
    expect((await nurse.callError('vitals.record', { patientId: '00000000-0000-4000-8000-000000000000', takenAt: minutesAgo(1), pulseBpm: 80 })).code).toBe('NOT_FOUND');
  });

  it('corrects with a new record that supersedes the old one, which stays in the history, marked', async () => {
    const patient = await insertTestPatient(stack.db);
    const { vitals: wrong } = await nurse.call('vitals.record', { patientId: patient.id, takenAt: minutesAgo(30), temperatureC: 39.9, weightKg: 7.2 });
    const { vitals: right } = await nurse.call('vitals.record', {
      patientId: patient.id, takenAt: wrong.takenAt, temperatureC: 36.9, weightKg: 72, supersedes: wrong.id, correctionReason: 'Weight typed without its last digit',
    });
    expect(right).toMatchObject({ supersedes: wrong.id, correctionReason: 'Weight typed without its last digit' });
    expect(await latest(patient.id)).toEqual({ temperatureC: 36.9, weightKg: 72 });
    const current = await nurse.call('vitals.history', { patientId: patient.id });
    expect(current.items.map((item) => item.id)).toEqual([right.id]);
    const all = await nurse.call('vitals.history', { patientId: patient.id, includeSuperseded: true });
    expect(all.items.find((item) => item.id === wrong.id)).toMatchObject({ supersededBy: right.id, weightKg: 7.2 });

    expect(await nurse.callError('vitals.record', { patientId: patient.id, takenAt: wrong.takenAt, weightKg: 71, supersedes: wrong.id, correctionReason: 'Again' })).toMatchObject({
      code: 'CONFLICT', details: { reason: 'already_corrected', by: right.id },
    });
    expect(await nurse.callError('vitals.record', { patientId: patient.id, takenAt: wrong.takenAt, weightKg: 71, supersedes: right.id })).toMatchObject({
      code: 'VALIDATION', details: { fields: { correctionReason: 'a correction names the record it replaces and why' } },
    });
    const stranger = await insertTestPatient(stack.db);
    expect(await nurse.callError('vitals.record', { patientId: stranger.id, takenAt: wrong.takenAt, weightKg: 71, supersedes: right.id, correctionReason: 'x' })).toMatchObject({
      details: { fields: { supersedes: 'is not a vitals record of this patient' } },
    });
  });

  it('keeps each measurement\'s newest reading as the latest, whatever order records arrive in (an offline desk\'s late one)', async () => {
    const patient = await insertTestPatient(stack.db);
    await nurse.call('vitals.record', { patientId: patient.id, takenAt: minutesAgo(60), temperatureC: 38, weightKg: 70 });
    await nurse.call('vitals.record', { patientId: patient.id, takenAt: minutesAgo(10), temperatureC: 37.1 });
    await nurse.call('vitals.record', { patientId: patient.id, takenAt: minutesAgo(120), temperatureC: 39.5, heightCm: 168 });
    expect(await latest(patient.id)).toEqual({ temperatureC: 37.1, weightKg: 70, heightCm: 168 });
  });

  it('pages the history newest first, and audits the read', async () => {
    const patient = await insertTestPatient(stack.db);
    for (const minutes of [50, 40, 30]) await nurse.call('vitals.record', { patientId: patient.id, takenAt: minutesAgo(minutes), pulseBpm: minutes + 40 });
    const first = await doctor.call('vitals.history', { patientId: patient.id, limit: 2 });
    expect(first.items.map((item) => item.pulseBpm)).toEqual([70, 80]);
    const rest = await doctor.call('vitals.history', { patientId: patient.id, limit: 2, cursor: first.nextCursor! });
    expect(rest).toMatchObject({ items: [{ pulseBpm: 90 }] });
    expect(rest.nextCursor).toBeUndefined();
    expect(await stack.db('audit_log').where({ action: 'vitals.history', entity_id: patient.id }).count({ n: '*' })).toEqual([{ n: 2 }]);
  });
});
