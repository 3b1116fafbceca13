import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ClaimDocument } from '../../../../shared/printing/billing/documents.js';
import { amount } from '../../../../shared/printing/billing/money.js';
import { zonedDate, zonedDateTime, zonedPeriod } from '../../../../shared/printing/billing/time.js';
import type { PrintContext } from '../../../../shared/printing/documents.js';
import { contentWidth, headCell, labelled, MM, moneyCell, pageDefinition, pageHeader, rule, table, totalsBlock } from './pdf-parts.js';
import type { Margins } from './pdf-parts.js';

// A claim batch for a payer (A4): the period, each invoice with its patient's member number,
// the invoice's total and the payer's share claimed, and the batch's totals. The CSV of the
// same batch comes from the server.

const MARGINS: Margins = [14 * MM, 14 * MM, 14 * MM, 16 * MM];
const WIDTH = contentWidth('A4', MARGINS);

const STATUS_WORDS: Readonly<Record<ClaimDocument['status'], string>> = { draft: 'Draft', submitted: 'Submitted', partly_paid: 'Partly paid', paid: 'Paid', closed: 'Closed' };

export function claimPage(claim: ClaimDocument, context: PrintContext): TDocumentDefinitions {
  const format = (minor: number) => amount(minor, claim.money);
  const code = claim.money.code;
  const invoicesTotal = claim.lines.reduce((sum, row) => sum + row.totalMinor, 0);
  return pageDefinition('A4', MARGINS, `Claim ${claim.reference}`, (current, count) => `Claim ${claim.reference} to ${claim.payer.name}  ·  page ${current} of ${count}  ·  ${context.workstationId}  ·  printed ${context.printedAt}`, [
    ...pageHeader(context, claim.status === 'draft' ? 'INSURANCE CLAIM — DRAFT' : 'INSURANCE CLAIM', claim.logo, WIDTH),
    {
      columns: [
        { width: '*', stack: [labelled('Payer', claim.payer.name, true), labelled('Payer code', claim.payer.code), labelled('Period', zonedPeriod(claim.periodFrom, claim.periodTo, claim.timeZone), true)] },
        { width: 'auto', alignment: 'right', stack: [labelled('Claim', claim.reference, true), labelled('Status', STATUS_WORDS[claim.status]), labelled('Prepared', `${zonedDateTime(claim.preparedAt, claim.timeZone)} by ${claim.preparedBy}`)] },
      ],
    },
    rule(WIDTH),
    table([16, 84, 50, '*', 80, 64, 64], [headCell('#'), headCell('Invoice'), headCell('Date'), headCell('Patient (MRN)'), headCell('Member No.'), headCell(`Invoice (${code})`, true), headCell(`Claimed (${code})`, true)], [
      ...claim.lines.map((row, index) => [
        { text: String(index + 1), color: '#555555' }, { text: row.invoiceNumber, noWrap: true }, { text: zonedDate(row.invoiceDate, claim.timeZone), noWrap: true },
        { text: [row.patientName, { text: `  ${row.mrn}`, style: 'small' }] }, { text: row.memberNumber }, moneyCell(format(row.totalMinor)), moneyCell(format(row.payerMinor)),
      ]),
      [{ text: `${claim.lines.length} ${claim.lines.length === 1 ? 'invoice' : 'invoices'}`, colSpan: 5, bold: true }, {}, {}, {}, {}, moneyCell(format(invoicesTotal), true), moneyCell(format(claim.claimedMinor), true)],
    ], new Set([claim.lines.length + 1])),
    {
      stack: [totalsBlock([
        { label: 'Claimed', value: `${code} ${format(claim.claimedMinor)}`, bold: true },
        ...(claim.paidMinor === 0 && claim.rejectedMinor === 0 ? [] : [
          { label: 'Paid', value: `${code} ${format(claim.paidMinor)}` },
          { label: 'Rejected', value: `${code} ${format(claim.rejectedMinor)}` },
          { label: 'Outstanding', value: `${code} ${format(claim.claimedMinor - claim.paidMinor - claim.rejectedMinor)}`, bold: true },
        ]),
      ])],
      unbreakable: true,
    },
  ]);
}
