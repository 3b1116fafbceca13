import type { LabAnalyte, LabWorklistEntry, Params, TestStatus } from '@hms/core';
import type { HandlerContext } from '../gateway/handler.js';
import type { AnalyteRules } from './analyte-rules.js';
import { analyteDescriber, keyedAnalytes } from './catalogue-analytes.js';
import type { EntryPatients, OverdueFilter } from './lab-views.js';
import { openRequestIds, requestEntries, uncollectedOrderEntries } from './lab-views.js';
import { turnaroundTable, withTurnaround } from './turnaround.js';
import { changedSince, worklistVersion } from './worklist-changes.js';

type WorklistParams = Params<'lab.worklist'>;
interface WorklistAnswer {
  entries: LabWorklistEntry[];
  analytes: Record<string, LabAnalyte[]>;
  version: string;
  changes?: { removedRequestIds: string[]; removedOrderIds: string[] };
}

const OPEN_STATUSES: readonly TestStatus[] = ['awaiting_collection', 'collected', 'received', 'resulted', 'validated'];

/** The entry as the filters show it (its tests of the section), or undefined when nothing of it is listed. */
function listed(entry: LabWorklistEntry, params: WorklistParams): LabWorklistEntry | undefined {
  const statuses = params.statuses ?? OPEN_STATUSES;
  const tests = params.section === undefined ? entry.tests : entry.tests.filter((test) => test.section === params.section);
  const wanted = tests.some((test) => statuses.includes(test.status) && (!params.overdueOnly || test.overdue === true));
  return wanted ? { ...entry, tests } : undefined;
}

/**
 * lab.worklist: the whole list (oldest first, up to `limit`), or with `since` only what changed
 * (worklist-changes.ts). The changed requests and orders are read by id and filtered here with the
 * same rules the whole list's SQL applies (open tests in the statuses asked, the section, overdue).
 */
export async function readWorklist(params: WorklistParams, ctx: HandlerContext, rules: AnalyteRules): Promise<WorklistAnswer> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - params.sinceDays * 86_400_000);
  const wantsUncollected = params.statuses === undefined || params.statuses.includes('awaiting_collection');
  // The entries' patients' sex and birth date come with the reads that join the patients anyway (their analytes' ranges).
  const patients: EntryPatients = new Map();
  const changes = params.since === undefined ? undefined : await changedSince(ctx.db, params.since, params.limit);
  if (changes !== undefined) {
    if (changes.requestIds.length === 0 && changes.orderIds.length === 0) return { entries: [], analytes: {}, version: changes.version, changes: { removedRequestIds: [], removedOrderIds: [] } };
    const [uncollected, requests, describe] = await Promise.all([
      wantsUncollected && changes.orderIds.length > 0 ? uncollectedOrderEntries(ctx.db, { orderIds: changes.orderIds, since, limit: params.limit * 30, patients }) : Promise.resolve([]),
      requestEntries(ctx.db, changes.requestIds, patients),
      analyteDescriber(ctx.db, rules, now),
    ]);
    const entries = withTurnaround([...uncollected, ...requests], now).flatMap((entry) => listed(entry, params) ?? []);
    const kept = new Set(entries.map((entry) => entry.requestId ?? `order:${entry.orderId ?? ''}`));
    const answer = keyedAnalytes(describe, patients, entries);
    if (answer.entries.length > 0) await ctx.auditRead({ action: 'lab.worklist', details: { section: params.section ?? null, count: answer.entries.length, since: params.since } });
    return {
      ...answer,
      version: changes.version,
      changes: {
        removedRequestIds: changes.requestIds.filter((id) => !kept.has(id)),
        removedOrderIds: changes.orderIds.filter((id) => !kept.has(`order:${id}`)),
      },
    };
  }
  const overdue: OverdueFilter | undefined = params.overdueOnly ? { ...turnaroundTable(), now } : undefined;
  const version = await worklistVersion(ctx.db);
  const [uncollected, requestIds, describe] = await Promise.all([
    wantsUncollected ? uncollectedOrderEntries(ctx.db, { section: params.section, since, limit: params.limit, overdue, patients }) : Promise.resolve([]),
    openRequestIds(ctx.db, { section: params.section, statuses: params.statuses, limit: params.limit, overdue }),
    analyteDescriber(ctx.db, rules, now),
  ]);
  const requests = await requestEntries(ctx.db, requestIds, patients);
  const answer = keyedAnalytes(describe, patients, withTurnaround([...uncollected, ...requests]
    .sort((a, b) => a.orderedAt.localeCompare(b.orderedAt))
    .slice(0, params.limit)
    .map((entry) => (params.section === undefined ? entry : { ...entry, tests: entry.tests.filter((test) => test.section === params.section) })), now));
  await ctx.auditRead({ action: 'lab.worklist', details: { section: params.section ?? null, count: answer.entries.length } });
  return { ...answer, version };
}
