import type { MethodName } from '@hms/core';
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { storeIcd10Release } from '../diagnoses/index.js';
import { insertTestDepartment, insertTestVisit } from './front-desk.js';
import { insertTestPatient } from './patients.js';
import type { MatrixCases } from './rbac-cases.js';

type ClinicalMethod = Extract<MethodName, `${'charts' | 'encounters' | 'notes' | 'vitals' | 'allergies' | 'diagnoses' | 'problems'}.${string}`>;

async function userId(db: Knex, username: string): Promise<string> {
  const row: { id: string } = await db('users').select('id').where({ username }).first();
  return row.id;
}

/** A visit in consultation with a doctor (the matrix's own unless named), inserted directly. */
export async function insertConsultation(db: Knex, doctorId?: string): Promise<{ visitId: string; patientId: string; doctorId: string }> {
  const doctor = doctorId ?? (await userId(db, 'matrix.doctor'));
  const department = await insertTestDepartment(db);
  const patient = await insertTestPatient(db);
  const visit = await insertTestVisit(db, { patientId: patient.id, departmentId: department.id, status: 'in_consultation', servedBy: doctor });
  return { visitId: visit.id, patientId: patient.id, doctorId: doctor };
}

/** An encounter of a consultation, inserted directly (test setup, not audited). */
export async function insertTestEncounter(db: Knex, options: { doctorId?: string; signed?: boolean } = {}): Promise<{ id: string; visitId: string; patientId: string }> {
  const consultation = await insertConsultation(db, options.doctorId);
  const now = new Date();
  const [row] = await db('encounters')
    .insert({
      visit_id: consultation.visitId, patient_id: consultation.patientId, doctor_id: consultation.doctorId, status: options.signed === true ? 'signed' : 'open',
      started_at: now, signed_at: options.signed === true ? now : null,
    })
    .returning('id');
  return { id: (row as { id: string }).id, visitId: consultation.visitId, patientId: consultation.patientId };
}

export const TEST_ICD10_LABEL = 'Test ICD-10-CM list';
const TEST_CODES = [
  { code: 'J18', billable: false, shortDescription: 'Pneumonia, unspecified organism', longDescription: 'Pneumonia, unspecified organism' },
  { code: 'J189', billable: true, shortDescription: 'Pneumonia, unspecified organism', longDescription: 'Pneumonia, unspecified organism' },
  { code: 'B54', billable: true, shortDescription: 'Unspecified malaria', longDescription: 'Unspecified malaria' },
  { code: 'I10', billable: true, shortDescription: 'Essential (primary) hypertension', longDescription: 'Essential (primary) hypertension' },
];

/**
 * A four-code active release (J18 a heading; J18.9, B54, I10), unless a release is loaded: test
 * databases start without the shipped 98,000 codes, which only the tests of the list itself load.
 */
export async function ensureTestIcd10Release(db: Knex): Promise<void> {
  if ((await db('icd10_releases').first('id')) !== undefined) return;
  const sha256 = createHash('sha256').update(JSON.stringify(TEST_CODES)).digest('hex');
  await db.transaction((trx) => storeIcd10Release(trx, { sourceFile: 'test-codes.txt', sha256, entries: TEST_CODES }, { label: TEST_ICD10_LABEL, at: new Date(), by: 'test' }));
}

/** RBAC matrix cases of the clinical areas (issue 11). */
export const clinicalMatrixCases: Pick<MatrixCases, ClinicalMethod> = {
  'diagnoses.search': {
    params: async ({ db }) => {
      await ensureTestIcd10Release(db);
      return { query: 'pneumonia' };
    },
  },
  'diagnoses.add': {
    params: async ({ db }) => {
      await ensureTestIcd10Release(db);
      return { encounterId: (await insertTestEncounter(db)).id, code: 'J18.9', certainty: 'confirmed' as const };
    },
  },
  'problems.list': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'problems.resolve': {
    params: async ({ db }) => {
      const patient = await insertTestPatient(db);
      const now = new Date();
      const [row] = await db('problems')
        .insert({ patient_id: patient.id, code: 'I10', description: 'Essential (primary) hypertension', certainty: 'confirmed', recorded_at: now, recorded_by: await userId(db, 'matrix.doctor'), last_diagnosed_at: now })
        .returning('id');
      return { problemId: (row as { id: string }).id };
    },
  },
  'encounters.start': { params: async ({ db }) => ({ visitId: (await insertConsultation(db)).visitId }) },
  'encounters.get': { params: async ({ db }) => ({ encounterId: (await insertTestEncounter(db)).id }) },
  'encounters.sign': { params: async ({ db }) => ({ encounterId: (await insertTestEncounter(db)).id }) },
  'encounters.addendum': { params: async ({ db }) => ({ encounterId: (await insertTestEncounter(db, { signed: true })).id, text: 'Results reviewed with the patient by phone.' }) },
  'vitals.record': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id, takenAt: new Date().toISOString(), temperatureC: 37.8, pulseBpm: 96 }) },
  'vitals.history': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'allergies.record': {
    params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id, substance: { kind: 'drugClass' as const, code: 'penicillins', text: 'Penicillins' }, reaction: 'Urticaria', severity: 'moderate' as const, status: 'active' as const }),
  },
  'allergies.noneKnown': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'allergies.list': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'charts.get': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'charts.readAhead': { params: async ({ db }) => ({ patientIds: [(await insertTestPatient(db)).id], purpose: 'triage' }) },
  'charts.watch': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'charts.unwatch': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'notes.save': {
    params: async ({ db }) => ({ encounterId: (await insertTestEncounter(db)).id, sections: { complaint: 'Cough for three days' }, typedAt: new Date().toISOString() }),
  },
};
