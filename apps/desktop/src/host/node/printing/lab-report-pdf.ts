import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { ageSexLine } from '../../../shared/printing/clinical-format.js';
import type { PrintContext } from '../../../shared/printing/documents.js';
import type { LabReportDocument, PrintLabResult, PrintLabTest } from '../../../shared/printing/lab-report-document.js';
import { amendmentLine, FLAG_LEGEND, isCriticalFlag, PRELIMINARY_NOTE, printedUnit, reportFooter, reportIsFinal, reportTitle, signOffLine, statusNote, timeAfter } from '../../../shared/printing/lab-report-format.js';
import { printedDateTime } from '../../../shared/printing/format.js';

// The laboratory's patient report on an A5 page (the page printer's paper, as the prescription):
// each test a small table of value, flag, unit and the range in force, its comments and sign-off.

const MM = 72 / 25.4;
const MARGIN = 12 * MM;
const WIDTH = 148 * MM - 2 * MARGIN;
const CRITICAL = '#a00000';

const styles: TDocumentDefinitions['styles'] = {
  hospital: { fontSize: 14, bold: true, alignment: 'center' },
  address: { fontSize: 8, alignment: 'center', color: '#444444' },
  title: { fontSize: 12, bold: true, alignment: 'center', margin: [0, 4, 0, 0] },
  name: { fontSize: 12, bold: true },
  label: { fontSize: 7.5, color: '#555555' },
  test: { fontSize: 10, bold: true, margin: [0, 7, 0, 2] },
  head: { fontSize: 7.5, color: '#555555', bold: true },
  small: { fontSize: 7.5, color: '#555555' },
};

function rule(): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: WIDTH, y2: 0, lineWidth: 0.6, lineColor: '#888888' }], margin: [0, 5, 0, 5] };
}

function labelled(label: string, value: string, bold = false): Content {
  return { text: [{ text: `${label}  `, style: 'label' }, { text: value, bold }] };
}

function resultRows(result: PrintLabResult): TableCell[][] {
  const critical = isCriticalFlag(result.flag);
  const status = statusNote(result);
  const row: TableCell[] = [
    { text: result.analyte },
    { text: result.value, bold: result.flag !== null, ...(critical ? { color: CRITICAL } : {}) },
    { text: result.flag ?? '', bold: true, ...(critical ? { color: CRITICAL } : {}) },
    { text: printedUnit(result.unit) },
    { text: result.range ?? '' },
  ];
  const notes = [amendmentLine(result), result.comment === null || result.comment === '' ? undefined : `Comment: ${result.comment}`, status === undefined ? undefined : `(${status})`]
    .filter((note): note is string => note !== undefined);
  return notes.length === 0 ? [row] : [row, [{ text: notes.join('\n'), colSpan: 5, style: 'small', italics: true, margin: [8, 0, 0, 1] }, {}, {}, {}, {}]];
}

function testBlock(test: PrintLabTest): Content {
  if (test.pending !== null) {
    return { stack: [{ text: test.name, style: 'test' }, { text: test.pending, italics: true }], unbreakable: true };
  }
  return {
    stack: [
      { text: test.name, style: 'test' },
      {
        table: {
          headerRows: 1,
          widths: [40, 56, 22, 52, '*'],
          body: [
            [{ text: 'Test', style: 'head' }, { text: 'Result', style: 'head' }, { text: 'Flag', style: 'head' }, { text: 'Unit', style: 'head' }, { text: 'Reference range', style: 'head' }],
            ...test.results.flatMap(resultRows),
          ],
        },
        layout: { hLineWidth: (index) => (index === 1 ? 0.5 : 0), vLineWidth: () => 0, hLineColor: () => '#999999', paddingLeft: () => 2, paddingRight: () => 2, paddingTop: () => 1.5, paddingBottom: () => 1.5 },
      },
      { text: signOffLine(test.results), style: 'small', margin: [0, 2, 0, 0] },
    ],
    unbreakable: true,
  };
}

export function labReportPage(document: LabReportDocument, context: PrintContext): TDocumentDefinitions {
  const details = ageSexLine(document.patient, document.orderedAt);
  const final = reportIsFinal(document);
  return {
    pageSize: 'A5',
    pageMargins: [MARGIN, MARGIN, MARGIN, 14 * MM],
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.12 },
    styles,
    info: { title: `Laboratory report ${document.accession}`, creator: 'HMS', producer: 'HMS' },
    footer: (current, count) => ({ text: reportFooter(document, current, count, context.workstationId, context.printedAt), style: 'small', alignment: 'center', margin: [MARGIN, 3.5 * MM, MARGIN, 0] }),
    content: [
      { text: context.hospitalName, style: 'hospital' },
      ...(context.hospitalAddress === undefined ? [] : [{ text: context.hospitalAddress, style: 'address' }]),
      { text: reportTitle(document), style: 'title', ...(final ? {} : { color: CRITICAL }) },
      rule(),
      {
        columns: [
          { width: '*', stack: [{ text: document.patient.name, style: 'name' }, labelled('MRN', document.patient.mrn, true), ...(details === '' ? [] : [{ text: details }])] },
          {
            width: 'auto',
            alignment: 'right',
            stack: [labelled('Accession', document.accession, true), labelled('Requested by', document.requestedBy), labelled('Ordered', printedDateTime(document.orderedAt)), ...(document.priority === 'routine' || document.priority === '' ? [] : [labelled('Priority', document.priority.toUpperCase(), true)])],
          },
        ],
        columnGap: 8,
      },
      ...document.specimens.map((specimen) => ({
        text: [
          { text: 'Specimen  ', style: 'label' }, { text: specimen.barcode, bold: true }, `  ${specimen.container}`,
          { text: '  collected ', style: 'label' }, printedDateTime(specimen.collectedAt),
          ...(specimen.receivedAt === null ? [] : [{ text: '  received ', style: 'label' }, timeAfter(specimen.collectedAt, specimen.receivedAt)]),
        ],
        fontSize: 8.5,
        margin: [0, 2, 0, 0] as [number, number, number, number],
      })),
      rule(),
      ...document.tests.map(testBlock),
      rule(),
      ...(final ? [] : [{ text: PRELIMINARY_NOTE, style: 'small', color: CRITICAL, margin: [0, 0, 0, 2] as [number, number, number, number] }]),
      { text: FLAG_LEGEND, style: 'small' },
      { text: `Report made ${printedDateTime(document.reportedAt)}. Reference ranges are those in force when each result was entered.`, style: 'small' },
    ],
  };
}
