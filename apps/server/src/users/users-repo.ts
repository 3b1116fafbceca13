import type { Role, User } from '@hms/core';
import type { Knex } from 'knex';
import type { UserRow } from '../auth/index.js';

export interface NewUser {
  username: string;
  displayName: string;
  roles: readonly Role[];
  passwordHash: string;
  mustChangePassword: boolean;
}

export async function insertUser(trx: Knex.Transaction, user: NewUser, now: Date): Promise<UserRow> {
  const [row] = await trx<UserRow>('users')
    .insert({
      username: user.username,
      display_name: user.displayName,
      roles: [...user.roles],
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword,
      created_at: now,
      updated_at: now,
    })
    .returning('*');
  if (row === undefined) throw new Error('insert into users returned no row');
  return row;
}

/** The wire shape; the password hash never leaves the server. */
export function toUser(row: UserRow, lockedUntil: Date | undefined): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password,
    lockedUntil: lockedUntil?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** For audit before/after: the account without its secret. */
export function auditView(row: UserRow): Record<string, unknown> {
  return {
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    disabled: row.disabled_at !== null,
    mustChangePassword: row.must_change_password,
  };
}
