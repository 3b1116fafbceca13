// The admin desk's shared entry: what shared workstation code (the protocol) imports of the desk.
// The desk works online only and calls the server straight through (`server.call`), so it
// declares no host requests, events or queued writes of its own yet.
import type { MethodName } from '@hms/core';

/** The admin desk's writes that may wait in the outbox: none (configuration is done online). */
export const adminWrites = [] as const satisfies readonly MethodName[];
export const adminRequests = {} as const;
export const adminEvents = {} as const;
