import { SPECIMEN_CONTAINER_LABELS } from '@hms/core';
import type { LabResult, LabTest, LabWorklistEntry, TestStatus } from '@hms/core';
import { currentResults, replacedVersion } from './lab-report-versions.js';
import { HostFailure } from '../result.js';
import type { LabReportDocument, PrintLabResult, PrintLabTest } from './lab-report-document.js';
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
