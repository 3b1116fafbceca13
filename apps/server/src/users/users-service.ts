import { HmsError, passwordProblems } from '@hms/core';
import type { Role, User } from '@hms/core';
import type { Knex } from 'knex';
import { findUserById, hashPassword, revokeUserSessions, userKey } from '../auth/index.js';
import type { UserRow } from '../auth/index.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { PG, isPgCode } from '../db/pg-errors.js';
import { auditView, insertUser, toUser } from './users-repo.js';

/** Staff accounts: shared by the admin desk's methods and the IT command line. */

export function checkPassword(password: string, username: string, field = 'password'): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) throw HmsError.validation({ [field]: problems.join('; ') });
}

export async function listUsers(db: Knex, includeDisabled: boolean, now: Date): Promise<User[]> {
  const query = db<UserRow>('users').select('*').orderBy('username');
  if (!includeDisabled) query.whereNull('disabled_at');
  const rows = await query;
  const locks: Array<{ key: string; blocked_until: Date }> = await db('login_throttle')
    .select('key', 'blocked_until')
    .where('key', 'like', 'user:%')
    .where('blocked_until', '>', now);
  const lockedUntil = new Map(locks.map((lock) => [lock.key, lock.blocked_until]));
  return rows.map((row) => toUser(row, lockedUntil.get(userKey(row.username))));
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  roles: readonly Role[];
  password: string;
  mustChangePassword: boolean;
}

export async function createUser(scope: WriteScope, input: CreateUserInput, now: Date): Promise<UserRow> {
  checkPassword(input.password, input.username);
  let row: UserRow;
  try {
    row = await insertUser(scope.trx, {
      username: input.username,
      displayName: input.displayName,
      roles: [...new Set(input.roles)],
      passwordHash: await hashPassword(input.password),
      mustChangePassword: input.mustChangePassword,
    }, now);
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'users_username_key')) {
      throw new HmsError('CONFLICT', `The username "${input.username}" is taken.`, { fields: { username: 'is taken' } });
    }
    throw error;
  }
  scope.audit({ action: 'users.create', entityType: 'user', entityId: row.id, after: auditView(row) });
  return row;
}

export interface UpdateUserInput {
  id: string;
  displayName?: string;
  roles?: readonly Role[];
  disabled?: boolean;
}

export async function updateUser(scope: WriteScope, input: UpdateUserInput, actorUserId: string | null, now: Date): Promise<UserRow> {
  const before = await findUserById(scope.trx, input.id, true);
  if (before === undefined) throw HmsError.notFound('The user');
  if (actorUserId === input.id && input.disabled === true) {
    throw HmsError.conflict('You cannot disable your own account.');
  }
  if (actorUserId === input.id && input.roles !== undefined && before.roles.includes('admin') && !input.roles.includes('admin')) {
    throw HmsError.conflict('You cannot remove your own administrator role.');
  }
  const changes: Partial<UserRow> = { updated_at: now };
  if (input.displayName !== undefined) changes.display_name = input.displayName;
  if (input.roles !== undefined) changes.roles = [...new Set(input.roles)];
  if (input.disabled !== undefined) changes.disabled_at = input.disabled ? (before.disabled_at ?? now) : null;
  const [after] = await scope.trx<UserRow>('users').where({ id: input.id }).update(changes).returning('*');
  if (after === undefined) throw HmsError.notFound('The user');
  if (input.disabled === true && before.disabled_at === null) {
    await revokeUserSessions(scope.trx, input.id, 'disabled', now);
  }
  scope.audit({ action: 'users.update', entityType: 'user', entityId: input.id, before: auditView(before), after: auditView(after) });
  return after;
}

/** A temporary password: the user must change it, is unlocked and is signed out everywhere. */
export async function resetPassword(scope: WriteScope, id: string, newPassword: string, now: Date, mustChange = true): Promise<UserRow> {
  const user = await findUserById(scope.trx, id, true);
  if (user === undefined) throw HmsError.notFound('The user');
  checkPassword(newPassword, user.username, 'newPassword');
  await scope.trx('users').where({ id }).update({ password_hash: await hashPassword(newPassword), must_change_password: mustChange, updated_at: now });
  await scope.trx('login_throttle').where({ key: userKey(user.username) }).delete();
  const revoked = await revokeUserSessions(scope.trx, id, 'password_reset', now);
  scope.audit({ action: 'users.resetPassword', entityType: 'user', entityId: id, details: { sessionsRevoked: revoked, mustChangePassword: mustChange } });
  return user;
}
