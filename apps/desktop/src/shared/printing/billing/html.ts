import { escapeHtml } from '../clinical-html.js';
import type { ClaimDocument, InvoiceDocument, PaymentReceiptDocument, ShiftReportDocument } from './documents.js';
import { PAYMENT_METHOD_LABELS } from './labels.js';
import { amount, money } from './money.js';
import { zonedDate, zonedDateTime, zonedPeriod } from './time.js';

// The cashier's printouts as HTML for a browser workstation's print dialog: the same figures
// as the PDFs, plainer. Pure strings.

export const BILLING_HTML_STYLE = `table.money{width:100%;border-collapse:collapse;margin-top:4px}
  table.money th{font-size:8pt;color:#555;text-align:left;border-bottom:0.5pt solid #999;padding:1px 3px}
  table.money td{padding:1px 3px;vertical-align:top} table.money .n{text-align:right;white-space:nowrap}
  table.money tr.total td{font-weight:600;border-top:0.5pt solid #999} h3{font-size:10pt;margin:8px 0 2px}`;

const cell = (text: string, numeric = false) => `<td${numeric ? ' class="n"' : ''}>${escapeHtml(text)}</td>`;
const head = (text: string, numeric = false) => `<th${numeric ? ' class="n"' : ''}>${escapeHtml(text)}</th>`;
const row = (cells: string[], total = false) => `<tr${total ? ' class="total"' : ''}>${cells.join('')}</tr>`;
const moneyTable = (heads: string[], rows: string[]) => `<table class="money"><thead><tr>${heads.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
const pairs = (items: Array<[string, string]>) => moneyTable([], items.map(([label, value]) => row([cell(label), cell(value, true)])));

export function receiptHtml(receipt: PaymentReceiptDocument): string {
  const format = (minor: number) => money(minor, receipt.money);
  return pairs([
    ['Receipt No.', receipt.receiptNumber], ['Date', zonedDateTime(receipt.takenAt, receipt.timeZone)], ['Cashier', receipt.cashier],
    ['Patient', receipt.patient.name], ['MRN', receipt.patient.mrn], ...(receipt.invoiceNumber === null ? [] : [['Invoice', receipt.invoiceNumber] as [string, string]]),
    ['Method', PAYMENT_METHOD_LABELS[receipt.method]], ...(receipt.reference === null ? [] : [['Reference', receipt.reference] as [string, string]]),
    [receipt.refund === null ? 'Amount paid' : 'Amount refunded', format(receipt.amountMinor)],
    ...(receipt.refund === null ? [] : [['Reason', receipt.refund.reason]] as Array<[string, string]>),
    ...(receipt.tenderedMinor === null ? [] : [['Tendered', format(receipt.tenderedMinor)], ['Change', format(receipt.changeMinor)]] as Array<[string, string]>),
    receipt.balanceMinor === null ? ['Deposit', 'held for later invoices'] : ['Balance left', format(receipt.balanceMinor)],
  ]);
}

export function invoiceHtml(invoice: InvoiceDocument): string {
  const format = (minor: number) => amount(minor, invoice.money);
  return `<div><b>${escapeHtml(invoice.patient.name)}</b> MRN ${escapeHtml(invoice.patient.mrn)}</div>
    <div>Invoice <b>${escapeHtml(invoice.number)}</b> ${escapeHtml(zonedDateTime(invoice.issuedAt, invoice.timeZone))}; payer ${escapeHtml(invoice.payer.name)}${invoice.payer.memberNumber === null ? '' : `, member ${escapeHtml(invoice.payer.memberNumber)}`}</div>
    ${moneyTable([head('Department'), head('Description'), head('Qty', true), head('Amount', true), head('Payer', true), head('Patient', true)],
    invoice.items.map((item) => row([cell(item.department), cell(item.description), cell(String(item.quantity), true), cell(format(item.amountMinor), true), cell(format(item.payerMinor), true), cell(format(item.patientMinor), true)])))}
    ${pairs([[`Total (${invoice.money.code})`, format(invoice.totalMinor)], ['Payer share', format(invoice.payerMinor)], ['Patient share', format(invoice.patientMinor)], ['Paid', format(invoice.paidMinor)], ['Balance due', format(invoice.balanceMinor)]])}`;
}

export function shiftReportHtml(report: ShiftReportDocument): string {
  const format = (minor: number) => amount(minor, report.money);
  return `<div>Cashier <b>${escapeHtml(report.cashierName)}</b>, opened ${escapeHtml(zonedDateTime(report.openedAt, report.timeZone))}</div>
    ${moneyTable([head('Method'), head('Payments', true), head(`Taken (${report.money.code})`, true), head('Refunds', true), head(`Refunded (${report.money.code})`, true)],
    report.methods.map((item) => row([cell(PAYMENT_METHOD_LABELS[item.method]), cell(String(item.payments), true), cell(format(item.paymentsMinor), true), cell(String(item.refunds), true), cell(format(item.refundsMinor), true)])))}
    ${pairs([['Float', format(report.floatMinor)], ['Cash taken', format(report.cashInMinor)], ['Cash refunded', format(report.cashOutMinor)], ['Voids', String(report.voidCount)], ['Expected cash', format(report.expectedCashMinor)],
    ...(report.countedCashMinor === null || report.varianceMinor === null ? [] : [['Counted', format(report.countedCashMinor)], ['Variance', format(report.varianceMinor)]] as Array<[string, string]>)])}
    ${report.varianceNote === null ? '' : `<div>Variance note: ${escapeHtml(report.varianceNote)}</div>`}`;
}

export function claimHtml(claim: ClaimDocument): string {
  const format = (minor: number) => amount(minor, claim.money);
  return `<div>Claim <b>${escapeHtml(claim.reference)}</b> to ${escapeHtml(claim.payer.name)}, ${escapeHtml(zonedPeriod(claim.periodFrom, claim.periodTo, claim.timeZone))}</div>
    ${moneyTable([head('Invoice'), head('Date'), head('Patient'), head('Member No.'), head(`Claimed (${claim.money.code})`, true)],
    [...claim.lines.map((line) => row([cell(line.invoiceNumber), cell(zonedDate(line.invoiceDate, claim.timeZone)), cell(`${line.patientName} ${line.mrn}`), cell(line.memberNumber), cell(format(line.payerMinor), true)])),
      row([cell('Total'), cell(''), cell(''), cell(''), cell(format(claim.claimedMinor), true)], true)])}`;
}
