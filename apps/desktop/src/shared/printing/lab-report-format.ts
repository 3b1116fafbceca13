import type { ResultFlagCode } from '@hms/core';
import type { LabReportDocument, PrintLabResult } from './lab-report-document.js';
import { printedDateTime } from './format.js';

// The words the lab report prints, shared by the PDF and the browser's page so both say the same.

export const FLAG_WORDS: Readonly<Record<ResultFlagCode, string>> = {
  L: 'low', H: 'high', LL: 'critically low', HH: 'critically high', A: 'abnormal',
};

export const FLAG_LEGEND = 'Flags: L low, H high (outside the reference range); LL, HH critical (at or beyond the critical limit, reported at once); A abnormal result.';

export function isCriticalFlag(flag: ResultFlagCode | null): boolean {
  return flag === 'LL' || flag === 'HH';
}

/** Final when every result on it is released; else a preliminary, marked as such on every page. */
export function reportIsFinal(document: Pick<LabReportDocument, 'tests'>): boolean {
  return document.tests.every((test) => test.pending === null && test.results.length > 0 && test.results.every((result) => result.status === 'released'));
}

/** Preliminary while anything is to follow or not released; a final report with a correction says it was amended. */
export function reportTitle(document: Pick<LabReportDocument, 'tests'>): string {
  if (!reportIsFinal(document)) return 'LABORATORY REPORT — PRELIMINARY';
  return document.tests.some((test) => test.results.some((result) => result.amendment !== null)) ? 'LABORATORY REPORT — AMENDED' : 'LABORATORY REPORT';
}

export const PRELIMINARY_NOTE = 'Preliminary: tests to follow, and results marked "not released", are not final: they have not been medically released and may change.';

/** "GLU", or the value with its status when it is not released yet. */
export function statusNote(result: Pick<PrintLabResult, 'status'>): string | undefined {
  switch (result.status) {
    case 'released':
      return undefined;
    case 'validated':
      return 'validated, not released';
    case 'entered':
      return 'not validated, not released';
  }
}

/** Who validated and who released, and when: the line under each test. */
export function signOffLine(results: readonly Pick<PrintLabResult, 'validatedBy' | 'validatedAt' | 'releasedBy' | 'releasedAt'>[]): string {
  const names = (pick: (result: (typeof results)[number]) => string | null) => [...new Set(results.map(pick).filter((name): name is string => name !== null && name !== ''))];
  const latest = (pick: (result: (typeof results)[number]) => string | null) => results.map(pick).filter((at): at is string => at !== null).sort().at(-1);
  const validatedBy = names((result) => result.validatedBy);
  const releasedBy = names((result) => result.releasedBy);
  const validatedAt = latest((result) => result.validatedAt);
  const releasedAt = latest((result) => result.releasedAt);
  const parts = [
    validatedBy.length === 0 ? 'Not validated yet' : `Validated by ${validatedBy.join(', ')}${validatedAt === undefined ? '' : ` at ${printedDateTime(validatedAt)}`}`,
    releasedBy.length === 0 ? 'not released yet' : `released by ${releasedBy.join(', ')}${releasedAt === undefined ? '' : ` at ${printedDateTime(releasedAt)}`}`,
  ];
  return `${parts.join('; ')}.`;
}

/** A correction after release, as printed under its value. */
export function amendmentLine(result: Pick<PrintLabResult, 'amendment'>): string | undefined {
  if (result.amendment === null) return undefined;
  const previous = result.amendment.previousValue === null ? '' : ` (was ${result.amendment.previousValue})`;
  return `Amended${previous}: ${result.amendment.reason}`;
}

/** The footer of every page: which report and patient it belongs to (a second page is read on its own too). */
export function reportFooter(document: Pick<LabReportDocument, 'accession' | 'patient'>, current: number, count: number, workstationId: string, printedAt: string): string {
  return `Laboratory report ${document.accession} for ${document.patient.name}, MRN ${document.patient.mrn}  ·  page ${current} of ${count}\n${workstationId}  ·  printed ${printedAt}`;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** A UCUM unit as people read it: 10*9/L -> ×10⁹/L, umol/L -> µmol/L (the wire keeps the UCUM code). */
export function printedUnit(unit: string | null): string {
  if (unit === null) return '';
  return unit
    .replace(/^10\*(\d+)/, (_, power: string) => `×10${[...power].map((digit) => SUPERSCRIPT[digit] ?? digit).join('')}`)
    .replace(/\bu(mol|g|L|IU)\b/g, 'µ$1');
}

/** "2 Mar 2026 08:05", then the second time only as 08:20 when it is the same day. */
export function timeAfter(first: string, second: string): string {
  const a = printedDateTime(first);
  const b = printedDateTime(second);
  return a.slice(0, -6) === b.slice(0, -6) ? b.slice(-5) : b;
}
