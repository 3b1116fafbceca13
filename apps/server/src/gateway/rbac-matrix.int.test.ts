import { METHOD_NAMES, ROLES, mayCall, methods } from '@hms/core';
import type { MethodName, Role } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { NOT_SERVED } from '../billing/index.js';
import { createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { MATRIX_WORKSTATION, matrixCases, uniqueName } from '../test-support/rbac-cases.js';
import type { MatrixCase, MatrixContext } from '../test-support/rbac-cases.js';

let admin: TestClient;
const tokens = new Map<Role, string>();
let snapshotSql: string;

const stack = useTestStack({
  setup: async () => {
    const tables = (await stack.db.raw(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    )).rows as Array<{ table_name: string }>;
    // sessions.last_seen_at is bookkeeping the session check itself keeps, not a write.
    // interface_order_cursor is the orders-out feed's place in the events table, moved in the
    // background past the setup's events; a call's own events still show in `events`.
    const row = (t: string) => (t === 'sessions' ? `(to_jsonb(x) - 'last_seen_at')::text` : t === 'interface_order_cursor' ? `''` : 'x::text');
    snapshotSql = `select ${tables
      .map(({ table_name: t }) => `(select md5(coalesce(string_agg(md5(${row(t)}), ',' order by md5(${row(t)})), '')) from "${t}" x) as "${t}"`)
      .join(', ')}`;
    for (const role of ROLES) {
      const user: TestUser = await createTestUser(stack.db, `matrix.${role}`, [role]);
      const client = await stack.connect();
      tokens.set(role, (await client.signIn(user.username, user.password)).token);
      await client.close();
    }
    const adminUser = await createTestUser(stack.db, 'matrix.setup', ['admin']);
    admin = await stack.signedIn(adminUser);
  },
});

/** A fingerprint of every row of every table: any insert, update or delete changes it. */
async function snapshot(): Promise<Record<string, string>> {
  const result = await stack.db.raw(snapshotSql);
  return result.rows[0] as Record<string, string>;
}

const ctx = (): MatrixContext => ({ db: stack.db, admin, unique: uniqueName });

async function clientAs(role: Role, testCase: MatrixCase<MethodName>): Promise<TestClient> {
  const client = await stack.connect();
  if (testCase.freshUser === true) {
    const user = await createTestUser(stack.db, uniqueName(role.slice(0, 4)), [role]);
    await client.signIn(user.username, user.password, MATRIX_WORKSTATION);
  } else {
    await client.call('auth.resume', { token: tokens.get(role)!, workstationId: MATRIX_WORKSTATION });
  }
  return client;
}

const protectedMethods = METHOD_NAMES.filter((method) => methods[method].access !== 'public') as Array<keyof typeof matrixCases>;

describe('RBAC matrix: every method, every role', () => {
  it('covers every authenticated method of the contract', () => {
    expect(Object.keys(matrixCases).sort()).toEqual([...protectedMethods].sort());
  });

  for (const method of protectedMethods) {
    const allowed = ROLES.filter((role) => mayCall(methods[method].access, [role]));
    it(`${method}: ${allowed.length === ROLES.length ? 'every role' : allowed.join(', ')} allowed; others FORBIDDEN with nothing written`, async () => {
      expect(allowed.length).toBeGreaterThan(0);
      const testCase = matrixCases[method] as MatrixCase<MethodName>;
      for (const role of ROLES) {
        const client = await clientAs(role, testCase);
        const params = await testCase.params(ctx());
        if (allowed.includes(role) && (NOT_SERVED as readonly string[]).includes(method)) {
          // In the contract but not built yet: a typed NOT_FOUND, never a success or INTERNAL.
          const before = await snapshot();
          const error = await client.callError(method, params as never);
          expect([error.code, error.details?.['notServed']], `${role} calling ${method}`).toEqual(['NOT_FOUND', true]);
          expect(await snapshot(), `${role} calling ${method} wrote something`).toEqual(before);
        } else if (allowed.includes(role)) {
          await expect(client.call(method, params as never), `${role} may call ${method}`).resolves.toBeDefined();
        } else {
          const before = await snapshot();
          const error = await client.callError(method, params as never);
          expect(error.code, `${role} calling ${method}`).toBe('FORBIDDEN');
          expect(await snapshot(), `${role} calling ${method} wrote something`).toEqual(before);
        }
        await client.close();
      }
    });
  }
});
