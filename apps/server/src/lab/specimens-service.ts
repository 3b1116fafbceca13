import { HmsError, specimenBarcode, specimenTransition } from '@hms/core';
import type { LabSpecimen, LabWorklistEntry, OrderPriority, RejectionReason, SpecimenContainer, SpecimenStatus } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { allocateAccession, claimDeskAccession } from './accessions.js';
import { announceLabChange, deskTime, refreshTestStatuses } from './lab-common.js';
import { requestEntries, specimensOf } from './lab-views.js';

const PRIORITY_RANK: Readonly<Record<OrderPriority, number>> = { stat: 0, urgent: 1, routine: 2 };

interface RequestRow {
  id: string;
  accession: string;
  patient_id: string;
}

interface RequestTestRow {
  id: string;
  code: string;
  order_item_id: string | null;
  item_status: 'ordered' | 'cancelled' | null;
}

async function newAccession(trx: Knex.Transaction, given: string | undefined, workstationId: string | null, now: Date): Promise<{ accession: string; blockId: string | null }> {
  if (given === undefined) return { accession: await allocateAccession(trx, now), blockId: null };
  return claimDeskAccession(trx, given, workstationId);
}

async function onlyEntry(trx: Knex.Transaction, requestId: string): Promise<LabWorklistEntry> {
  const [entry] = await requestEntries(trx, [requestId]);
  if (entry === undefined) throw HmsError.notFound('The lab request');
  return entry;
}

export interface WalkInInput {
  patientId: string;
  referringClinician: string;
  priority: OrderPriority;
  tests: string[];
  accession?: string | undefined;
  recordedAt?: string | undefined;
}

/** The lab's own reception: a request for a patient sent by a referring clinician, with its accession. */
export async function registerWalkIn(scope: WriteScope, actor: Actor, workstationId: string | null, input: WalkInInput, now: Date): Promise<LabWorklistEntry> {
  const { trx } = scope;
  const at = deskTime(input.recordedAt, now, 'recordedAt');
  const patient = await trx('patients').where({ id: input.patientId }).first('id', 'merged_into');
  if (patient === undefined) throw HmsError.notFound('The patient');
  if (patient.merged_into !== null) throw HmsError.conflict('This record was merged into another: register the request on the surviving record.', { reason: 'patient_merged', survivorId: patient.merged_into });
  const catalogue = new Map(
    ((await trx('order_catalogue').whereIn('code', input.tests).select('code', 'kind', 'name', 'active', 'data')) as Array<{ code: string; kind: string; name: string; active: boolean; data: { section: string } }>)
      .map((row) => [row.code, row]),
  );
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  input.tests.forEach((code, index) => {
    const entry = catalogue.get(code);
    if (entry === undefined || !entry.active || entry.kind !== 'lab') problems[`tests.${index}`] = `${code} is not a lab test in the catalogue`;
    else if (seen.has(code)) problems[`tests.${index}`] = `${code} is listed twice`;
    seen.add(code);
  });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const { accession, blockId } = await newAccession(trx, input.accession, workstationId, at);
  const [request] = await trx('lab_requests').insert({
    accession, patient_id: input.patientId, source: 'walk_in', referring_clinician: input.referringClinician, priority: input.priority,
    accession_block_id: blockId, created_at: at, created_by: actor.userId, recorded_at: now,
  }).returning('id');
  const requestId = (request as { id: string }).id;
  await trx('lab_request_tests').insert(input.tests.map((code) => {
    const entry = catalogue.get(code)!;
    return { request_id: requestId, code, name: entry.name, section: entry.data.section, status: 'awaiting_collection', status_at: at };
  }));
  scope.audit({ action: 'lab.registerWalkIn', entityType: 'patient', entityId: input.patientId, after: { requestId, accession, tests: input.tests, referringClinician: input.referringClinician, offline: input.accession !== undefined } });
  announceLabChange(scope, input.patientId, [requestId], 'registered', now);
  return onlyEntry(trx, requestId);
}

/** The lab request of a doctor's order, made at its first collection with every lab item not cancelled. */
async function requestForOrder(trx: Knex.Transaction, actor: Actor, workstationId: string | null, orderId: string, accession: string | undefined, at: Date, now: Date): Promise<{ request: RequestRow; created: boolean }> {
  const order: { id: string; patient_id: string; ordered_by: string } | undefined = await trx('orders').where({ id: orderId }).forUpdate().first('id', 'patient_id', 'ordered_by');
  if (order === undefined) throw HmsError.notFound('The order');
  const existing: RequestRow | undefined = await trx('lab_requests').where({ order_id: orderId }).first('id', 'accession', 'patient_id');
  if (existing !== undefined) {
    if (accession !== undefined && accession !== existing.accession) {
      throw HmsError.conflict(`This order is already labelled ${existing.accession}.`, { reason: 'accession_differs', accession: existing.accession });
    }
    return { request: existing, created: false };
  }
  const items = (await trx('order_items as i').join('order_catalogue as c', 'c.code', 'i.code')
    .where({ 'i.order_id': orderId, 'i.kind': 'lab', 'i.status': 'ordered' })
    .select('i.id', 'i.code', 'i.name', 'i.priority', trx.raw(`c.data ->> 'section' as section`))) as Array<{ id: string; code: string; name: string; priority: OrderPriority; section: string }>;
  if (items.length === 0) {
    const any = await trx('order_items').where({ order_id: orderId, kind: 'lab' }).first('id');
    if (any === undefined) throw HmsError.validation({ orderId: 'has no lab tests' });
    throw HmsError.conflict('Every lab test of this order was cancelled.', { reason: 'order_cancelled' });
  }
  const priority = items.reduce<OrderPriority>((best, item) => (PRIORITY_RANK[item.priority] < PRIORITY_RANK[best] ? item.priority : best), 'routine');
  const taken = await newAccession(trx, accession, workstationId, at);
  const [row] = await trx('lab_requests').insert({
    accession: taken.accession, patient_id: order.patient_id, source: 'order', order_id: orderId, ordering_user_id: order.ordered_by, priority,
    accession_block_id: taken.blockId, created_at: at, created_by: actor.userId, recorded_at: now,
  }).returning(['id', 'accession', 'patient_id']);
  const request = row as RequestRow;
  await trx('lab_request_tests').insert(items.map((item) => ({
    request_id: request.id, order_item_id: item.id, code: item.code, name: item.name, section: item.section, status: 'awaiting_collection', status_at: at,
  })));
  // Marked taken: the worklist lists an order as waiting through the partial index of untaken items (migration 0056).
  await trx('order_items').whereIn('id', items.map((item) => item.id)).update({ lab_taken_at: at });
  return { request, created: true };
}

export interface CollectInput {
  orderId?: string | undefined;
  requestId?: string | undefined;
  containers: Array<{ container: SpecimenContainer; tests: string[] }>;
  accession?: string | undefined;
  collectedAt?: string | undefined;
}

export async function collectSpecimens(scope: WriteScope, actor: Actor, workstationId: string | null, input: CollectInput, now: Date): Promise<{ entry: LabWorklistEntry; specimens: LabSpecimen[] }> {
  const { trx } = scope;
  const at = deskTime(input.collectedAt, now, 'collectedAt');
  let request: RequestRow;
  if (input.orderId !== undefined) {
    request = (await requestForOrder(trx, actor, workstationId, input.orderId, input.accession, at, now)).request;
  } else {
    const found: RequestRow | undefined = await trx('lab_requests').where({ id: input.requestId }).forUpdate().first('id', 'accession', 'patient_id');
    if (found === undefined) throw HmsError.notFound('The lab request');
    request = found;
  }
  const tests = new Map(
    ((await trx('lab_request_tests as t').leftJoin('order_items as oi', 'oi.id', 't.order_item_id').where('t.request_id', request.id)
      .select('t.id', 't.code', 't.order_item_id', 'oi.status as item_status')) as RequestTestRow[]).map((row) => [row.code, row]),
  );
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  input.containers.forEach((container, c) => container.tests.forEach((code, t) => {
    if (!tests.has(code)) problems[`containers.${c}.tests.${t}`] = `${code} is not requested here`;
    else if (seen.has(code)) problems[`containers.${c}.tests.${t}`] = `${code} is in two containers`;
    seen.add(code);
  }));
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const wanted = [...seen].map((code) => tests.get(code)!);
  const cancelled = wanted.filter((test) => test.item_status === 'cancelled');
  if (cancelled.length > 0) throw HmsError.conflict('The doctor cancelled a test of this collection.', { reason: 'order_cancelled', tests: cancelled.map((test) => test.code) });
  const live = (await trx('lab_specimen_tests as st').join('lab_specimens as s', 's.id', 'st.specimen_id')
    .whereIn('st.request_test_id', wanted.map((test) => test.id)).whereNot('s.status', 'rejected')
    .select('st.request_test_id')) as Array<{ request_test_id: string }>;
  if (live.length > 0) {
    const codes = wanted.filter((test) => live.some((row) => row.request_test_id === test.id)).map((test) => test.code);
    throw HmsError.conflict('A specimen for this test is already collected.', { reason: 'already_collected', tests: codes });
  }
  const counted = (await trx('lab_specimens').where({ request_id: request.id }).count({ n: '*' }).first()) as { n: string | number } | undefined;
  let next = Number(counted?.n ?? 0) + 1;
  const createdIds: string[] = [];
  for (const container of input.containers) {
    const testIds = container.tests.map((code) => tests.get(code)!.id);
    // A recollection names the rejected container it replaces, so the history reads as one.
    const replaced: { id: string } | undefined = await trx('lab_specimens as s').join('lab_specimen_tests as st', 'st.specimen_id', 's.id')
      .whereIn('st.request_test_id', testIds).where('s.status', 'rejected').orderBy('s.rejected_at', 'desc').first('s.id');
    const [specimen] = await trx('lab_specimens').insert({
      request_id: request.id, barcode: specimenBarcode(request.accession, next), container: container.container, status: 'collected',
      collected_by: actor.userId, collected_at: at, recollection_of: replaced?.id ?? null,
    }).returning('id');
    const specimenId = (specimen as { id: string }).id;
    await trx('lab_specimen_tests').insert(testIds.map((testId) => ({ specimen_id: specimenId, request_test_id: testId })));
    createdIds.push(specimenId);
    next += 1;
  }
  await refreshTestStatuses(trx, wanted.map((test) => test.id), now);
  const specimens = await specimensOf(trx, { specimenIds: createdIds });
  scope.audit({
    action: 'lab.collect', entityType: 'patient', entityId: request.patient_id,
    after: { requestId: request.id, accession: request.accession, specimens: specimens.map((s) => ({ barcode: s.barcode, container: s.container, tests: s.tests })), collectedAt: at.toISOString() },
  });
  announceLabChange(scope, request.patient_id, [request.id], 'collected', now);
  return { entry: await onlyEntry(trx, request.id), specimens };
}

interface SpecimenStateRow {
  id: string;
  request_id: string;
  barcode: string;
  status: SpecimenStatus;
  patient_id: string;
}

async function lockSpecimens(trx: Knex.Transaction, barcodes: readonly string[]): Promise<SpecimenStateRow[]> {
  const rows = (await trx('lab_specimens as s').join('lab_requests as r', 'r.id', 's.request_id').whereIn('s.barcode', barcodes)
    .forUpdate('s').select('s.id', 's.request_id', 's.barcode', 's.status', 'r.patient_id')) as SpecimenStateRow[];
  const missing = barcodes.filter((barcode) => !rows.some((row) => row.barcode === barcode));
  if (missing.length > 0) throw new HmsError('NOT_FOUND', `No specimen is labelled ${missing.join(', ')}.`, { barcodes: missing });
  return barcodes.map((barcode) => rows.find((row) => row.barcode === barcode)!);
}

async function testsOfSpecimens(trx: Knex.Transaction, specimenIds: readonly string[]): Promise<string[]> {
  return ((await trx('lab_specimen_tests').whereIn('specimen_id', specimenIds).select('request_test_id')) as Array<{ request_test_id: string }>).map((row) => row.request_test_id);
}

export async function receiveSpecimens(scope: WriteScope, actor: Actor, input: { barcodes: string[]; receivedAt?: string | undefined }, now: Date): Promise<LabSpecimen[]> {
  const { trx } = scope;
  const at = deskTime(input.receivedAt, now, 'receivedAt');
  const barcodes = [...new Set(input.barcodes)];
  const rows = await lockSpecimens(trx, barcodes);
  for (const row of rows) {
    const check = specimenTransition(row.status, 'receive');
    if (!check.ok) throw HmsError.conflict(`Specimen ${row.barcode} cannot be received: ${check.reason.replace('_', ' ')}.`, { reason: check.reason, barcode: row.barcode });
  }
  await trx('lab_specimens').whereIn('id', rows.map((row) => row.id)).update({ status: 'received', received_by: actor.userId, received_at: at });
  await refreshTestStatuses(trx, await testsOfSpecimens(trx, rows.map((row) => row.id)), now);
  for (const patientId of new Set(rows.map((row) => row.patient_id))) {
    const mine = rows.filter((row) => row.patient_id === patientId);
    scope.audit({ action: 'lab.receive', entityType: 'patient', entityId: patientId, before: { status: 'collected' }, after: { barcodes: mine.map((row) => row.barcode), status: 'received', receivedAt: at.toISOString() } });
    announceLabChange(scope, patientId, mine.map((row) => row.request_id), 'received', now);
  }
  return specimensOf(trx, { specimenIds: rows.map((row) => row.id) });
}

export async function rejectSpecimen(scope: WriteScope, actor: Actor, input: { barcode: string; reason: RejectionReason; note?: string | undefined }, now: Date): Promise<LabSpecimen> {
  const { trx } = scope;
  const [row] = await lockSpecimens(trx, [input.barcode]);
  const check = specimenTransition(row!.status, 'reject');
  if (!check.ok) throw HmsError.conflict(`Specimen ${input.barcode} is already rejected.`, { reason: check.reason, barcode: input.barcode });
  const released = await trx('lab_results').where({ specimen_id: row!.id, status: 'released' }).whereNull('superseded_at').first('id');
  if (released !== undefined) throw HmsError.conflict('Results from this specimen are released: amend them instead of rejecting it.', { reason: 'already_released', barcode: input.barcode });
  await trx('lab_specimens').where({ id: row!.id }).update({
    status: 'rejected', rejected_by: actor.userId, rejected_at: now, rejection_reason: input.reason, rejection_note: input.note ?? null,
  });
  // Values read from a bad specimen are not results: they stay on record, superseded, and the test waits for the recollection.
  const withdrawn = await trx('lab_results').where({ specimen_id: row!.id }).whereNull('superseded_at').update({ superseded_at: now }).returning('id');
  await refreshTestStatuses(trx, await testsOfSpecimens(trx, [row!.id]), now);
  scope.audit({ action: 'lab.reject', entityType: 'patient', entityId: row!.patient_id, before: { barcode: input.barcode, status: row!.status }, after: { barcode: input.barcode, status: 'rejected', reason: input.reason, note: input.note ?? null, withdrawnResults: withdrawn.map((r: { id: string }) => r.id) } });
  announceLabChange(scope, row!.patient_id, [row!.request_id], 'rejected', now);
  const [specimen] = await specimensOf(trx, { specimenIds: [row!.id] });
  return specimen!;
}
