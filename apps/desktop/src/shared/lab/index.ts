// The lab desk's shared entry: what shared workstation code (the protocol) imports of the desk.
// Desk code imports the files of its own folder directly.
import type { MethodName } from '@hms/core';
import { labResultEvents, labResultRequests, labResultWrites } from './result-requests.js';
import { labSpecimenEvents, labSpecimenRequests, labSpecimenWrites } from './specimen-requests.js';

/** The lab desk's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites). */
export const labWrites = [...labSpecimenWrites, ...labResultWrites] as const satisfies readonly MethodName[];
export type LabWrite = (typeof labWrites)[number];

export const labRequests = { ...labSpecimenRequests, ...labResultRequests } as const;
export const labEvents = { ...labSpecimenEvents, ...labResultEvents } as const;
