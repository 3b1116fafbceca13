import { HmsError, LAB_TOPIC, chartTopic, clinicianTopic, isCriticalFlagCode, localDateOf, resultTransition } from '@hms/core';
import type { LabCriticalAlert, LabResult, ResultFlagCode, ResultStatus } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { hospitalTimeZone } from '../reference/index.js';
import type { AnalyteDefinition, AnalytePatient, AnalyteRules, ReadValue } from './analyte-rules.js';
import { readValue } from './analyte-rules.js';
import { calculatedEntries } from './catalogue-calculations.js';
import { limitsInForce } from './catalogue-limits.js';
import { announceLabChange, deskTime, refreshTestStatuses } from './lab-common.js';
import { alertViews, resultsByIds, toAlert } from './lab-views.js';

interface TestContext {
  id: string;
  code: string;
  request_id: string;
  patient_id: string;
  ordering_user_id: string | null;
  item_status: 'ordered' | 'cancelled' | null;
  sex: AnalytePatient['sex'];
  birth_date: string | null;
}

async function lockTest(trx: Knex.Transaction, testId: string): Promise<TestContext> {
  const row: TestContext | undefined = await trx('lab_request_tests as t')
    .join('lab_requests as r', 'r.id', 't.request_id')
    .join('patients as p', 'p.id', 'r.patient_id')
    .leftJoin('order_items as oi', 'oi.id', 't.order_item_id')
    .where('t.id', testId)
    .forUpdate('t')
    .first('t.id', 't.code', 't.request_id', 'r.patient_id', 'r.ordering_user_id', 'oi.status as item_status', 'p.sex', trx.raw(`to_char(p.birth_date, 'YYYY-MM-DD') as birth_date`));
  if (row === undefined) throw HmsError.notFound('The requested test');
  return row;
}

interface CurrentRow {
  id: string;
  version: number;
  status: ResultStatus;
}

/** A critical value raised: recorded, and told to the ordering doctor's desk and the lab at once. */
async function raiseCritical(scope: WriteScope, test: TestContext, resultId: string, now: Date): Promise<string> {
  const [alert] = await scope.trx('lab_critical_alerts').insert({
    result_id: resultId, patient_id: test.patient_id, request_id: test.request_id, notify_user_id: test.ordering_user_id, raised_at: now,
  }).returning('id');
  const alertId = (alert as { id: string }).id;
  const data = { alertId, resultId, requestId: test.request_id, patientId: test.patient_id, escalated: false, at: now.toISOString() };
  if (test.ordering_user_id !== null) scope.emit('lab.critical', clinicianTopic(test.ordering_user_id), data);
  scope.emit('lab.critical', LAB_TOPIC, data);
  return alertId;
}

async function alertsByIds(db: Knex | Knex.Transaction, ids: readonly string[]): Promise<LabCriticalAlert[]> {
  if (ids.length === 0) return [];
  return ((await alertViews(db).whereIn('a.id', ids).orderBy('a.raised_at')) as Parameters<typeof toAlert>[0][]).map(toAlert);
}

export interface EnterResultsInput {
  testId: string;
  specimenBarcode: string;
  results: Array<{ analyte: string; value: string; comment?: string | undefined }>;
  enteredAt?: string | undefined;
}

/** A new current version of one analyte's result (the previous one, if any, marked superseded; a released one refused). */
async function insertVersion(trx: Knex.Transaction, row: {
  test: TestContext; specimenId: string; analyte: string; definition: AnalyteDefinition | null; value: Extract<ReadValue, { ok: true }>; comment: string | null; actorId: string; now: Date; deskAt: Date | null;
}): Promise<string> {
  const { test, analyte, definition, value, now } = row;
  const current: CurrentRow | undefined = await trx('lab_results').where({ request_test_id: test.id, analyte }).whereNull('superseded_at').forUpdate().first('id', 'version', 'status');
  if (current !== undefined) {
    const check = resultTransition(current.status, 'reenter');
    if (!check.ok) throw HmsError.conflict(`${analyte} is released: amend it with a reason instead.`, { reason: check.reason, analyte, resultId: current.id });
    await trx('lab_results').where({ id: current.id }).update({ superseded_at: now });
  }
  const [inserted] = await trx('lab_results').insert({
    request_test_id: test.id, specimen_id: row.specimenId, patient_id: test.patient_id, analyte, version: (current?.version ?? 0) + 1,
    value_text: value.valueText, value_numeric: value.valueNumeric, unit: definition?.unit ?? null, flag: value.flag,
    reference_range: definition?.range === undefined || definition.range === null ? null : JSON.stringify(definition.range),
    status: 'entered', entered_by: row.actorId, entered_at: now, entered_at_desk: row.deskAt, comment: row.comment, supersedes: current?.id ?? null,
  }).returning('id');
  return (inserted as { id: string }).id;
}

export async function enterResults(scope: WriteScope, actor: Actor, catalogue: AnalyteRules, input: EnterResultsInput, now: Date): Promise<{ results: LabResult[]; alerts: LabCriticalAlert[] }> {
  const { trx } = scope;
  const deskAt = input.enteredAt === undefined ? null : deskTime(input.enteredAt, now, 'enteredAt');
  const test = await lockTest(trx, input.testId);
  // An offline entry replayed after the doctor cancelled: refused, so it lands in the desk's conflicts inbox.
  if (test.item_status === 'cancelled') throw HmsError.conflict('The doctor cancelled this test; the results were not recorded.', { reason: 'order_cancelled', testId: test.id });
  const specimen: { id: string; status: string } | undefined = await trx('lab_specimens as s')
    .join('lab_specimen_tests as st', 'st.specimen_id', 's.id')
    .where({ 's.barcode': input.specimenBarcode, 'st.request_test_id': test.id })
    .first('s.id', 's.status');
  if (specimen === undefined) throw HmsError.validation({ specimenBarcode: `is not a specimen for ${test.code}` });
  if (specimen.status !== 'received') {
    throw HmsError.conflict(`Specimen ${input.specimenBarcode} is ${specimen.status === 'rejected' ? 'rejected' : 'not received in the lab yet'}.`, { reason: specimen.status === 'rejected' ? 'specimen_rejected' : 'not_received' });
  }
  const patient: AnalytePatient = { sex: test.sex, birthDate: test.birth_date };
  // Ranges are chosen by the patient's age on the result's calendar date in the hospital's zone.
  const onDate = localDateOf(deskAt ?? now, await hospitalTimeZone(trx));
  const known = catalogue.analytes(test.code);
  // The lab's ranges in force now (a supervisor's change applies to results entered after it).
  const rules = catalogue.withLimits(await limitsInForce(trx, known ?? []));
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  const read = input.results.map((entry, index) => {
    const definition = rules.define(test.code, entry.analyte, patient, onDate);
    if (known !== null && !known.includes(entry.analyte)) problems[`results.${index}.analyte`] = `${entry.analyte} is not part of ${test.code}`;
    if (definition?.test.calculation !== undefined) problems[`results.${index}.analyte`] = `${entry.analyte} is calculated from its inputs, not entered`;
    if (seen.has(entry.analyte)) problems[`results.${index}.analyte`] = `${entry.analyte} is entered twice`;
    seen.add(entry.analyte);
    const value = readValue(definition, entry.value);
    if (!value.ok) problems[`results.${index}.value`] = value.problem;
    return { analyte: entry.analyte, comment: entry.comment ?? null, definition, value };
  });
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const calculated = await calculatedEntries(trx, rules, { testId: test.id, testCode: test.code, patient, onDate }, read.flatMap((r) => (r.value.ok && r.value.valueNumeric !== null ? [[r.analyte, r.value.valueNumeric] as const] : [])));

  const ids: string[] = [];
  const alertIds: string[] = [];
  for (const { analyte, comment, definition, value } of [...read, ...calculated]) {
    if (!value.ok) continue;
    const resultId = await insertVersion(trx, { test, specimenId: specimen.id, analyte, definition, value, comment, actorId: actor.userId, now, deskAt });
    ids.push(resultId);
    if (isCriticalFlagCode(value.flag)) alertIds.push(await raiseCritical(scope, test, resultId, now));
  }
  await refreshTestStatuses(trx, [test.id], now);
  const results = await resultsByIds(trx, ids);
  scope.audit({
    action: 'lab.enterResults', entityType: 'patient', entityId: test.patient_id,
    after: { testId: test.id, results: results.map((r) => ({ id: r.id, analyte: r.analyte, version: r.version, value: r.value, flag: r.flag })), enteredAtDesk: deskAt?.toISOString() ?? null },
  });
  announceLabChange(scope, test.patient_id, [test.request_id], 'resulted', now);
  return { results, alerts: await alertsByIds(trx, alertIds) };
}

interface StepRow {
  id: string;
  status: ResultStatus;
  superseded_at: Date | null;
  request_test_id: string;
  request_id: string;
  patient_id: string;
  ordering_user_id: string | null;
  item_status: 'ordered' | 'cancelled' | null;
}

async function lockResults(trx: Knex.Transaction, ids: readonly string[]): Promise<StepRow[]> {
  const rows = (await trx('lab_results as x')
    .join('lab_request_tests as t', 't.id', 'x.request_test_id')
    .join('lab_requests as r', 'r.id', 't.request_id')
    .leftJoin('order_items as oi', 'oi.id', 't.order_item_id')
    .whereIn('x.id', ids)
    .forUpdate('x')
    .select('x.id', 'x.status', 'x.superseded_at', 'x.request_test_id', 't.request_id', 'r.patient_id', 'r.ordering_user_id', 'oi.status as item_status')) as StepRow[];
  const missing = ids.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length > 0) throw new HmsError('NOT_FOUND', 'A result was not found.', { resultIds: missing });
  return ids.map((id) => rows.find((row) => row.id === id)!);
}

/** Technical validation or medical release of current result versions, all or none. */
export async function stepResults(scope: WriteScope, actor: Actor, step: 'validate' | 'release', resultIds: readonly string[], now: Date): Promise<LabResult[]> {
  const { trx } = scope;
  const ids = [...new Set(resultIds)];
  const rows = await lockResults(trx, ids);
  for (const row of rows) {
    if (row.superseded_at !== null) throw HmsError.conflict('A newer version of this result exists.', { reason: 'superseded', resultId: row.id });
    if (row.item_status === 'cancelled') throw HmsError.conflict('The doctor cancelled this test.', { reason: 'order_cancelled', resultId: row.id });
    const check = resultTransition(row.status, step);
    if (!check.ok) throw HmsError.conflict(`This result cannot be ${step === 'validate' ? 'validated' : 'released'}: ${check.reason.replace('_', ' ')}.`, { reason: check.reason, resultId: row.id });
  }
  await trx('lab_results').whereIn('id', ids).update(step === 'validate' ? { status: 'validated', validated_by: actor.userId, validated_at: now } : { status: 'released', released_by: actor.userId, released_at: now });
  await refreshTestStatuses(trx, [...new Set(rows.map((row) => row.request_test_id))], now);
  for (const patientId of new Set(rows.map((row) => row.patient_id))) {
    const mine = rows.filter((row) => row.patient_id === patientId);
    scope.audit({ action: step === 'validate' ? 'lab.validate' : 'lab.release', entityType: 'patient', entityId: patientId, before: { resultIds: mine.map((row) => row.id), status: mine.map((row) => row.status) }, after: { status: step === 'validate' ? 'validated' : 'released' } });
    announceLabChange(scope, patientId, mine.map((row) => row.request_id), step === 'validate' ? 'validated' : 'released', now);
    if (step === 'release') {
      for (const requestId of new Set(mine.map((row) => row.request_id))) tellReleased(scope, mine.filter((row) => row.request_id === requestId), false, now);
    }
  }
  return resultsByIds(trx, ids);
}

function tellReleased(scope: WriteScope, rows: ReadonlyArray<Pick<StepRow, 'id' | 'request_id' | 'patient_id' | 'ordering_user_id'>>, amended: boolean, now: Date): void {
  const first = rows[0]!;
  const data = { requestId: first.request_id, resultIds: rows.map((row) => row.id), patientId: first.patient_id, amended, at: now.toISOString() };
  if (first.ordering_user_id !== null) scope.emit('lab.resultReleased', clinicianTopic(first.ordering_user_id), data);
  scope.emit('lab.resultReleased', chartTopic(first.patient_id), data);
}

/**
 * The calculated results that read an amended input, computed again: a released one is amended
 * with it (same reason, a new released version), one not yet released gets a new entered version.
 */
async function recalculate(
  scope: WriteScope, actor: Actor, rules: AnalyteRules, at: { test: TestContext; specimenId: string; patient: AnalytePatient; onDate: string },
  amended: readonly [string, number], reason: string, now: Date,
): Promise<Array<{ id: string; analyte: string; value: string; flag: ResultFlagCode | null; released: boolean }>> {
  const { trx } = scope;
  const { test } = at;
  const entries = await calculatedEntries(trx, rules, { testId: test.id, testCode: test.code, patient: at.patient, onDate: at.onDate }, [amended]);
  const out: Array<{ id: string; analyte: string; value: string; flag: ResultFlagCode | null; released: boolean }> = [];
  for (const { analyte, comment, definition, value } of entries) {
    if (!value.ok) continue;
    const current: CurrentRow | undefined = await trx('lab_results').where({ request_test_id: test.id, analyte }).whereNull('superseded_at').forUpdate().first('id', 'version', 'status');
    if (current?.status !== 'released') {
      out.push({ id: await insertVersion(trx, { test, specimenId: at.specimenId, analyte, definition, value, comment, actorId: actor.userId, now, deskAt: null }), analyte, value: value.valueText, flag: value.flag, released: false });
      continue;
    }
    await trx('lab_results').where({ id: current.id }).update({ superseded_at: now });
    const [row] = await trx('lab_results').insert({
      request_test_id: test.id, specimen_id: at.specimenId, patient_id: test.patient_id, analyte, version: current.version + 1,
      value_text: value.valueText, value_numeric: value.valueNumeric, unit: definition.unit, flag: value.flag,
      reference_range: definition.range === null ? null : JSON.stringify(definition.range),
      status: 'released', entered_by: actor.userId, entered_at: now, validated_by: actor.userId, validated_at: now, released_by: actor.userId, released_at: now,
      amendment_reason: `${reason} (recalculated from the amended ${amended[0]})`, supersedes: current.id, comment,
    }).returning('id');
    out.push({ id: (row as { id: string }).id, analyte, value: value.valueText, flag: value.flag, released: true });
  }
  return out;
}

export interface AmendInput {
  resultId: string;
  value: string;
  reason: string;
  comment?: string | undefined;
}

/** A released result corrected: a new released version with the reason; the old one stays, superseded. */
export async function amendResult(scope: WriteScope, actor: Actor, catalogue: AnalyteRules, input: AmendInput, now: Date): Promise<{ result: LabResult; alerts: LabCriticalAlert[] }> {
  const { trx } = scope;
  const [row] = await lockResults(trx, [input.resultId]);
  if (row!.superseded_at !== null) throw HmsError.conflict('A newer version of this result exists: amend that one.', { reason: 'superseded', resultId: input.resultId });
  const check = resultTransition(row!.status, 'amend');
  if (!check.ok) throw HmsError.conflict('Only a released result is amended; correct it by entering it again.', { reason: check.reason, resultId: input.resultId });
  const old: { analyte: string; version: number; value_text: string; specimen_id: string; comment: string | null } = await trx('lab_results').where({ id: input.resultId }).first('analyte', 'version', 'value_text', 'specimen_id', 'comment');
  const test = await lockTest(trx, row!.request_test_id);
  const rules = catalogue.withLimits(await limitsInForce(trx, catalogue.analytes(test.code) ?? [old.analyte]));
  const patient: AnalytePatient = { sex: test.sex, birthDate: test.birth_date };
  const onDate = localDateOf(now, await hospitalTimeZone(trx));
  const definition = rules.define(test.code, old.analyte, patient, onDate);
  if (definition?.test.calculation !== undefined) throw HmsError.validation({ resultId: `${old.analyte} is calculated: amend its inputs` });
  const value = readValue(definition, input.value);
  if (!value.ok) throw HmsError.validation({ value: value.problem });
  await trx('lab_results').where({ id: input.resultId }).update({ superseded_at: now });
  const [created] = await trx('lab_results').insert({
    request_test_id: test.id, specimen_id: old.specimen_id, patient_id: test.patient_id, analyte: old.analyte, version: old.version + 1,
    value_text: value.valueText, value_numeric: value.valueNumeric, unit: definition?.unit ?? null, flag: value.flag,
    reference_range: definition?.range === undefined || definition.range === null ? null : JSON.stringify(definition.range),
    status: 'released', entered_by: actor.userId, entered_at: now, validated_by: actor.userId, validated_at: now, released_by: actor.userId, released_at: now,
    amendment_reason: input.reason, supersedes: input.resultId, comment: input.comment ?? old.comment,
  }).returning('id');
  const resultId = (created as { id: string }).id;
  const alertIds = isCriticalFlagCode(value.flag as ResultFlagCode | null) ? [await raiseCritical(scope, test, resultId, now)] : [];
  const recalculated = value.valueNumeric === null ? [] : await recalculate(scope, actor, rules, { test, specimenId: old.specimen_id, patient, onDate }, [old.analyte, value.valueNumeric], input.reason, now);
  for (const { id, flag } of recalculated) if (isCriticalFlagCode(flag)) alertIds.push(await raiseCritical(scope, test, id, now));
  scope.audit({
    action: 'lab.amend', entityType: 'patient', entityId: test.patient_id,
    before: { resultId: input.resultId, version: old.version, value: old.value_text },
    after: { resultId, version: old.version + 1, value: value.valueText, flag: value.flag, reason: input.reason, recalculated: recalculated.map((r) => ({ id: r.id, analyte: r.analyte, value: r.value, released: r.released })) },
  });
  announceLabChange(scope, test.patient_id, [test.request_id], 'amended', now);
  const told = [resultId, ...recalculated.filter((r) => r.released).map((r) => r.id)];
  tellReleased(scope, told.map((id) => ({ id, request_id: test.request_id, patient_id: test.patient_id, ordering_user_id: test.ordering_user_id })), true, now);
  const [result] = await resultsByIds(trx, [resultId]);
  return { result: result!, alerts: await alertsByIds(trx, alertIds) };
}
