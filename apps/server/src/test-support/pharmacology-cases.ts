import type { MethodName } from '@hms/core';
import type { Knex } from 'knex';
import { insertTestEncounter } from './clinical-cases.js';
import { insertTestPatient } from './patients.js';
import { drugIdByCode, insertTestDrug, insertTestOrderItem, insertTestPrescription } from './pharmacology.js';
import type { MatrixCases } from './rbac-cases.js';

type PharmacologyMethod = Extract<MethodName, `${'drugs' | 'drugRules' | 'orders' | 'prescriptions'}.${string}`>;

async function matrixDoctorId(db: Knex): Promise<string> {
  return ((await db('users').where({ username: 'matrix.doctor' }).first('id')) as { id: string }).id;
}

async function paracetamol(db: Knex) {
  return { drugId: await drugIdByCode(db, 'paracetamol-500mg-tablet'), dose: 500, doseUnit: 'mg' as const, route: 'oral' as const, frequency: 'qds' as const };
}

export const pharmacologyMatrixCases: Pick<MatrixCases, PharmacologyMethod> = {
  'drugs.search': { params: () => ({ query: 'amoxicillin 500' }) },
  'drugs.get': { params: async ({ db }) => ({ id: await drugIdByCode(db, 'paracetamol-500mg-tablet') }) },
  'drugs.list': { params: () => ({ limit: 5 }) },
  'drugs.create': {
    params: ({ unique }) => ({
      drug: { code: `${unique('local')}-5mg-tablet`, generic: 'localamol', genericName: 'localamol', strengthText: '5 mg', strength: { amount: 5, unit: 'mg' as const }, form: 'tablet' as const, routes: ['oral' as const], classes: ['analgesics' as const] },
    }),
  },
  'drugs.update': {
    params: async ({ db }) => {
      const drug = await insertTestDrug(db);
      return { id: drug.id, expectedVersion: 1, drug: { ...drug.data, strengthText: '10 mg (scored)' } };
    },
  },
  'drugRules.list': { params: () => ({}) },
  'drugRules.history': { params: () => ({ code: 'ddi.warfarin-nsaids' }) },
  'drugRules.save': {
    params: ({ unique }) => ({
      rule: {
        kind: 'duplicate' as const, code: `duplicate.local-${unique('r')}`, class: 'antihistamines' as const, severity: 'minor' as const,
        title: 'Two antihistamines', management: 'Keep one antihistamine.', citation: 'Local pharmacy and therapeutics committee, 2026.',
      },
    }),
  },
  // Doctor-only writes act in the matrix doctor's own open encounter (insertTestEncounter's default).
  'orders.create': { params: async ({ db }) => ({ encounterId: (await insertTestEncounter(db)).id, items: [{ kind: 'lab' as const, code: 'FBC' }] }) },
  'orders.cancel': {
    params: async ({ db }) => {
      const encounter = await insertTestEncounter(db);
      return { itemId: (await insertTestOrderItem(db, encounter, await matrixDoctorId(db))).id, reason: 'Entered in error' };
    },
  },
  'orders.forPatient': { params: async ({ db }) => ({ patientId: (await insertTestEncounter(db)).patientId }) },
  'orders.catalogue': { params: () => ({ kind: 'lab' as const }) },
  'orders.watch': { params: () => ({}) },
  'orders.unwatch': { params: () => ({}) },
  'prescriptions.check': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id, items: [await paracetamol(db)] }) },
  'prescriptions.create': {
    params: async ({ db }) => ({ encounterId: (await insertTestEncounter(db)).id, items: [{ ...(await paracetamol(db)), durationDays: 3, quantity: 24 }] }),
  },
  'prescriptions.cancel': {
    params: async ({ db }) => {
      const encounter = await insertTestEncounter(db);
      return { id: (await insertTestPrescription(db, encounter, await matrixDoctorId(db))).id, reason: 'Entered in error' };
    },
  },
  'prescriptions.forPatient': { params: async ({ db }) => ({ patientId: (await insertTestEncounter(db)).patientId }) },
  'prescriptions.watch': { params: () => ({}) },
};
