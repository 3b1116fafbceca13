import type { z } from 'zod';
import type { Role } from '../roles.js';

/**
 * Who may call a method. `public` needs no session (login, resume); `anyRole` needs a session
 * but no particular role; otherwise the caller must hold one of the listed roles.
 */
export type Access = 'public' | 'anyRole' | readonly Role[];

export interface MethodSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly params: P;
  readonly result: R;
  readonly access: Access;
  /** Whether the method changes state: writes run in one transaction with their audit and events. */
  readonly writes: boolean;
  readonly summary: string;
  /**
   * Top-level params that do not make a retry with the same idempotency key another request.
   * A desk's clock reading belongs here: the attempt that may have reached the server is queued
   * with the same key and the time it happened (arrivedAt), which the first attempt left out.
   * Any other difference answers CONFLICT rather than the stored result.
   */
  readonly sameRequestIgnores?: readonly string[];
}

/** Keeps the literal types of a spec (its access list, `writes`) so that handlers can be typed from them. */
export function defineMethod<const S extends MethodSpec>(spec: S): S {
  return spec;
}

export function mayCall(access: Access, roles: readonly Role[] | undefined): boolean {
  if (access === 'public') return true;
  if (roles === undefined) return false;
  if (access === 'anyRole') return true;
  return roles.some((role) => access.includes(role));
}

export interface EventSpec<D extends z.ZodType = z.ZodType> {
  readonly data: D;
  readonly summary: string;
}

export function defineEvent<const S extends EventSpec>(spec: S): S {
  return spec;
}
