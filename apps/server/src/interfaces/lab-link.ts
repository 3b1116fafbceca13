import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { runWrite } from '../gateway/write-scope.js';
import { enterInstrumentResults, labAnalyteRules, planInstrumentResults } from '../lab/index.js';
import type { InstrumentSource, InstrumentSpecimen } from '../lab/index.js';
import { autoVerify } from './autoverify-service.js';
import type { MappedSpecimen } from './process-message.js';

export type LabHandOff =
  | { status: 'applied'; reason: string }
  | { status: 'error'; reason: string };

/** What a host query is answered with: the tests pending on a specimen, by catalogue code. */
export interface PendingOrder {
  accession: string;
  testCodes: string[];
}

function forLab(specimens: readonly MappedSpecimen[]): InstrumentSpecimen[] {
  // The analyzer's own unit is checked when it sent one: a mapping's unit never relabels a value.
  return specimens.map((specimen) => ({
    accession: specimen.accession,
    results: specimen.results.map((result) => ({ testCode: result.testCode, analyte: result.analyte, value: result.value, unit: result.unit ?? result.mappedUnit })),
  }));
}

function applied(specimens: readonly MappedSpecimen[], count: number, verified?: string): LabHandOff {
  const accessions = [...new Set(specimens.map((specimen) => specimen.accession))].join(', ');
  const entered = `${count} result${count === 1 ? '' : 's'} entered on ${accessions}`;
  // Without a rule that passed, results await a person; with one, the log says what the rule did.
  return { status: 'applied', reason: verified === undefined ? `${entered}, awaiting technical validation` : `${entered}; ${verified}` };
}

/**
 * Why the lab would refuse these results (unknown accession, test not ordered on the
 * specimen, cancelled order, ...), read before the ACK is built so the analyzer gets AE with
 * it; undefined when they can be entered.
 */
export async function labRefusal(db: Knex | Knex.Transaction, specimens: readonly MappedSpecimen[]): Promise<string | undefined> {
  const plan = await planInstrumentResults(db, labAnalyteRules, forLab(specimens));
  return plan.ok ? undefined : plan.error.message;
}

/**
 * Mapped results entered on their specimens as awaiting technical validation (never validated
 * or released here), in their own write attributed to the interface's user. A refusal (the
 * orders changed since the check) leaves the message `error` with the reason, replayable.
 */
export async function handToLab(db: Knex, auditKey: AuditKey, source: InstrumentSource, specimens: readonly MappedSpecimen[], now: Date): Promise<LabHandOff> {
  let actor: Actor | undefined;
  try {
    const count = await runWrite(db, { auditKey, stamp: () => ({ at: now, actor: actor === undefined ? null : { userId: actor.userId, username: actor.username }, origin: null }) }, async (scope) => {
      const entered = await enterInstrumentResults(scope, source, labAnalyteRules, forLab(specimens), now);
      actor = entered.actor;
      return { count: entered.results.length, verified: await autoVerify(scope, specimens, entered.results, now) };
    });
    return applied(specimens, count.count, count.verified);
  } catch (error) {
    if (error instanceof HmsError) return { status: 'error', reason: error.message };
    throw error;
  }
}

/** The same hand-off inside a caller's write (a replay): the results' `entered_by` is still the interface. */
export async function handToLabIn(scope: WriteScope, source: InstrumentSource, specimens: readonly MappedSpecimen[], now: Date): Promise<LabHandOff> {
  const refusal = await labRefusal(scope.trx, specimens);
  if (refusal !== undefined) return { status: 'error', reason: refusal };
  const entered = await enterInstrumentResults(scope, source, labAnalyteRules, forLab(specimens), now);
  return applied(specimens, entered.results.length, await autoVerify(scope, specimens, entered.results, now));
}

/**
 * The tests still to be run on a specimen (by its barcode or its request's accession):
 * collected or received, not cancelled, not yet resulted. Undefined when there are none.
 */
export async function pendingOrders(db: Knex | Knex.Transaction, accession: string): Promise<PendingOrder | undefined> {
  const rows = (await db('lab_specimens as s')
    .join('lab_requests as r', 'r.id', 's.request_id')
    .join('lab_specimen_tests as st', 'st.specimen_id', 's.id')
    .join('lab_request_tests as t', 't.id', 'st.request_test_id')
    .where((q) => void q.where('s.barcode', accession).orWhere('r.accession', accession))
    .leftJoin('order_items as oi', 'oi.id', 't.order_item_id')
    .whereNot('s.status', 'rejected')
    .whereIn('t.status', ['collected', 'received'])
    // A test the doctor cancelled keeps its lab status; the order item says it is no longer wanted.
    .where((q) => void q.whereNull('oi.status').orWhereNot('oi.status', 'cancelled'))
    .distinct('t.code')
    .orderBy('t.code')) as Array<{ code: string }>;
  return rows.length === 0 ? undefined : { accession, testCodes: rows.map((row) => row.code) };
}
