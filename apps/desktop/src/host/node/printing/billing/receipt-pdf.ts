import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PaymentReceiptDocument } from '../../../../shared/printing/billing/documents.js';
import { OFFLINE_NOTE, PAYMENT_METHOD_LABELS, offlineDeskOf } from '../../../../shared/printing/billing/labels.js';
import { money } from '../../../../shared/printing/billing/money.js';
import { amountLabel, balanceRow, receiptTitle, refundRows } from '../../../../shared/printing/billing/receipt-words.js';
import { zonedDateTime } from '../../../../shared/printing/billing/time.js';
import type { PrintContext } from '../../../../shared/printing/documents.js';
import { barcode, barcodeModules } from '../pdf-codes.js';
import { contentWidth, MM, pageDefinition, pageHeader, rule, styles } from './pdf-parts.js';
import type { Margins } from './pdf-parts.js';

// The payment receipt as a page (A5 or A6) for the page printer, or as an 80 mm slip when the
// receipt printer is the PDF fallback: the same lines the thermal roll prints.

type Row = [label: string, value: string, bold?: boolean];

/** The receipt's rows in three groups (who, what, the money), a rule between groups. */
function groups(receipt: PaymentReceiptDocument): Row[][] {
  const format = (minor: number) => money(minor, receipt.money);
  const balance = balanceRow(receipt, format);
  return [
    [['Receipt No.', receipt.receiptNumber, true], ['Date', zonedDateTime(receipt.takenAt, receipt.timeZone)], ['Cashier', receipt.cashier]],
    [
      ['Patient', receipt.patient.name, true],
      ['MRN', receipt.patient.mrn],
      ...(receipt.invoiceNumber === null ? [] : [['Invoice', receipt.invoiceNumber] as Row]),
      ['Method', PAYMENT_METHOD_LABELS[receipt.method]],
      ...(receipt.reference === null || receipt.reference === '' ? [] : [['Reference', receipt.reference] as Row]),
      ...refundRows(receipt),
    ],
    [
      [amountLabel(receipt), format(receipt.amountMinor), true],
      ...(receipt.tenderedMinor === null ? [] : [['Tendered', format(receipt.tenderedMinor)], ['Change', format(receipt.changeMinor)]] as Row[]),
      ...(balance === undefined ? [] : [[...balance, true] as Row]),
    ],
  ];
}

function body(receipt: PaymentReceiptDocument, width: number): Content[] {
  const desk = offlineDeskOf(receipt.receiptNumber);
  const rowGroups = groups(receipt);
  // A rule above the first row of every group but the first.
  const ruled = new Set(rowGroups.slice(0, -1).map((_, index) => rowGroups.slice(0, index + 1).reduce((count, group) => count + group.length, 0)));
  return [
    {
      table: { widths: ['auto', '*'], body: rowGroups.flat().map(([label, value, bold]) => [{ text: label, style: 'label' }, { text: value, alignment: 'right', bold: bold ?? false }]) },
      layout: { hLineWidth: (index: number) => (ruled.has(index) ? 0.5 : 0), vLineWidth: () => 0, hLineColor: () => '#999999', paddingLeft: () => 0, paddingRight: () => 0, paddingTop: () => 1.5, paddingBottom: () => 1.5 },
    },
    ...(desk === undefined ? [] : [{ text: `${OFFLINE_NOTE} Desk ${desk}.`, style: 'small', margin: [0, 4, 0, 0] as [number, number, number, number] }]),
    rule(width),
    { ...barcode(receipt.receiptNumber, Math.min(1, width / barcodeModules(receipt.receiptNumber)), 26), alignment: 'center' },
    { text: receipt.receiptNumber, alignment: 'center', fontSize: 8, margin: [0, 2, 0, 4] },
    { text: 'Thank you. Keep this receipt.', alignment: 'center' },
  ];
}


export function receiptPage(receipt: PaymentReceiptDocument, context: PrintContext): TDocumentDefinitions {
  if (receipt.paper === 'roll') {
    const width = 70 * MM;
    return {
      pageSize: { width: 80 * MM, height: 'auto' },
      pageMargins: [5 * MM, 5 * MM, 5 * MM, 6 * MM],
      defaultStyle: { font: 'Roboto', fontSize: 9 },
      styles,
      info: { title: `Receipt ${receipt.receiptNumber}`, creator: 'HMS', producer: 'HMS' },
      content: [...pageHeader(context, receiptTitle(receipt), undefined, width), ...body(receipt, width), { text: `${context.workstationId}  ·  ${context.printedAt}`, style: 'small', alignment: 'center', margin: [0, 6, 0, 0] }],
    };
  }
  const margins: Margins = receipt.paper === 'A6' ? [8 * MM, 8 * MM, 8 * MM, 12 * MM] : [14 * MM, 14 * MM, 14 * MM, 16 * MM];
  const width = contentWidth(receipt.paper, margins);
  return pageDefinition(receipt.paper, margins, `Receipt ${receipt.receiptNumber}`, () => `Receipt ${receipt.receiptNumber}  ·  ${context.workstationId}  ·  printed ${context.printedAt}`, [
    ...pageHeader(context, receiptTitle(receipt), undefined, width),
    ...body(receipt, width),
  ]);
}
