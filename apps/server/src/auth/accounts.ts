import type { Role } from '@hms/core';
import type { Knex } from 'knex';

/**
 * The account record (a row of `users`) as sign-in reads it. It lives with auth because sign-in,
 * sessions and passwords are its first readers; the users area manages accounts on top of it.
 */
export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  must_change_password: boolean;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export async function findUserByUsername(db: Knex | Knex.Transaction, username: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ username: username.toLowerCase() }).first();
}

export async function findUserById(db: Knex | Knex.Transaction, id: string, lock = false): Promise<UserRow | undefined> {
  const query = db<UserRow>('users').where({ id }).first();
  return lock ? query.forUpdate() : query;
}
