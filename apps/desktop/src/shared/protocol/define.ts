import { z } from 'zod';

/**
 * Who a host request or event belongs to: the workstation itself (session, settings, printing,
 * outbox...) or one desk. A desk's host part implements exactly the requests declared for it.
 */
export const HOST_OWNERS = ['workstation', 'reception', 'doctor', 'nurse', 'pharmacy', 'lab', 'admin', 'billing'] as const;
export type HostOwner = (typeof HOST_OWNERS)[number];
/** A desk of the workstation: every owner but the workstation itself. */
export type DeskId = Exclude<HostOwner, 'workstation'>;

/** One host request: the schema its payload must pass, its answer's type, and whose it is. */
export interface HostRequestSpec<P extends z.ZodType = z.ZodType, A = unknown, O extends HostOwner = HostOwner> {
  readonly owner: O;
  readonly payload: P;
  /** The answer's type only: the host made it, nothing parses it again (z.custom checks nothing). */
  readonly answer: z.ZodType<A>;
  readonly summary: string;
}

export interface HostEventSpec<D = unknown, O extends HostOwner = HostOwner> {
  readonly owner: O;
  readonly data: z.ZodType<D>;
  readonly summary: string;
}

/**
 * Declares a host request answering `A`: `hostRequest<HostInfo>()({ owner, payload, summary })`.
 * Curried so that the answer type is given and the rest inferred.
 */
export function hostRequest<A>() {
  return <const O extends HostOwner, P extends z.ZodType>(spec: { owner: O; payload: P; summary: string }): HostRequestSpec<P, A, O> => ({
    ...spec,
    answer: z.custom<A>(),
  });
}

export function hostEvent<D>() {
  return <const O extends HostOwner>(spec: { owner: O; summary: string }): HostEventSpec<D, O> => ({ ...spec, data: z.custom<D>() });
}

/** A request without a payload. */
export const NoPayload = z.object({}).strict();
