import type { MethodName, ParamsIn, PublicMethodName } from '@hms/core';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { TestClient } from './test-client.js';
import { TEST_PASSWORD, createTestUser } from './users.js';
import { insertTestPatient } from './patients.js';
import { frontDeskMatrixCases } from './front-desk-cases.js';
import { pharmacologyMatrixCases } from './pharmacology-cases.js';
import { clinicalMatrixCases } from './clinical-cases.js';
import { pharmacyMatrixCases } from './pharmacy-cases.js';
import { labMatrixCases } from './lab-cases.js';
import { interfacesMatrixCases } from './interfaces-cases.js';
import { billingMatrixCases } from './billing-cases.js';

/** What a case may use to prepare valid params (before the "nothing written" snapshot). */
export interface MatrixContext {
  db: Knex;
  /** Signed in as an administrator, for setup through the protocol. */
  admin: TestClient;
  unique(prefix?: string): string;
}

export interface MatrixCase<M extends MethodName> {
  /** Valid params that succeed for an allowed role; called afresh for every role. */
  params(ctx: MatrixContext): Promise<ParamsIn<M>> | ParamsIn<M>;
  /** The call ends or changes the caller's session or password: use a throwaway user. */
  freshUser?: boolean;
}

export type MatrixCases = { [M in Exclude<MethodName, PublicMethodName>]: MatrixCase<M> };

/**
 * One case per authenticated method. The RBAC matrix test calls each with every role: an
 * allowed role must succeed, every other must get FORBIDDEN with nothing written. A method
 * without a case here does not compile.
 */
export const matrixCases: MatrixCases = {
  ...frontDeskMatrixCases,
  ...pharmacologyMatrixCases,
  ...clinicalMatrixCases,
  ...pharmacyMatrixCases,
  ...labMatrixCases,
  ...interfacesMatrixCases,
  ...billingMatrixCases,
  'auth.logout': { params: () => ({}), freshUser: true },
  'auth.changePassword': {
    params: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' }),
    freshUser: true,
  },
  'system.ping': { params: () => ({}) },
  'system.announce': { params: () => ({ message: 'Server maintenance at 22:00' }) },
  'events.resume': { params: () => ({ afterSeq: 0 }) },
  'audit.query': { params: () => ({ limit: 5 }) },
  'audit.recordOfflineReads': {
    params: async ({ db }) => ({ reads: [{ id: randomUUID(), entityType: 'patient', entityId: (await insertTestPatient(db)).id, action: 'charts.get', at: new Date().toISOString() }] }),
  },
  'users.list': { params: () => ({}) },
  'users.create': {
    params: ({ unique }) => ({ username: unique('u'), displayName: 'New Clerk', roles: ['receptionist'], password: 'temporary passphrase 1' }),
  },
  'users.update': {
    params: async ({ db, unique }) => ({ id: (await createTestUser(db, unique('u'), ['cashier'])).id, displayName: 'Renamed' }),
  },
  'users.resetPassword': {
    params: async ({ db, unique }) => ({ id: (await createTestUser(db, unique('u'), ['cashier'])).id, newPassword: 'temporary passphrase 2' }),
  },
  'patients.register': { params: ({ unique }) => ({ givenName: unique('Given'), familyName: unique('Family'), sex: 'F' }) },
  'patients.update': { params: async ({ db }) => ({ id: (await insertTestPatient(db)).id, phone: '0722 000 111' }) },
  'patients.get': { params: async ({ db }) => ({ id: (await insertTestPatient(db)).id }) },
  'patients.search': { params: () => ({ query: 'kamau 1984' }) },
  'patients.summaries': { params: async ({ db }) => ({ ids: [(await insertTestPatient(db)).id] }) },
  'patients.findDuplicates': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'patients.merge': { params: async ({ db }) => ({ survivorId: (await insertTestPatient(db)).id, mergedId: (await insertTestPatient(db)).id }) },
  'patients.unmerge': {
    params: async ({ db, admin }) => {
      const { merge } = await admin.call('patients.merge', { survivorId: (await insertTestPatient(db)).id, mergedId: (await insertTestPatient(db)).id });
      return { mergeId: merge.id };
    },
  },
  'patients.merges': { params: async ({ db }) => ({ patientId: (await insertTestPatient(db)).id }) },
  'patients.history': { params: async ({ db }) => ({ id: (await insertTestPatient(db)).id }) },
  'patients.duplicateReviews': { params: () => ({}) },
  'patients.resolveDuplicateReview': {
    params: async ({ db }) => {
      const patient = await insertTestPatient(db);
      const [review] = await db('patient_duplicate_reviews').insert({ patient_id: patient.id, candidates: '[]', source: 'offline_registration', created_at: new Date() }).returning('id');
      return { id: (review as { id: string }).id, resolution: 'not_duplicate' as const };
    },
  },
  'patients.watch': { params: () => ({}) },
  'patients.unwatch': { params: () => ({}) },
  // The matrix signs in with workstation id MATRIX_WORKSTATION: MRN blocks belong to a workstation.
  'mrn.reserveBlock': { params: () => ({ size: 3 }) },
  'mrn.listBlocks': { params: () => ({}) },
  'mrn.retireBlock': {
    params: async ({ db }) => {
      const [block] = await db('mrn_blocks')
        .insert({ workstation_id: MATRIX_WORKSTATION, format: 'PAT-{YYYY}-{NNNNNN}-{C}', scope: '1999', first_number: 1, last_number: 2, reserved_at: new Date(), expires_at: new Date() })
        .returning('id');
      return { blockId: (block as { id: string }).id };
    },
  },
};

/** The workstation id the RBAC matrix signs in with. */
export const MATRIX_WORKSTATION = 'matrix-desk';

export function uniqueName(prefix = 'x'): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
