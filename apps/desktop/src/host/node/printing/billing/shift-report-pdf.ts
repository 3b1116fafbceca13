import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ShiftReportDocument } from '../../../../shared/printing/billing/documents.js';
import { PAYMENT_METHOD_LABELS } from '../../../../shared/printing/billing/labels.js';
import { amount } from '../../../../shared/printing/billing/money.js';
import { zonedDateTime } from '../../../../shared/printing/billing/time.js';
import type { PrintContext } from '../../../../shared/printing/documents.js';
import { contentWidth, headCell, labelled, MM, moneyCell, pageDefinition, pageHeader, rule, table, totalsBlock } from './pdf-parts.js';
import type { Margins } from './pdf-parts.js';

// The cashier's shift report (A4): the float, what was taken by method, refunds and voids, the
// drawer counted by denomination, what it should hold, the variance and the cashier's note.

const MARGINS: Margins = [16 * MM, 14 * MM, 16 * MM, 16 * MM];
const WIDTH = contentWidth('A4', MARGINS);

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function section(title: string, body: Content[]): Content[] {
  return [{ text: title, style: 'group', margin: [0, 10, 0, 3] }, ...body];
}

function listOrNone(rows: TableCell[][], empty: string, build: (rows: TableCell[][]) => Content): Content {
  return rows.length === 0 ? { text: empty, italics: true, style: 'small' } : build(rows);
}

export function varianceWords(varianceMinor: number): string {
  return varianceMinor === 0 ? 'Balanced' : varianceMinor > 0 ? 'Over' : 'Short';
}

export function shiftReportPage(report: ShiftReportDocument, context: PrintContext): TDocumentDefinitions {
  const format = (minor: number) => amount(minor, report.money);
  const code = report.money.code;
  const refundCount = sum(report.methods.map((row) => row.refunds));
  const heading = report.status === 'open' ? 'SHIFT REPORT — SHIFT STILL OPEN' : 'SHIFT REPORT';
  return pageDefinition('A4', MARGINS, `Shift report ${report.cashierName}`, (current, count) => `Shift of ${report.cashierName} opened ${zonedDateTime(report.openedAt, report.timeZone)}  ·  page ${current} of ${count}  ·  ${context.workstationId}  ·  printed ${context.printedAt}`, [
    ...pageHeader(context, heading, undefined, WIDTH, report.status === 'open' ? '#a00000' : 'black'),
    {
      columns: [
        { width: '*', stack: [labelled('Cashier', report.cashierName, true), ...(report.desk === null || report.desk === '' ? [] : [labelled('Desk', report.desk)])] },
        { width: 'auto', alignment: 'right', stack: [labelled('Opened', zonedDateTime(report.openedAt, report.timeZone)), labelled('Closed', report.closedAt === null ? 'not yet' : zonedDateTime(report.closedAt, report.timeZone))] },
      ],
    },
    rule(WIDTH),
    ...section('Taken by payment method', [
      table(['*', 52, 84, 52, 84, 84], [headCell('Method'), headCell('Payments', true), headCell(`Taken (${code})`, true), headCell('Refunds', true), headCell(`Refunded (${code})`, true), headCell(`Net (${code})`, true)], [
        ...report.methods.map((row) => [
          { text: PAYMENT_METHOD_LABELS[row.method] }, moneyCell(String(row.payments)), moneyCell(format(row.paymentsMinor)), moneyCell(String(row.refunds)), moneyCell(format(row.refundsMinor)), moneyCell(format(row.paymentsMinor - row.refundsMinor)),
        ]),
        [
          { text: 'All methods', bold: true }, moneyCell(String(sum(report.methods.map((row) => row.payments))), true), moneyCell(format(sum(report.methods.map((row) => row.paymentsMinor))), true),
          moneyCell(String(refundCount), true), moneyCell(format(sum(report.methods.map((row) => row.refundsMinor))), true), moneyCell(format(sum(report.methods.map((row) => row.paymentsMinor - row.refundsMinor))), true),
        ],
      ], new Set([report.methods.length + 1])),
    ]),
    ...section(`Refunds (${refundCount})`, [listOrNone(
      report.refunds.map((row) => [{ text: row.number, noWrap: true }, { text: zonedDateTime(row.at, report.timeZone), noWrap: true }, { text: PAYMENT_METHOD_LABELS[row.method] }, { text: row.reason }, moneyCell(format(row.amountMinor))]),
      refundCount === 0 ? 'No refunds.' : 'Counted in the totals above; not listed one by one here.',
      (rows) => table([92, 80, 66, '*', 70], [headCell('Refund'), headCell('Date'), headCell('Method'), headCell('Reason'), headCell(`Amount (${code})`, true)], rows),
    )]),
    ...section(`Voids (${report.voidCount})`, [listOrNone(
      report.voids.map((row) => [{ text: row.number, noWrap: true }, { text: zonedDateTime(row.at, report.timeZone), noWrap: true }, { text: row.reason }, moneyCell(format(row.amountMinor))]),
      report.voidCount === 0 ? 'No voids.' : 'Invoices voided in the shift; not listed one by one here.',
      (rows) => table([92, 80, '*', 70], [headCell('Document'), headCell('Date'), headCell('Reason'), headCell(`Amount (${code})`, true)], rows),
    )]),
    ...section('Cash counted by denomination', [listOrNone(
      [...report.counts].sort((a, b) => b.valueMinor - a.valueMinor).map((row) => [moneyCell(format(row.valueMinor)), moneyCell(`× ${row.count}`), moneyCell(format(row.valueMinor * row.count))]),
      report.countedCashMinor === null ? 'Not counted yet.' : 'Counted as a total, not by denomination.',
      (rows) => ({ columns: [{ width: 'auto', ...table([80, 50, 90], [headCell('Denomination', true), headCell('Count', true), headCell(`Value (${code})`, true)], rows) }, { width: '*', text: '' }] }),
    )]),
    {
      stack: [
        { text: `Cash in the drawer (${code})`, style: 'group', alignment: 'right', margin: [0, 10, 0, 0] },
        totalsBlock([
          { label: 'Float', value: format(report.floatMinor) },
          { label: '+ Cash taken', value: format(report.cashInMinor) },
          { label: '− Cash refunded', value: format(report.cashOutMinor) },
          { label: 'Expected in the drawer', value: format(report.expectedCashMinor), bold: true },
          ...(report.countedCashMinor === null || report.varianceMinor === null
            ? []
            : [
              { label: 'Counted', value: format(report.countedCashMinor), bold: true },
              { label: `Variance (${varianceWords(report.varianceMinor)})`, value: `${report.varianceMinor > 0 ? '+' : ''}${format(report.varianceMinor)}`, bold: true },
            ]),
        ]),
        ...(report.varianceMinor === null || report.varianceMinor === 0
          ? []
          : [{ text: [{ text: 'Variance note  ', style: 'label' }, report.varianceNote === null || report.varianceNote === '' ? { text: 'none given', italics: true } : report.varianceNote], margin: [0, 6, 0, 0] as [number, number, number, number] }]),
      ],
      unbreakable: true,
    },
    { columns: [{ text: 'Cashier ____________________', margin: [0, 28, 0, 0] }, { text: 'Supervisor ____________________', alignment: 'right', margin: [0, 28, 0, 0] }] },
  ]);
}
