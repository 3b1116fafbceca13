import { HmsError, mayCall, methods } from '@hms/core';
import type { ClientEvent, LabResult, LabWorklistEntry, MethodName, Params } from '@hms/core';
import type { labResultRequests, labResultWrites } from '../../shared/lab/result-requests.js';
import type { EnterResultsOutcome, ResultSheetView } from '../../shared/lab/result-views.js';
import { labReportDocumentFromReport, labReportDocumentOf, printPatientOf } from '../../shared/printing/lab-report-builder.js';
import type { HostHandlers } from '../../shared/protocol/channels.js';
import type { OfflineWrite } from '../writes/offline-writes.js';
import type { LabPartContext } from './lab-part.js';
import { ResultStore } from './result-store.js';

export type ResultChannel = keyof typeof labResultRequests;
export type ResultWrite = (typeof labResultWrites)[number];

export interface ResultPart {
  handlers: Pick<HostHandlers, ResultChannel>;
  writes: { readonly [M in ResultWrite]: OfflineWrite<M> };
  onServerEvent?(event: ClientEvent): void;
  whenOnline?(): Promise<void>;
  offline?(): void;
  onSignOut?(): void;
}

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/**
 * Why a result entered offline would be refused by the server, checked against what the desk
 * kept (the same reasons, so nothing is queued only to be refused): the specimen must be one of
 * the test's, received and not rejected, and the test not cancelled or released.
 */
export function offlineEntryProblem(entry: LabWorklistEntry, params: Pick<Params<'lab.enterResults'>, 'testId' | 'specimenBarcode'>): HmsError | undefined {
  const test = entry.tests.find((candidate) => candidate.id === params.testId);
  if (test === undefined) return HmsError.notFound('That test on the request kept here');
  const specimen = entry.specimens.find((candidate) => candidate.barcode === params.specimenBarcode);
  if (specimen === undefined || !specimen.tests.includes(test.code)) return HmsError.validation({ specimenBarcode: `is not a specimen of ${test.code} on this workstation` });
  if (test.status === 'cancelled') return HmsError.conflict(`${test.name} was cancelled by the requesting clinician.`, { reason: 'order_cancelled' });
  if (test.status === 'released') return HmsError.conflict(`${test.name} is released: amend it instead (that needs the server).`, { reason: 'already_released' });
  if (specimen.status === 'rejected') return HmsError.conflict(`Specimen ${specimen.barcode} was rejected.`, { reason: 'specimen_rejected' });
  if (specimen.status !== 'received') return HmsError.conflict(`Specimen ${specimen.barcode} is not received in the lab yet.`, { reason: 'not_received' });
  return undefined;
}

/**
 * The lab desk's result side in the host: the request at the result grid (read from the server,
 * kept for offline), result entry through the one write path (queued with the desk's time while
 * the LAN is down, for a received specimen the desk has), technical validation, medical release
 * and amendment (online only: they are sign-offs the server must see at once), and the report.
 */
export function resultPart(part: LabPartContext): ResultPart {
  const { ctx, worklist } = part;
  const store = new ResultStore(ctx.values, () => ctx.settings().serverUrl);
  const requireAccess = (method: MethodName) => {
    if (!mayCall(methods[method].access, ctx.roles())) throw new HmsError('FORBIDDEN', method === 'lab.release' || method === 'lab.amend' ? 'Medical release and amendments are for a lab supervisor.' : 'The lab desk is for the laboratory.', { method });
  };
  const changed = (requestIds: readonly (string | null | undefined)[]) => {
    const ids = [...new Set(requestIds.filter((id): id is string => typeof id === 'string'))];
    if (ids.length > 0) ctx.publish('lab.resultSheet', { requestIds: ids });
  };
  const requestOfTest = (testId: string) => store.sheetOfTest(testId)?.entry.requestId ?? worklist.view().entries.find((entry) => entry.tests.some((test) => test.id === testId))?.requestId;
  /** The server's answer to a write, kept, and the grid and worklist told. */
  const took = (results: readonly LabResult[]) => {
    const requestIds = [...new Set(results.map((result) => requestOfTest(result.testId)))];
    for (const requestId of requestIds) if (requestId !== undefined && requestId !== null) store.mergeResults(requestId, results);
    changed(requestIds);
    worklist.changed(0);
  };
  /** The request as last read: the kept sheet, or the live worklist's entry when that was read since (a receipt at another bench). */
  const keptEntry = (requestId: string): LabWorklistEntry | undefined => {
    const sheet = store.sheet(requestId);
    const view = worklist.view();
    const listed = view.entries.find((entry) => entry.requestId === requestId);
    if (sheet === undefined) return listed;
    return listed !== undefined && view.asOf !== null && view.asOf > sheet.asOf ? listed : sheet.entry;
  };

  const sheet = async (requestId: string): Promise<ResultSheetView> => {
    const queued = () => store.queued().filter((entry) => keptEntry(requestId)?.tests.some((test) => test.id === entry.testId) === true);
    if (ctx.online()) {
      try {
        const { entry, results } = await ctx.connection.call('lab.request', { requestId });
        const asOf = ctx.now().toISOString();
        store.keepSheet(entry, results, asOf);
        return { entry, results, queued: queued(), source: 'server', asOf };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    const kept = store.sheet(requestId);
    if (kept !== undefined) return { entry: kept.entry, results: kept.results, queued: queued(), source: 'cache', asOf: kept.asOf };
    const entry = keptEntry(requestId);
    if (entry === undefined) throw new HmsError('NOT_FOUND', 'This request is not kept on this workstation, and the server cannot be reached to read it.');
    // The worklist names its analytes by key: the grid gets them in the entry, as lab.request sends them.
    return { entry: worklist.withAnalytes(entry), results: [], queued: queued(), source: 'cache', asOf: worklist.view().asOf ?? ctx.now().toISOString() };
  };

  const enter = async (params: Params<'lab.enterResults'>): Promise<EnterResultsOutcome> => {
    requireAccess('lab.enterResults');
    const requestId = requestOfTest(params.testId);
    const entry = requestId === undefined || requestId === null ? undefined : keptEntry(requestId);
    const test = entry?.tests.find((candidate) => candidate.id === params.testId);
    const label = `Results ${test?.code ?? 'of a test'} · ${entry === undefined ? params.specimenBarcode : `${entry.patientName} (${entry.mrn}) ${params.specimenBarcode}`}`;
    const outcome = await ctx.writes.send('lab.enterResults', params, {
      label,
      whenQueued: () => {
        if (entry === undefined) throw new HmsError('UNAVAILABLE', 'This request is not kept on this workstation: its results cannot be entered while the server is away.');
        const problem = offlineEntryProblem(entry, params);
        if (problem !== undefined) throw problem;
        // The desk's time goes with it: the server keeps it beside its own (enteredAtDesk).
        const enteredAt = params.enteredAt ?? ctx.now().toISOString();
        return {
          params: { ...params, enteredAt },
          alongside: (made) => store.keepQueued({ idempotencyKey: made.idempotencyKey, testId: params.testId, specimenBarcode: params.specimenBarcode, results: params.results, enteredAt }),
        };
      },
    });
    if (outcome.status === 'applied') {
      took(outcome.result.results);
      return { status: 'applied', results: outcome.result.results, alerts: outcome.result.alerts };
    }
    changed([requestId]);
    return { status: 'queued', key: outcome.entry.idempotencyKey };
  };

  /** Validation, release and amendment are sign-offs: sent now or not at all. */
  const signOff = async <M extends 'lab.validate' | 'lab.release' | 'lab.amend'>(method: M, params: Params<M>, label: string) => {
    requireAccess(method);
    const outcome = await ctx.writes.send(method, params as never, {
      label,
      whenQueued: () => {
        throw new HmsError('UNAVAILABLE', 'Validation, release and amendments need the server, which cannot be reached now: nothing was changed. Try again when it is back.');
      },
    });
    if (outcome.status !== 'applied') throw new HmsError('UNAVAILABLE', 'Nothing was sent.');
    return outcome.result as ReturnType<typeof methods[M]['result']['parse']>;
  };

  return {
    handlers: {
      'lab.resultSheet': async ({ requestId }) => {
        ctx.requireSession();
        requireAccess('lab.request');
        await worklist.follow();
        return sheet(requestId);
      },
      'lab.enterResults': async (params) => {
        ctx.requireSession();
        return enter(params);
      },
      'lab.validate': async (params) => {
        ctx.requireSession();
        const answer = await signOff('lab.validate', params, `Validate ${params.resultIds.length} result(s)`);
        took(answer.results);
        return answer;
      },
      'lab.release': async (params) => {
        ctx.requireSession();
        const answer = await signOff('lab.release', params, `Release ${params.resultIds.length} result(s)`);
        took(answer.results);
        return answer;
      },
      'lab.amend': async (params) => {
        ctx.requireSession();
        const answer = await signOff('lab.amend', params, 'Amend a released result');
        took([answer.result]);
        return answer;
      },
      'lab.reportDocument': async ({ requestId, preliminary }) => {
        ctx.requireSession();
        if (!ctx.online()) throw new HmsError('UNAVAILABLE', 'The report is made from the server\'s released results, and the server cannot be reached now.');
        if (!preliminary) {
          requireAccess('lab.report');
          const { report } = await ctx.connection.call('lab.report', { requestId });
          return labReportDocumentFromReport(report);
        }
        requireAccess('lab.request');
        const read = await ctx.connection.call('lab.request', { requestId });
        return labReportDocumentOf(read, printPatientOf(read.patient), { reportedAt: ctx.now().toISOString(), releasedOnly: false });
      },
    },
    writes: {
      'lab.enterResults': {
        applied: (result, { idempotencyKey }) => {
          store.dropQueued(idempotencyKey);
          took(result.results);
        },
        refused: (conflict) => {
          // In the conflicts inbox now (an order cancelled meanwhile): no longer shown as waiting.
          const gone = store.dropQueued(conflict.idempotencyKey);
          changed([gone === undefined ? undefined : requestOfTest(gone.testId)]);
        },
      },
    },
    onServerEvent(event) {
      if (event.event === 'lab.changed') changed(event.data.requestIds);
    },
  };
}
