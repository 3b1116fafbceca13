import { HmsError } from '@hms/core';
import type { MethodName } from '@hms/core';

/** The billing methods of the contract that no handler serves yet (issue 15 is being built). */
export const NOT_SERVED = [
] as const satisfies readonly MethodName[];

/**
 * A method in the contract that is not built yet answers NOT_FOUND, the gateway's answer to a
 * method it does not know, with `notServed` so a desk can tell the two apart. Never
 * UNAVAILABLE: desks queue UNAVAILABLE calls offline to replay later, as if the server were down.
 */
export function notServed(method: MethodName): () => Promise<never> {
  return () => Promise.reject(new HmsError('NOT_FOUND', `${method} is not served by this server yet.`, { notServed: true, method }));
}
