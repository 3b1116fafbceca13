import { mayCall, methods } from '@hms/core';
import type { MethodName, Role } from '@hms/core';
import { useWorkstation } from '../../state/hooks.js';

/** The signed-in user's roles and whether the link is up; `may` asks the contract's access list of a method. */
export function useDeskSession(): { roles: readonly Role[] | undefined; online: boolean; may(method: MethodName): boolean } {
  const { status } = useWorkstation();
  const session = status?.session;
  const roles = session === undefined || session.state === 'signedOut' ? undefined : session.user.roles;
  return { roles, online: status?.connection.state === 'connected', may: (method) => mayCall(methods[method].access, roles) };
}
