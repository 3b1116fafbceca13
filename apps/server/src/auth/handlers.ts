import { HmsError, passwordProblems } from '@hms/core';
import type { SessionUser } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { Handlers } from '../gateway/handler.js';
import type { AuthService } from './auth-service.js';
import { hashPassword } from './password.js';

type AuthHandlers = Pick<Handlers, 'auth.login' | 'auth.resume' | 'auth.logout' | 'auth.changePassword'>;

export function sessionUser(actor: Actor): SessionUser {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: [...actor.roles],
    mustChangePassword: actor.mustChangePassword,
  };
}

export function authHandlers(auth: AuthService): AuthHandlers {
  return {
    'auth.login': async (params, ctx) => {
      ctx.connection.setWorkstation(params.workstationId);
      const signedIn = await auth.login(params.username, params.password, ctx.origin);
      ctx.connection.bindSession(signedIn.actor);
      return { token: signedIn.token, user: sessionUser(signedIn.actor), expiresAt: signedIn.expiresAt.toISOString() };
    },
    'auth.resume': async (params, ctx) => {
      const signedIn = await auth.resume(params.token);
      ctx.connection.setWorkstation(params.workstationId);
      ctx.connection.bindSession(signedIn.actor);
      return { user: sessionUser(signedIn.actor), expiresAt: signedIn.expiresAt.toISOString() };
    },
    'auth.logout': async (_params, ctx) => {
      await ctx.write((scope) => auth.logout(scope, ctx.actor));
      ctx.connection.unbindSession();
      return { ok: true };
    },
    'auth.changePassword': async (params, ctx) => {
      const problems = passwordProblems(params.newPassword, ctx.actor.username);
      if (problems.length > 0) throw HmsError.validation({ newPassword: problems.join('; ') });
      if (params.newPassword === params.currentPassword) {
        throw HmsError.validation({ newPassword: 'must differ from the current password' });
      }
      await ctx.write((scope) => auth.changePassword(scope, ctx.actor, params.currentPassword, () => hashPassword(params.newPassword)));
      return { ok: true };
    },
  };
}
