import { LAB_RELEASE_ROLES, mayCall, resultFlag } from '@hms/core';
import type { LabAnalyte, LabResult, LabSpecimen, LabTest, ParamsIn, ResultFlagCode, ResultValue, Role } from '@hms/core';
import type { QueuedResultEntry, ResultSheetView } from '../../../shared/lab/result-views.js';
import { currentResults } from '../../../shared/printing/lab-report-versions.js';

// The result entry grid's model, pure: which tests take values now, each analyte's row (unit,
// range in force, the current value and its status), the flag shown as a value is typed, and the
// calls the grid makes. The server reads, rounds and flags every value again and its answer is
// the record; the preview only tells the technologist before they move on.

/** One value's row. */
export interface GridRow {
  analyte: LabAnalyte;
  current: LabResult | undefined;
  /** Entered here while offline, waiting in the outbox. */
  queued: { value: string; comment?: string | undefined } | undefined;
}

export interface GridTest {
  test: LabTest & { id: string };
  /** The received specimen its values are read from (the latest, after a recollection). */
  specimen: LabSpecimen | undefined;
  rows: GridRow[];
  /** Why no value can be entered now, or undefined when it can. */
  locked: string | undefined;
}

export interface Draft {
  value: string;
  comment: string;
}

/** What a typed value reads as, before it is sent. */
export type Preview = { state: 'empty' } | { state: 'ok'; flag: ResultFlagCode | null; shown: string } | { state: 'problem'; problem: string };

const NUMBER = /^-?\d+(\.\d+)?$/;
const TITRE = /^(?:1\s*:\s*)?(\d{1,6})$/;
const NON_REACTIVE = /^(negative|non[- ]?reactive)$/i;
const NO_GROWTH = /^(no growth|no_growth|none|sterile)\b/i;

/** An analyte the catalogue does not describe (a test outside it): what its stored values say, typed as text. */
function unlisted(code: string, results: readonly LabResult[]): LabAnalyte {
  const last = results.find((result) => result.analyte === code);
  return { code, name: code, type: 'text', unit: last?.unit ?? null, decimals: null, calculated: false, range: last?.range ?? null };
}

function limits(low: number | null, high: number | null) {
  return { ...(low === null ? {} : { low }), ...(high === null ? {} : { high }), source: '', sexUnknown: false };
}

/** The value as typed, read as the server will read it, and its flag against the range in force. */
export function previewValue(analyte: LabAnalyte, raw: string): Preview {
  const value = raw.trim();
  if (value === '') return { state: 'empty' };
  const range = analyte.range;
  const flagOf = (definition: Parameters<typeof resultFlag>[0], result: ResultValue) =>
    range === null ? resultFlag(definition, result) : resultFlag(definition, result, limits(range.low, range.high), limits(range.criticalLow, range.criticalHigh));
  switch (analyte.type) {
    case 'numeric': {
      if (!NUMBER.test(value)) return { state: 'problem', problem: `not a number${analyte.unit === null ? '' : ` (${analyte.unit})`}` };
      const decimals = analyte.decimals ?? 0;
      const number = Number(Number(value).toFixed(decimals));
      return { state: 'ok', shown: number.toFixed(decimals), flag: flagOf({ type: 'numeric', unit: analyte.unit ?? '1', decimals }, { type: 'numeric', value: number }) };
    }
    case 'coded': {
      const wanted = value.toLowerCase();
      const choices = analyte.choices ?? [];
      const choice = choices.find((candidate) => candidate.code === wanted || candidate.label.toLowerCase() === wanted);
      if (choice === undefined) return { state: 'problem', problem: `one of ${choices.map((candidate) => candidate.label).join(', ')}` };
      return { state: 'ok', shown: choice.label, flag: choice.abnormal ? 'A' : null };
    }
    case 'titre': {
      if (NON_REACTIVE.test(value)) return { state: 'ok', shown: 'Non-reactive', flag: null };
      const match = TITRE.exec(value);
      if (match === null || Number(match[1]) < 1) return { state: 'problem', problem: 'a titre (1:64, 64 or negative)' };
      const dilution = Number(match[1]);
      // Flagged as the server will (core resultFlag against the catalogue's threshold); an analyte kept without one is flagged when saved.
      const flag = analyte.abnormalFrom === undefined ? null : resultFlag({ type: 'titre', abnormalFrom: analyte.abnormalFrom, source: '' }, { type: 'titre', value: dilution });
      return { state: 'ok', shown: `1:${dilution}`, flag };
    }
    case 'organism':
      return { state: 'ok', shown: value, flag: NO_GROWTH.test(value) ? null : 'A' };
    case 'text':
      return { state: 'ok', shown: value, flag: null };
  }
}

function latestReceived(specimens: readonly LabSpecimen[], code: string): LabSpecimen | undefined {
  return specimens.filter((specimen) => specimen.status === 'received' && specimen.tests.includes(code)).sort((a, b) => b.collectedAt.localeCompare(a.collectedAt))[0];
}

function lockOf(test: LabTest, specimen: LabSpecimen | undefined): string | undefined {
  switch (test.status) {
    case 'cancelled':
      return 'Cancelled by the requesting clinician.';
    case 'awaiting_collection':
      return 'Awaiting a specimen (a rejected one asks for a recollection).';
    case 'collected':
      return 'The specimen is not received in the lab yet.';
    case 'released':
      return 'Released: a correction is an amendment, with its reason.';
    case 'received':
    case 'resulted':
    case 'validated':
      return specimen === undefined ? 'No received specimen holds this test.' : undefined;
  }
}

/** The grid's tests: those the request holds (narrowed to a section), each analyte with its current value. */
export function gridTests(sheet: Pick<ResultSheetView, 'entry' | 'results' | 'queued'>, section?: LabTest['section']): GridTest[] {
  const current = currentResults(sheet.results, sheet.entry.specimens);
  return sheet.entry.tests
    .filter((test): test is LabTest & { id: string } => test.id !== null && (section === undefined || test.section === section))
    .map((test) => {
      const own = current.filter((result) => result.testId === test.id);
      const listed = test.analytes ?? [];
      const analytes = [...listed.filter((analyte) => !analyte.calculated || own.some((result) => result.analyte === analyte.code)), ...own.filter((result) => !listed.some((analyte) => analyte.code === result.analyte)).map((result) => unlisted(result.analyte, own))];
      const queued = sheet.queued.filter((entry: QueuedResultEntry) => entry.testId === test.id);
      const specimen = latestReceived(sheet.entry.specimens, test.code);
      return {
        test,
        specimen,
        locked: lockOf(test, specimen),
        rows: analytes.map((analyte) => ({
          analyte,
          current: own.find((result) => result.analyte === analyte.code),
          queued: queued.flatMap((entry) => entry.results).filter((result) => result.analyte === analyte.code).at(-1),
        })),
      };
    });
}

/** The values the technologist typed or changed, as one lab.enterResults for the test (undefined when nothing changed). */
export function entryParams(test: GridTest, drafts: Readonly<Record<string, Draft>>): ParamsIn<'lab.enterResults'> | undefined {
  if (test.locked !== undefined || test.specimen === undefined) return undefined;
  const results = test.rows.flatMap((row) => {
    const draft = drafts[row.analyte.code];
    if (draft === undefined || row.analyte.calculated) return [];
    const value = draft.value.trim();
    const comment = draft.comment.trim();
    const before = row.queued ?? row.current;
    if (value === '' || (before !== undefined && before.value === value && (before.comment ?? '') === comment)) return [];
    return [{ analyte: row.analyte.code, value, ...(comment === '' ? {} : { comment }) }];
  });
  return results.length === 0 ? undefined : { testId: test.test.id, specimenBarcode: test.specimen.barcode, results };
}

/** A typed value the server would refuse, per analyte: sent only when there is none. */
export function draftProblems(test: GridTest, drafts: Readonly<Record<string, Draft>>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const row of test.rows) {
    const draft = drafts[row.analyte.code];
    if (draft === undefined) continue;
    const preview = previewValue(row.analyte, draft.value);
    if (preview.state === 'problem') problems[row.analyte.code] = preview.problem;
  }
  return problems;
}

/** Current versions entered and not validated: the technologist's next step. */
export function validatable(tests: readonly GridTest[]): string[] {
  return tests.flatMap((test) => test.rows.flatMap((row) => (row.current?.status === 'entered' ? [row.current.id] : [])));
}

/** Validated and not released: the supervisor's; none for a role that may not release (the screen hides the button, the server checks). */
export function releasable(tests: readonly GridTest[], roles: readonly Role[]): string[] {
  if (!mayCall(LAB_RELEASE_ROLES, roles)) return [];
  return tests.flatMap((test) => test.rows.flatMap((row) => (row.current?.status === 'validated' ? [row.current.id] : [])));
}

/** Whether this user may amend released results (a supervisor). */
export function mayAmend(roles: readonly Role[]): boolean {
  return mayCall(LAB_RELEASE_ROLES, roles);
}
