import type { MethodName, ParamsIn, PublicMethodName } from '@hms/core';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { TestClient } from './test-client.js';
import { TEST_PASSWORD, createTestUser } from './users.js';

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
  'auth.logout': { params: () => ({}), freshUser: true },
  'auth.changePassword': {
    params: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' }),
    freshUser: true,
  },
  'system.ping': { params: () => ({}) },
  'system.announce': { params: () => ({ message: 'Server maintenance at 22:00' }) },
  'events.resume': { params: () => ({ afterSeq: 0 }) },
  'audit.query': { params: () => ({ limit: 5 }) },
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
};

export function uniqueName(prefix = 'x'): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
