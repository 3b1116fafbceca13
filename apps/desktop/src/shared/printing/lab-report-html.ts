import { ageSexLine } from './clinical-format.js';
import { escapeHtml } from './clinical-html.js';
import { printedDateTime } from './format.js';
import type { LabReportDocument, PrintLabResult, PrintLabTest } from './lab-report-document.js';
import { amendmentLine, FLAG_LEGEND, isCriticalFlag, PRELIMINARY_NOTE, printedUnit, reportIsFinal, reportTitle, signOffLine, statusNote, timeAfter } from './lab-report-format.js';

// The lab report as HTML: the browser workstation's print dialog, and the report viewed on the
// screen of either workstation. The same words as the PDF (lab-report-format.ts).

export const LAB_REPORT_STYLE = `table.results{width:100%;border-collapse:collapse;margin-top:2px}
  table.results th{font-size:7.5pt;color:#555;text-align:left;border-bottom:0.5pt solid #999;padding:1px 2px}
  table.results td{padding:1px 2px;vertical-align:top} td.flagged{font-weight:600} .critical{color:#a00000;font-weight:600}
  td.note{font-size:7.5pt;color:#555;font-style:italic;padding-left:8px} h3.test{font-size:10pt;margin:8px 0 2px}
  .prelim{color:#a00000}`;

function resultRows(result: PrintLabResult): string {
  const critical = isCriticalFlag(result.flag) ? ' critical' : '';
  const flagged = result.flag === null ? '' : ' flagged';
  const status = statusNote(result);
  const notes = [amendmentLine(result), result.comment === null || result.comment === '' ? undefined : `Comment: ${result.comment}`, status === undefined ? undefined : `(${status})`]
    .filter((note): note is string => note !== undefined);
  return `<tr><td>${escapeHtml(result.analyte)}</td><td class="value${flagged}${critical}">${escapeHtml(result.value)}</td>
    <td class="flag${critical}"><b>${escapeHtml(result.flag ?? '')}</b></td><td>${escapeHtml(printedUnit(result.unit))}</td><td>${escapeHtml(result.range ?? '')}</td></tr>
    ${notes.length === 0 ? '' : `<tr><td class="note" colspan="5">${notes.map(escapeHtml).join('<br>')}</td></tr>`}`;
}

function testHtml(test: PrintLabTest): string {
  if (test.pending !== null) return `<h3 class="test">${escapeHtml(test.name)}</h3><div><i>${escapeHtml(test.pending)}</i></div>`;
  return `<h3 class="test">${escapeHtml(test.name)}</h3><table class="results"><thead><tr><th>Test</th><th>Result</th><th>Flag</th><th>Unit</th><th>Reference range</th></tr></thead>
    <tbody>${test.results.map(resultRows).join('')}</tbody></table><div class="small">${escapeHtml(signOffLine(test.results))}</div>`;
}

export function labReportHtml(document: LabReportDocument, hospitalName: string): string {
  const details = ageSexLine(document.patient, document.orderedAt);
  const final = reportIsFinal(document);
  const labelled = (label: string, value: string, bold = false) => `<div><span class="label">${escapeHtml(label)}</span> ${bold ? `<b>${escapeHtml(value)}</b>` : escapeHtml(value)}</div>`;
  return `<h1>${escapeHtml(hospitalName)}</h1><h2${final ? '' : ' class="prelim"'}>${escapeHtml(reportTitle(document))}</h2><hr>
    <div class="row"><div><div class="name">${escapeHtml(document.patient.name)}</div>${labelled('MRN', document.patient.mrn, true)}${details === '' ? '' : `<div>${escapeHtml(details)}</div>`}</div>
    <div style="text-align:right">${labelled('Accession', document.accession, true)}${labelled('Requested by', document.requestedBy)}${labelled('Ordered', printedDateTime(document.orderedAt))}
    ${document.priority === 'routine' || document.priority === '' ? '' : labelled('Priority', document.priority.toUpperCase(), true)}</div></div>
    ${document.specimens.map((specimen) => `<div><span class="label">Specimen</span> <b>${escapeHtml(specimen.barcode)}</b> ${escapeHtml(specimen.container)}
      <span class="label">collected</span> ${escapeHtml(printedDateTime(specimen.collectedAt))}${specimen.receivedAt === null ? '' : ` <span class="label">received</span> ${escapeHtml(timeAfter(specimen.collectedAt, specimen.receivedAt))}`}</div>`).join('')}
    <hr>${document.tests.map(testHtml).join('')}<hr>
    ${final ? '' : `<div class="small prelim">${escapeHtml(PRELIMINARY_NOTE)}</div>`}<div class="small">${escapeHtml(FLAG_LEGEND)}</div>
    <div class="small">Report made ${escapeHtml(printedDateTime(document.reportedAt))}. Reference ranges are those in force when each result was entered.</div>`;
}
