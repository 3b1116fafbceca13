import { SPECIMEN_CONTAINER_LABELS } from '@hms/core';
import type { LabReport, LabResult, LabTest, LabWorklistEntry, TestStatus } from '@hms/core';
import { currentResults, replacedVersion } from './lab-report-versions.js';
import { HostFailure } from '../result.js';
import type { LabReportDocument, PrintLabResult, PrintLabTest } from './lab-report-document.js';
import { printedUnit } from './lab-report-format.js';
import type { PrintPatient } from './patient.js';

// From the server's request (lab.request: the entry and every result version) to the report.

const PENDING_WORDS: Partial<Readonly<Record<TestStatus, string>>> = {
  awaiting_collection: 'Specimen awaited', collected: 'Specimen not received yet', received: 'In progress', cancelled: 'Cancelled by the requesting clinician',
};

function printResult(result: LabResult, all: readonly LabResult[]): PrintLabResult {
  const replaced = result.amendmentReason === null ? undefined : replacedVersion(all, result);
  return {
    analyte: result.analyte,
    value: result.value,
    unit: result.unit,
    flag: result.flag,
    range: result.range === null || result.range.text === '' ? null : result.range.text,
    comment: result.comment,
    status: result.status,
    validatedBy: result.validatedByName,
    validatedAt: result.validatedAt,
    releasedBy: result.releasedByName,
    releasedAt: result.releasedAt,
    amendment: result.amendmentReason === null ? null : { reason: result.amendmentReason, previousValue: replaced?.value ?? null },
  };
}

function printTest(test: LabTest, current: readonly LabResult[], all: readonly LabResult[], releasedOnly: boolean): PrintLabTest {
  const results = current.filter((result) => result.testId === test.id && (!releasedOnly || result.status === 'released'));
  const pending = results.length > 0 ? null : PENDING_WORDS[test.status] ?? (releasedOnly ? 'Not released yet' : 'In progress');
  return { code: test.code, name: test.name, pending, results: results.map((result) => printResult(result, all)) };
}

/**
 * The report of one request. `releasedOnly` (the chart's and the patient's copy) prints released
 * results only; the lab's own view shows every current value, marked preliminary.
 */
export function labReportDocumentOf(
  request: { entry: LabWorklistEntry; results: readonly LabResult[] },
  patient: PrintPatient,
  options: { reportedAt: string; releasedOnly: boolean },
): LabReportDocument {
  const { entry, results } = request;
  if (entry.accession === null) throw new HostFailure('CONFLICT', 'Nothing was collected for this order yet: there is no report to print.', { reason: 'not_collected' });
  const current = currentResults(results, entry.specimens);
  return {
    kind: 'labReport',
    accession: entry.accession,
    patient,
    requestedBy: entry.requestedBy,
    priority: entry.priority,
    orderedAt: entry.orderedAt,
    specimens: entry.specimens
      .filter((specimen) => specimen.status !== 'rejected')
      .map((specimen) => ({ barcode: specimen.barcode, container: SPECIMEN_CONTAINER_LABELS[specimen.container], collectedAt: specimen.collectedAt, receivedAt: specimen.receivedAt })),
    tests: entry.tests.map((test) => printTest(test, current, results, options.releasedOnly)),
    reportedAt: options.reportedAt,
  };
}

/** The patient as the report prints them: sex unknown (U) is left off, not printed as a letter no one reads. */
export function printPatientOf(patient: LabReport['patient']): PrintPatient {
  return {
    mrn: patient.mrn,
    name: patient.name,
    ...(patient.sex === 'U' ? {} : { sex: patient.sex }),
    ...(patient.birthDate === null ? {} : { birthDate: patient.birthDate, birthDateEstimated: patient.birthDateEstimated }),
  };
}

/**
 * The report from the server's own (lab.report): released current versions only, the tests not
 * released yet printed as to follow. What the chart and the lab print for the patient.
 */
export function labReportDocumentFromReport(report: LabReport): LabReportDocument {
  const tests: PrintLabTest[] = report.tests.map((test) => ({
    code: test.code,
    name: test.name,
    pending: null,
    results: test.results.map((result) => ({
      analyte: result.analyte,
      value: result.value,
      unit: result.unit,
      flag: result.flag,
      range: result.range === null || result.range.text === '' ? null : result.range.text,
      comment: result.comment,
      status: 'released',
      validatedBy: result.validatedByName,
      validatedAt: result.validatedAt,
      releasedBy: result.releasedByName,
      releasedAt: result.releasedAt,
      amendment: result.amendment === null ? null : {
        reason: result.amendment.reason,
        previousValue: result.amendment.previousUnit === null || result.amendment.previousUnit === result.unit ? result.amendment.previousValue : `${result.amendment.previousValue} ${printedUnit(result.amendment.previousUnit)}`,
      },
    })),
  }));
  return {
    kind: 'labReport',
    accession: report.accession,
    patient: printPatientOf(report.patient),
    requestedBy: report.requestedBy,
    priority: report.priority,
    orderedAt: report.orderedAt,
    specimens: report.specimens.map((specimen) => ({ barcode: specimen.barcode, container: SPECIMEN_CONTAINER_LABELS[specimen.container], collectedAt: specimen.collectedAt, receivedAt: specimen.receivedAt })),
    tests: [...tests, ...report.pendingTests.map((test) => ({ code: test.code, name: test.name, pending: 'To follow', results: [] }))],
    reportedAt: report.generatedAt,
  };
}
