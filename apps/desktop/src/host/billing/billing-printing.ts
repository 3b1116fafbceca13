import { PaymentReceiptDocumentSchema, shiftReportOf } from '../../shared/printing/billing/index.js';
import type { PaymentReceiptDocument, PrintMoney, ShiftReportDocument } from '../../shared/printing/billing/index.js';
import type { ShiftView } from '../../shared/billing/views.js';
import type { DeskContext } from '../desk-module.js';
import type { ReceiptRecord } from './receipt-book.js';

/** The desk's currency and the hospital's time zone, as every money printout states them. */
function printSettings(ctx: DeskContext<'billing'>): { money: PrintMoney; timeZone: string } {
  const { currency } = ctx.settings().desks.billing;
  return { money: { code: currency.code, minorDigits: currency.minorDigits }, timeZone: ctx.reference.hospital()?.timeZone ?? 'UTC' };
}

/** A receipt this desk issued (the server's payment, or one numbered here offline) as the receipt printer's document. */
export function receiptDocument(
  ctx: DeskContext<'billing'>,
  record: ReceiptRecord,
  patient: { name: string; mrn: string },
  paid: { invoiceNumber: string | null; balanceMinor: number | null; reprint: boolean },
): PaymentReceiptDocument {
  return PaymentReceiptDocumentSchema.parse({
    kind: 'paymentReceipt',
    paper: 'roll',
    ...printSettings(ctx),
    receiptNumber: record.receiptNumber,
    takenAt: record.takenAt,
    cashier: record.takenBy ?? ctx.username() ?? 'Cashier',
    patient,
    invoiceNumber: paid.invoiceNumber,
    method: record.method,
    reference: record.reference,
    amountMinor: record.amountMinor,
    tenderedMinor: record.method === 'cash' && record.tenderedMinor !== null ? record.amountMinor + record.changeMinor : null,
    changeMinor: record.tenderedMinor === null ? 0 : record.changeMinor,
    balanceMinor: paid.balanceMinor,
    reprint: paid.reprint,
  });
}

/** A closed (or running) shift's report from the server's totals (refunds counted there, by method). */
export function shiftReportDocument(ctx: DeskContext<'billing'>, shift: ShiftView): ShiftReportDocument {
  return shiftReportOf({ shift, desk: ctx.settings().desks.billing.deskCode ?? ctx.settings().workstationId, settings: printSettings(ctx) });
}
