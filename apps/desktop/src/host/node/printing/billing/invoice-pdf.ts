import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { InvoiceDocument, PrintInvoiceItem } from '../../../../shared/printing/billing/documents.js';
import { PAYMENT_METHOD_LABELS } from '../../../../shared/printing/billing/labels.js';
import { amount } from '../../../../shared/printing/billing/money.js';
import { zonedDate, zonedDateTime } from '../../../../shared/printing/billing/time.js';
import type { PrintContext } from '../../../../shared/printing/documents.js';
import { barcode, barcodeModules } from '../pdf-codes.js';
import { contentWidth, headCell, labelled, MM, moneyCell, pageDefinition, pageHeader, rule, table, totalsBlock } from './pdf-parts.js';
import type { Margins } from './pdf-parts.js';

// The invoice on an A4 page: the hospital, the patient and who pays (payer, scheme, member
// number), the items grouped by department with a subtotal each, the payer's and the patient's
// shares, the payments taken and the balance, the number as a Code 128 to find it again.

const MARGINS: Margins = [14 * MM, 14 * MM, 14 * MM, 16 * MM];
const WIDTH = contentWidth('A4', MARGINS);

function groups(items: readonly PrintInvoiceItem[]): Array<{ department: string; items: PrintInvoiceItem[] }> {
  const byDepartment = new Map<string, PrintInvoiceItem[]>();
  for (const item of items) byDepartment.set(item.department, [...(byDepartment.get(item.department) ?? []), item]);
  return [...byDepartment].map(([department, grouped]) => ({ department, items: grouped }));
}

const total = (items: readonly PrintInvoiceItem[], pick: (item: PrintInvoiceItem) => number) => items.reduce((sum, item) => sum + pick(item), 0);

function itemsTable(invoice: InvoiceDocument): Content {
  const split = invoice.payer.kind !== 'cash';
  const format = (minor: number) => amount(minor, invoice.money);
  const head: TableCell[] = [headCell('Date'), headCell('Service'), headCell('Qty', true), headCell('Unit price', true), headCell('Amount', true), ...(split ? [headCell('Payer', true), headCell('Patient', true)] : [])];
  const columns = head.length;
  const rows: TableCell[][] = [];
  const ruled = new Set<number>();
  for (const group of groups(invoice.items)) {
    rows.push([{ text: group.department, style: 'group', colSpan: columns }, ...Array.from({ length: columns - 1 }, () => ({}))]);
    for (const item of group.items) {
      rows.push([
        // The code leads the description in small type: a long code costs the line no column.
        { text: zonedDate(item.at, invoice.timeZone), noWrap: true }, { text: [{ text: item.code, style: 'small' }, `  ${item.description}`] },
        moneyCell(String(item.quantity)), moneyCell(format(item.unitPriceMinor)), moneyCell(format(item.amountMinor)),
        ...(split ? [moneyCell(format(item.payerMinor)), moneyCell(format(item.patientMinor))] : []),
      ]);
    }
    // The subtotal's row index in the body (head is 0) gets a rule above it.
    ruled.add(rows.length + 1);
    rows.push([
      { text: `${group.department} subtotal`, colSpan: 4, alignment: 'right', italics: true }, {}, {}, {},
      moneyCell(format(total(group.items, (item) => item.amountMinor)), true),
      ...(split ? [moneyCell(format(total(group.items, (item) => item.payerMinor)), true), moneyCell(format(total(group.items, (item) => item.patientMinor)), true)] : []),
    ]);
  }
  const widths: Array<number | '*'> = split ? [50, '*', 22, 54, 58, 56, 58] : [54, '*', 26, 62, 70];
  return table(widths, head, rows, ruled);
}

const ADJUSTMENT_WORDS = { credit_note: 'Credit note', discount: 'Discount', write_off: 'Write-off' } as const;

function paymentsTable(invoice: InvoiceDocument): Content[] {
  if (invoice.payments.length === 0) return [{ text: 'No payments yet.', style: 'small', margin: [0, 8, 0, 0] }];
  const how = (payment: InvoiceDocument['payments'][number]) =>
    payment.kind === 'deposit' ? 'Deposit applied' : `${payment.kind === 'refund' ? 'Refund, ' : ''}${payment.method === null ? '' : PAYMENT_METHOD_LABELS[payment.method]}`;
  return [
    { text: 'Payments', style: 'group', margin: [0, 10, 0, 2] },
    table([96, 84, 90, '*', 70], [headCell('Receipt'), headCell('Date'), headCell('Method'), headCell('Reference'), headCell(`Amount (${invoice.money.code})`, true)],
      invoice.payments.map((payment) => [
        { text: payment.receiptNumber, noWrap: true }, { text: zonedDateTime(payment.takenAt, invoice.timeZone), noWrap: true },
        { text: how(payment) }, { text: payment.reference ?? '' }, moneyCell(amount(payment.kind === 'refund' ? -payment.amountMinor : payment.amountMinor, invoice.money)),
      ])),
  ];
}

function adjustmentsTable(invoice: InvoiceDocument): Content[] {
  if (invoice.adjustments.length === 0) return [];
  return [
    { text: 'Credits', style: 'group', margin: [0, 10, 0, 2] },
    table([96, 84, 90, '*', 70], [headCell('Number'), headCell('Date'), headCell('Kind'), headCell('Reason'), headCell(`Amount (${invoice.money.code})`, true)],
      invoice.adjustments.map((adjustment) => [
        { text: adjustment.number, noWrap: true }, { text: zonedDateTime(adjustment.at, invoice.timeZone), noWrap: true },
        { text: ADJUSTMENT_WORDS[adjustment.kind] }, { text: adjustment.reason }, moneyCell(amount(adjustment.amountMinor, invoice.money)),
      ])),
  ];
}

export function invoiceTitle(invoice: InvoiceDocument): string {
  const title = invoice.invoiceKind === 'interim' ? 'INTERIM INVOICE' : 'INVOICE';
  if (invoice.status === 'void') return `${title} — VOID`;
  return invoice.reprint ? `${title} (COPY)` : title;
}

export function invoicePage(invoice: InvoiceDocument, context: PrintContext): TDocumentDefinitions {
  const format = (minor: number) => `${invoice.money.code} ${amount(minor, invoice.money)}`;
  const { payer } = invoice;
  const moduleWidth = Math.min(1.1, 190 / barcodeModules(invoice.number));
  const split = payer.kind !== 'cash';
  const definition = pageDefinition(
    'A4',
    MARGINS,
    `Invoice ${invoice.number}`,
    // Every page names its invoice and patient: a second page is read on its own too.
    (current, count) => `Invoice ${invoice.number} for ${invoice.patient.name}, MRN ${invoice.patient.mrn}  ·  page ${current} of ${count}\n${context.workstationId}  ·  printed ${context.printedAt}`,
    [
      ...pageHeader(context, invoiceTitle(invoice), invoice.logo, WIDTH, invoice.status === 'void' ? '#a00000' : 'black'),
      {
        columns: [
          {
            width: '*',
            stack: [
              { text: invoice.patient.name, style: 'name' },
              labelled('MRN', invoice.patient.mrn, true),
              { text: '', margin: [0, 3, 0, 0] },
              labelled('Payer', payer.name, true),
              ...(payer.scheme === null || payer.scheme === '' ? [] : [labelled('Scheme', payer.scheme)]),
              ...(payer.memberNumber === null || payer.memberNumber === '' ? [] : [labelled('Member No.', payer.memberNumber, true)]),
              ...(payer.preAuthorisation === null || payer.preAuthorisation === '' ? [] : [labelled('Pre-authorisation', payer.preAuthorisation)]),
            ],
          },
          {
            width: 'auto',
            alignment: 'right',
            stack: [
              labelled('Invoice No.', invoice.number, true),
              labelled('Date', zonedDateTime(invoice.issuedAt, invoice.timeZone)),
              labelled('Issued by', invoice.issuedBy),
              { ...barcode(invoice.number, moduleWidth, 26), margin: [0, 4, 0, 0] },
            ],
          },
        ],
        columnGap: 10,
      },
      rule(WIDTH),
      { text: `Amounts in ${invoice.money.code}`, style: 'small', alignment: 'right', margin: [0, 0, 0, 2] },
      itemsTable(invoice),
      {
        stack: [
          totalsBlock([
            { label: 'Total', value: format(invoice.totalMinor), bold: true },
            ...(split ? [{ label: `Payer share (${payer.name})`, value: format(invoice.payerMinor) }, { label: 'Patient share', value: format(invoice.patientMinor) }] : []),
            { label: 'Paid', value: format(invoice.paidMinor) },
            ...(invoice.creditedMinor === 0 ? [] : [{ label: 'Credited', value: format(invoice.creditedMinor) }]),
            { label: invoice.balanceMinor < 0 ? 'In credit' : 'Balance due', value: format(Math.abs(invoice.balanceMinor)), bold: true },
          ]),
        ],
        unbreakable: true,
      },
      ...(invoice.status === 'void' && invoice.voidReason !== null ? [{ text: [{ text: 'Voided  ', style: 'label' }, invoice.voidReason], margin: [0, 6, 0, 0] as [number, number, number, number] }] : []),
      ...paymentsTable(invoice),
      ...adjustmentsTable(invoice),
    ],
  );
  return invoice.status === 'void' ? { ...definition, watermark: { text: 'VOID', color: '#a00000', opacity: 0.15, bold: true } } : definition;
}
