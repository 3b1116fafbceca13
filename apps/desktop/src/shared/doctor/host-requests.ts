import type { MethodName } from '@hms/core';

// The doctor desk's host requests: what needs the cache or the outbox lives in the host.
export const doctorRequests = {} as const;

/** The doctor desk's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites). */
export const doctorWrites = [] as const satisfies readonly MethodName[];

export const doctorEvents = {} as const;
