import type { MethodName } from '@hms/core';

// The nurse desk's host requests: what needs the cache or the outbox lives in the host.
export const nurseRequests = {} as const;

/** The nurse desk's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites). */
export const nurseWrites = [] as const satisfies readonly MethodName[];

export const nurseEvents = {} as const;
