import { chartTopic, queueTopic } from '@hms/core';
import type { MethodName, ParamsIn } from '@hms/core';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ensureTestIcd10Release } from '../test-support/clinical-cases.js';
import { drugIdByCode, insertTestDepartment, insertTestDoctor, insertTestPatient, insertTestVisit, useTestStack } from '../test-support/index.js';
import type { TestClient, TestDoctor } from '../test-support/index.js';

// A doctor desk whose LAN was down called a waiting patient, started the consultation under an
// id it chose, and queued every later write naming that id. These are its outbox's replays.

const stack = useTestStack({ setup: async (s) => ensureTestIcd10Release(s.db) });

interface Ward {
  department: { id: string; code: string };
  doctor: TestDoctor;
  desk: TestClient;
  visitId: string;
  patientId: string;
}

async function waitingPatient(): Promise<Ward> {
  const department = await insertTestDepartment(stack.db);
  const doctor = await insertTestDoctor(stack.db, [department.id]);
  const patient = await insertTestPatient(stack.db);
  const visit = await insertTestVisit(stack.db, { patientId: patient.id, departmentId: department.id });
  return { department, doctor, desk: await stack.resumed(doctor), visitId: visit.id, patientId: patient.id };
}

interface Queued {
  method: MethodName;
  params: unknown;
  key: string;
}

/** The consultation as the offline desk queued it, in order, each with its idempotency key. */
async function outbox(ward: Ward, encounterId: string, prescriptionId = randomUUID()): Promise<Queued[]> {
  const paracetamol = await drugIdByCode(stack.db, 'paracetamol-500mg-tablet');
  const writes: Array<{ [M in MethodName]: { method: M; params: ParamsIn<M> } }[MethodName]> = [
    { method: 'encounters.start', params: { visitId: ward.visitId, encounterId } },
    { method: 'notes.save', params: { encounterId, sections: { complaint: 'Fever for two days', plan: 'Paracetamol, full blood count' }, typedAt: new Date(Date.now() - 60_000).toISOString() } },
    { method: 'diagnoses.add', params: { encounterId, code: 'B54', certainty: 'provisional' } },
    { method: 'orders.create', params: { encounterId, items: [{ kind: 'lab', code: 'FBC' }] } },
    {
      method: 'prescriptions.create',
      params: { id: prescriptionId, encounterId, items: [{ drugId: paracetamol, dose: 1000, doseUnit: 'mg', route: 'oral', frequency: 'qds', durationDays: 3, quantity: 24 }] },
    },
    { method: 'encounters.sign', params: { encounterId } },
    { method: 'visits.complete', params: { id: ward.visitId } },
  ];
  return writes.map((write) => ({ ...write, key: randomUUID() }));
}

/** Replays in order, as the outbox does: each answer or typed error, by method. */
async function replay(desk: TestClient, queued: readonly Queued[]): Promise<Array<{ method: MethodName; ok: boolean; code?: string; reason?: unknown }>> {
  const answers = [];
  for (const write of queued) {
    try {
      await desk.call(write.method, write.params as never, { idempotencyKey: write.key });
      answers.push({ method: write.method, ok: true });
    } catch (error) {
      const typed = error as { code: string; details?: { reason?: unknown } };
      answers.push({ method: write.method, ok: false, code: typed.code, reason: typed.details?.reason });
    }
  }
  return answers;
}

async function written(patientId: string, encounterId: string) {
  const count = async (table: string, where: Record<string, string>) => Number(((await stack.db(table).where(where).count({ n: '*' })) as Array<{ n: string }>)[0]!.n);
  return {
    encounters: await count('encounters', { patient_id: patientId }),
    notes: await count('encounter_notes', { encounter_id: encounterId }),
    diagnoses: await count('encounter_diagnoses', { patient_id: patientId }),
    orders: await count('order_items', { patient_id: patientId }),
    prescriptions: await count('prescriptions', { patient_id: patientId }),
    chartEvents: await count('events', { topic: chartTopic(patientId) }),
  };
}

describe('an offline consultation replayed', () => {
  it('calls the waiting patient in with the start, and applies every later write that names the desk\'s encounter id', async () => {
    const ward = await waitingPatient();
    const encounterId = randomUUID();
    const prescriptionId = randomUUID();
    const answers = await replay(ward.desk, await outbox(ward, encounterId, prescriptionId));
    expect(answers.filter((answer) => !answer.ok)).toEqual([]);

    const encounter = await stack.db('encounters').where({ id: encounterId }).first();
    expect(encounter).toMatchObject({ visit_id: ward.visitId, patient_id: ward.patientId, doctor_id: ward.doctor.id, status: 'signed' });
    expect(await written(ward.patientId, encounterId)).toMatchObject({ encounters: 1, notes: 1, diagnoses: 1, orders: 1, prescriptions: 1 });
    expect((await stack.db('encounter_notes').where({ encounter_id: encounterId }).first()).sections).toEqual({ complaint: 'Fever for two days', plan: 'Paracetamol, full blood count' });
    expect(await stack.db('prescriptions').where({ patient_id: ward.patientId }).first('id', 'encounter_id')).toEqual({ id: prescriptionId, encounter_id: encounterId });

    // Called for this doctor as queue.callNext would have: the queue heard it, then the completion.
    const visit = await stack.db('visits').where({ id: ward.visitId }).first();
    expect(visit).toMatchObject({ status: 'completed', served_by: ward.doctor.id, doctor_id: ward.doctor.id });
    expect(visit.called_at).not.toBeNull();
    const queueEvents = await stack.db('events').where({ name: 'queue.changed', topic: queueTopic(ward.department.code) }).orderBy('seq').select('data');
    expect(queueEvents.map((row) => [row.data.change, row.data.visitId, row.data.serving?.servedBy ?? null])).toEqual([
      ['called', ward.visitId, ward.doctor.id],
      ['completed', ward.visitId, null],
    ]);
    const call = await stack.db('audit_log').where({ action: 'queue.callNext', entity_id: ward.visitId }).first();
    expect(call.details).toEqual({ via: 'encounters.start', encounterId });
    expect(await stack.db('consultation_timings').where({ visit_id: ward.visitId }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('writes nothing when another doctor called the patient meanwhile: the start is called_by_other, the writes after it find no encounter', async () => {
    const ward = await waitingPatient();
    const colleague = await insertTestDoctor(stack.db, [ward.department.id]);
    const colleagueDesk = await stack.resumed(colleague);
    const called = await colleagueDesk.call('queue.callNext', { department: ward.department.code });
    expect(called.visit?.id).toBe(ward.visitId);
    const versionBefore = await stack.db('queue_versions').where({ department_id: ward.department.id }).first('version');

    const encounterId = randomUUID();
    const answers = await replay(ward.desk, await outbox(ward, encounterId));
    expect(answers[0]).toEqual({ method: 'encounters.start', ok: false, code: 'CONFLICT', reason: 'called_by_other' });
    // The outbox stops at its first refusal; sent anyway, nothing after it applies either.
    expect(answers.slice(1).map((answer) => [answer.method, answer.ok, answer.code])).toEqual([
      ['notes.save', false, 'NOT_FOUND'],
      ['diagnoses.add', false, 'NOT_FOUND'],
      ['orders.create', false, 'NOT_FOUND'],
      ['prescriptions.create', false, 'NOT_FOUND'],
      ['encounters.sign', false, 'NOT_FOUND'],
      ['visits.complete', false, 'FORBIDDEN'],
    ]);
    expect(await written(ward.patientId, encounterId)).toEqual({ encounters: 0, notes: 0, diagnoses: 0, orders: 0, prescriptions: 0, chartEvents: 0 });
    expect(await stack.db('visits').where({ id: ward.visitId }).first()).toMatchObject({ status: 'in_consultation', served_by: colleague.id });
    expect(await stack.db('queue_versions').where({ department_id: ward.department.id }).first('version')).toEqual(versionBefore);
  });
});

describe('encounters.start with the desk\'s encounter id', () => {
  it('answers the encounter for the same id or none; another id is encounter_exists naming the one that exists', async () => {
    const ward = await waitingPatient();
    const chosen = randomUUID();
    const { encounter } = await ward.desk.call('encounters.start', { visitId: ward.visitId, encounterId: chosen });
    expect(encounter).toMatchObject({ id: chosen, visitId: ward.visitId, doctorId: ward.doctor.id, status: 'open' });
    expect((await ward.desk.call('encounters.start', { visitId: ward.visitId, encounterId: chosen })).encounter.id).toBe(chosen);
    expect((await ward.desk.call('encounters.start', { visitId: ward.visitId })).encounter.id).toBe(chosen);
    expect(await ward.desk.callError('encounters.start', { visitId: ward.visitId, encounterId: randomUUID() })).toMatchObject({
      code: 'CONFLICT', details: { reason: 'encounter_exists', encounterId: chosen },
    });
    expect(await stack.db('encounters').where({ visit_id: ward.visitId }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('refuses an ended visit, an id another encounter has, a patient in another doctor\'s queue, and a doctor still with another patient', async () => {
    const ward = await waitingPatient();
    // Without an id, a waiting patient is still not_called: only a desk that chose its id called them.
    expect(await ward.desk.callError('encounters.start', { visitId: ward.visitId })).toMatchObject({ code: 'CONFLICT', details: { reason: 'not_called' } });

    const taken = (await ward.desk.call('encounters.start', { visitId: ward.visitId, encounterId: randomUUID() })).encounter.id;
    await ward.desk.call('visits.complete', { id: ward.visitId });
    const next = await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: ward.department.id });
    expect(await ward.desk.callError('encounters.start', { visitId: next.id, encounterId: taken })).toMatchObject({ code: 'CONFLICT', details: { reason: 'id_taken' } });
    expect(await stack.db('visits').where({ id: next.id }).first('status')).toEqual({ status: 'checked_in' });

    const cancelled = await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: ward.department.id, status: 'cancelled' });
    expect(await ward.desk.callError('encounters.start', { visitId: cancelled.id, encounterId: randomUUID() })).toMatchObject({ code: 'CONFLICT', details: { reason: 'visit_ended' } });

    const colleague = await insertTestDoctor(stack.db, [ward.department.id]);
    const theirs = await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: ward.department.id, doctorId: colleague.id });
    expect(await ward.desk.callError('encounters.start', { visitId: theirs.id, encounterId: randomUUID() })).toMatchObject({ code: 'CONFLICT', details: { reason: 'in_other_queue', doctorId: colleague.id } });

    await ward.desk.call('encounters.start', { visitId: next.id, encounterId: randomUUID() });
    const third = await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: ward.department.id });
    expect(await ward.desk.callError('encounters.start', { visitId: third.id, encounterId: randomUUID() })).toMatchObject({ code: 'CONFLICT', details: { reason: 'still_serving', visitId: next.id } });

    const elsewhere = await insertTestDepartment(stack.db);
    const outside = await insertTestVisit(stack.db, { patientId: (await insertTestPatient(stack.db)).id, departmentId: elsewhere.id });
    expect(await ward.desk.callError('encounters.start', { visitId: outside.id, encounterId: randomUUID() })).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_in_department' } });
    expect(await stack.db('visits').whereIn('id', [third.id, outside.id, theirs.id]).pluck('status')).toEqual(['checked_in', 'checked_in', 'checked_in']);
  });
});
