import { HmsError } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import { userKey } from '../auth/index.js';
import { createUser, listUsers, resetPassword, updateUser } from './users-service.js';
import { toUser } from './users-repo.js';

type UsersHandlers = Pick<Handlers, 'users.list' | 'users.create' | 'users.update' | 'users.resetPassword'>;

export function usersHandlers(): UsersHandlers {
  return {
    'users.list': async (params, ctx) => ({ items: await listUsers(ctx.db, params.includeDisabled, ctx.clock.now()) }),
    'users.create': async (params, ctx) => {
      const row = await ctx.write((scope) => createUser(scope, { ...params, mustChangePassword: true }, ctx.clock.now()));
      return { user: toUser(row, undefined) };
    },
    'users.update': async (params, ctx) => {
      if (params.displayName === undefined && params.roles === undefined && params.disabled === undefined) {
        throw HmsError.validation({ _: 'nothing to change' });
      }
      const row = await ctx.write((scope) => updateUser(scope, params, ctx.actor.userId, ctx.clock.now()));
      const lock: { blocked_until: Date } | undefined = await ctx.db('login_throttle')
        .select('blocked_until')
        .where({ key: userKey(row.username) })
        .where('blocked_until', '>', ctx.clock.now())
        .first();
      return { user: toUser(row, lock?.blocked_until) };
    },
    'users.resetPassword': async (params, ctx) => {
      await ctx.write((scope) => resetPassword(scope, params.id, params.newPassword, ctx.clock.now()));
      return { ok: true };
    },
  };
}
