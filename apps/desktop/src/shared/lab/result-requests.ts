import { UuidSchema, methods } from '@hms/core';
import type { LabResult, MethodName, Result } from '@hms/core';
import { z } from 'zod';
import { hostEvent, hostRequest } from '../protocol/define.js';
import type { LabReportDocument } from '../printing/lab-report-document.js';
import type { EnterResultsOutcome, ResultSheetView } from './result-views.js';

// The lab desk's result side (result entry grid, validation, release, amendment, reports): its
// host requests, events and queued writes, spread into labRequests / labEvents / labWrites by
// ./index.ts. Their handlers are in host/lab/result-part.ts.

/** Results entered for specimens the desk has wait in the outbox while the LAN is down; validation, release and amendment need the server. */
export const labResultWrites = ['lab.enterResults'] as const satisfies readonly MethodName[];

export const labResultRequests = {
  'lab.resultSheet': hostRequest<ResultSheetView>()({
    owner: 'lab',
    summary: 'One request at the result grid (lab.request: tests, specimens, every result version), kept for offline; offline, the kept copy or the worklist\'s entry, with what waits in the outbox.',
    payload: z.object({ requestId: UuidSchema }).strict(),
  }),
  'lab.enterResults': hostRequest<EnterResultsOutcome>()({
    owner: 'lab',
    summary: 'lab.enterResults: sent now (unit, range and flag are the server\'s; a critical value raises its alert), or queued with the desk\'s time while offline for a received specimen the desk has.',
    payload: methods['lab.enterResults'].params,
  }),
  'lab.validate': hostRequest<{ results: LabResult[] }>()({
    owner: 'lab',
    summary: 'lab.validate (technical validation of current versions); online only.',
    payload: methods['lab.validate'].params,
  }),
  'lab.release': hostRequest<{ results: LabResult[] }>()({
    owner: 'lab',
    summary: 'lab.release (medical release by a lab supervisor): the results reach the chart; online only.',
    payload: methods['lab.release'].params,
  }),
  'lab.amend': hostRequest<Result<'lab.amend'>>()({
    owner: 'lab',
    summary: 'lab.amend: a released result corrected with a reason (a new released version; the doctor is told); online only.',
    payload: methods['lab.amend'].params,
  }),
  'lab.reportDocument': hostRequest<LabReportDocument>()({
    owner: 'lab',
    summary: 'The patient report of a request, to print on the page printer or view: the server\'s lab.report (released results), or with `preliminary` the lab\'s own copy of every current value, marked preliminary.',
    payload: z.object({ requestId: UuidSchema, preliminary: z.boolean().default(false) }).strict(),
  }),
} as const;

export const labResultEvents = {
  'lab.resultSheet': hostEvent<{ requestIds: string[] }>()({ owner: 'lab', summary: 'Results of these requests changed (here, at another desk, from an analyser, or a queued entry was sent): an open grid reads its sheet again.' }),
} as const;
