import type { MethodName } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type { LabFindOutcome, LabWorklistView } from './views.js';

/** The specimen side's writes that may wait in the outbox. */
export const labSpecimenWrites = [] as const satisfies readonly MethodName[];

// The lab desk's specimen side: the worklist it follows and keeps, finding a scanned specimen or
// accession, collection with its labels, receipt, rejection and walk-in registration.
export const labSpecimenRequests = {
  'lab.worklist': hostRequest<LabWorklistView>()({
    owner: 'lab',
    summary: 'Follows the lab worklist (live: lab.changed and orders.changed re-read it) and answers it whole (the screen narrows it by section and text); offline, the copy kept here.',
    payload: NoPayload,
  }),
  'lab.find': hostRequest<LabFindOutcome>()({
    owner: 'lab',
    summary: 'The specimen a scanned or typed barcode names (L2600012344-2), or the request of an accession number (L2600012344), on the worklist; offline, the kept one.',
    payload: z.object({ code: z.string().trim().min(1).max(40) }).strict(),
  }),
} as const;

export const labSpecimenEvents = {
  'lab.worklist': hostEvent<LabWorklistView>()({ owner: 'lab', summary: 'The worklist changed (an order written or cancelled, a specimen collected, received or rejected, a result, the link dropped).' }),
} as const;
