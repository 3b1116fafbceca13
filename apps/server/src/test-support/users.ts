import type { Role } from '@hms/core';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/password.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let testHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  username: string;
  password: string;
  roles: Role[];
}

/** Inserts a staff account directly (no audit row: it is test setup, not a user action). */
export async function createTestUser(db: Knex, username: string, roles: Role[], options: { mustChangePassword?: boolean } = {}): Promise<TestUser> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const [row] = await db('users')
    .insert({
      username,
      display_name: `Test ${username}`,
      roles,
      password_hash: await testHash,
      must_change_password: options.mustChangePassword ?? false,
    })
    .returning('id');
  return { id: (row as { id: string }).id, username, password: TEST_PASSWORD, roles };
}
