import type { MethodName } from '@hms/core';

// The lab desk's result side (result entry grid, validation, release, critical alerts, reports):
// its host requests, events and queued writes go here, spread into labRequests / labEvents /
// labWrites by ./index.ts. Their handlers are in host/lab/result-part.ts.

/** The result side's writes that may wait in the outbox (lab.enterResults, ...). */
export const labResultWrites = [] as const satisfies readonly MethodName[];

export const labResultRequests = {} as const;

export const labResultEvents = {} as const;
