import { code128BModules } from '../../../../shared/printing/code128.js';
import type { PaymentReceiptDocument } from '../../../../shared/printing/billing/documents.js';
import { OFFLINE_NOTE, PAYMENT_METHOD_LABELS, offlineDeskOf } from '../../../../shared/printing/billing/labels.js';
import { money } from '../../../../shared/printing/billing/money.js';
import { amountLabel, balanceRow, receiptTitle, refundRows } from '../../../../shared/printing/billing/receipt-words.js';
import type { PrintMoney } from '../../../../shared/printing/billing/money.js';
import { zonedDateTime } from '../../../../shared/printing/billing/time.js';
import type { PrintContext } from '../../../../shared/printing/documents.js';
import { EscPosBuilder } from '../escpos.js';
import { PC858, printsOn } from '../escpos-code-pages.js';
import { pairLines, wrap } from './receipt-text.js';

// A cashier's payment receipt on the thermal roll (ESC/POS): 32 columns on 58 mm paper, 42 or
// 48 on 80 mm. Code page PC858 for accents and the euro/pound signs; the receipt number as a
// Code 128 where it fits the paper, else as a QR code (a 58 mm head is 384 dots).

/** Print-head dots across the paper at font A (12 dots a column, 203 dpi). */
const dotsOf = (columns: number) => columns * 12;
const MODULE_DOTS = 2;

/** The symbol the roll can print, else the ISO code (no thermal code page has ₦ or ₵). */
function rollMoney(currency: PrintMoney): (minor: number) => string {
  const useSymbol = currency.symbol !== undefined && printsOn(PC858, currency.symbol);
  return (minor) => money(minor, currency, useSymbol);
}

/** The receipt as ESC/POS bytes, ending with a cut. */
export function paymentReceiptEscPos(receipt: PaymentReceiptDocument, context: PrintContext, columns: number): Uint8Array {
  const format = rollMoney(receipt.money);
  const out = new EscPosBuilder(columns, PC858).init();
  const lines = (parts: string[]) => parts.forEach((part) => out.line(part));
  const pair = (label: string, value: string) => lines(pairLines(label, value, columns));

  out.align('center').bold(true).size(1, 2);
  lines(wrap(context.hospitalName, columns));
  out.size(1).bold(false);
  if (context.hospitalAddress !== undefined) lines(wrap(context.hospitalAddress, columns));
  out.newline().bold(true).line(receiptTitle(receipt)).bold(false);
  out.align('left').rule('=');
  pair('Receipt No.', receipt.receiptNumber);
  pair('Date', zonedDateTime(receipt.takenAt, receipt.timeZone));
  pair('Cashier', receipt.cashier);
  out.rule();
  pair('Patient', receipt.patient.name);
  pair('MRN', receipt.patient.mrn);
  if (receipt.invoiceNumber !== null) pair('Invoice', receipt.invoiceNumber);
  pair('Method', PAYMENT_METHOD_LABELS[receipt.method]);
  if (receipt.reference !== null && receipt.reference !== '') pair('Reference', receipt.reference);
  for (const [label, value] of refundRows(receipt)) {
    // A reason is words: under its label, wrapped, rather than pushed to the right.
    if (label === 'Reason') lines([label, ...wrap(value, columns - 2).map((part) => `  ${part}`)]);
    else pair(label, value);
  }
  out.rule().bold(true).size(1, 2);
  pair(amountLabel(receipt).toUpperCase(), format(receipt.amountMinor));
  out.size(1).bold(false);
  if (receipt.tenderedMinor !== null) {
    pair('Tendered', format(receipt.tenderedMinor));
    pair('Change', format(receipt.changeMinor));
  }
  const balance = balanceRow(receipt, format);
  if (balance !== undefined) {
    out.rule().bold(true);
    pair(...balance);
    out.bold(false);
  }
  const desk = offlineDeskOf(receipt.receiptNumber);
  if (desk !== undefined) {
    out.newline();
    lines(wrap(`${OFFLINE_NOTE} Desk ${desk}.`, columns));
  }
  out.newline().align('center');
  if ((code128BModules(receipt.receiptNumber) + 20) * MODULE_DOTS <= dotsOf(columns)) {
    out.code128(receipt.receiptNumber, { height: 64, moduleWidth: MODULE_DOTS, hri: true }).newline();
  } else {
    out.qr(receipt.receiptNumber, { moduleSize: 6, errorCorrection: 'M' }).line(receipt.receiptNumber);
  }
  out.newline().line('Thank you. Keep this receipt.');
  lines(wrap(`${context.workstationId} - printed ${context.printedAt}`, columns));
  return out.feed(3).cut().bytes();
}
