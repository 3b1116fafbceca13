import type { Charge, ClaimSchema, InvoiceSchema, Payment, ShiftSchema } from '@hms/core';
import type { z } from 'zod';
import type { PrintPatient } from '../patient.js';
import { ClaimDocumentSchema, InvoiceDocumentSchema, PaymentReceiptDocumentSchema, ShiftReportDocumentSchema } from './documents.js';
import type { ClaimDocument, InvoiceDocument, PaymentReceiptDocument, PrintInvoiceItem, ShiftReportDocument } from './documents.js';
import { CATEGORY_DEPARTMENTS } from './labels.js';
import type { PrintMoney } from './money.js';

// From the contract's shapes (invoices.get, payments.take, shifts.close, claims.create) to the
// documents the desk hands to print. Each result is parsed: figures that do not add up throw
// here, at the desk, instead of printing.

type Invoice = z.infer<typeof InvoiceSchema>;
type Shift = z.infer<typeof ShiftSchema>;
type Claim = z.infer<typeof ClaimSchema>;

/** What every money printout needs from the hospital's settings. */
export interface BillingPrintSettings {
  money: PrintMoney;
  timeZone: string;
  /** A PNG or JPEG data URL. */
  logo?: string;
}

/** A payment's or a refund's receipt. */
export function paymentReceiptOf(input: {
  payment: Payment;
  patient: PrintPatient;
  /** Who is named as cashier; the one who took it when omitted. */
  cashier?: string;
  /** The invoice paid, with its balance after this payment (payments.take's `balanceMinor`); null for a deposit. */
  invoice: { number: string; balanceMinor: number } | null;
  /** A refund: the receipt number of the payment it refunds, when the desk has it. */
  refundOf?: string;
  settings: BillingPrintSettings;
  paper?: PaymentReceiptDocument['paper'];
  reprint?: boolean;
}): PaymentReceiptDocument {
  const { payment } = input;
  const refund = payment.kind === 'refund';
  return PaymentReceiptDocumentSchema.parse({
    kind: 'paymentReceipt',
    paper: input.paper ?? 'roll',
    money: input.settings.money,
    timeZone: input.settings.timeZone,
    receiptNumber: payment.receiptNumber,
    takenAt: payment.takenAt,
    cashier: input.cashier ?? payment.takenByName,
    patient: input.patient,
    invoiceNumber: input.invoice?.number ?? null,
    method: payment.method,
    reference: payment.reference,
    amountMinor: payment.amountMinor,
    tenderedMinor: refund ? null : payment.tenderedMinor,
    changeMinor: payment.changeMinor,
    balanceMinor: input.invoice?.balanceMinor ?? null,
    refund: refund ? { of: input.refundOf ?? null, reason: payment.reason ?? '', approvedBy: payment.approvedByName } : null,
    reprint: input.reprint ?? false,
  });
}

export function invoiceDocumentOf(input: {
  invoice: Invoice;
  patient: PrintPatient;
  payer: { name: string; kind: 'cash' | 'insurance' | 'corporate' };
  coverage?: { scheme: string; memberNumber: string; preAuthorisation: string | null } | null;
  /** Deposits' receipt numbers by payment id (payments.forPatient), to name the deposits applied. */
  depositReceipts?: ReadonlyMap<string, string>;
  /** The heading a charge is grouped under; its category's department when omitted. */
  departmentOf?: (charge: Charge) => string | undefined;
  settings: BillingPrintSettings;
  reprint?: boolean;
}): InvoiceDocument {
  const { invoice } = input;
  const charges = new Map(invoice.charges.map((charge) => [charge.id, charge]));
  const items: PrintInvoiceItem[] = invoice.lines.map((line) => {
    const charge = charges.get(line.chargeId);
    if (charge === undefined) throw new RangeError(`invoice ${invoice.number} has a line without its charge`);
    return {
      department: input.departmentOf?.(charge) ?? CATEGORY_DEPARTMENTS[charge.category],
      at: charge.at,
      code: charge.serviceCode,
      description: charge.description,
      quantity: charge.quantity,
      unitPriceMinor: charge.unitPriceMinor,
      amountMinor: charge.amountMinor,
      payerMinor: line.payerMinor,
      patientMinor: line.patientMinor,
    };
  });
  items.sort((a, b) => a.at.localeCompare(b.at));
  return InvoiceDocumentSchema.parse({
    kind: 'invoice',
    money: input.settings.money,
    timeZone: input.settings.timeZone,
    ...(input.settings.logo === undefined ? {} : { logo: input.settings.logo }),
    number: invoice.number,
    invoiceKind: invoice.kind,
    status: invoice.status,
    issuedAt: invoice.issuedAt,
    issuedBy: invoice.issuedByName,
    patient: input.patient,
    payer: {
      name: input.payer.name,
      kind: input.payer.kind,
      scheme: input.coverage?.scheme ?? null,
      memberNumber: input.coverage?.memberNumber ?? null,
      preAuthorisation: input.coverage?.preAuthorisation ?? null,
    },
    items,
    totalMinor: invoice.totalMinor,
    payerMinor: invoice.payerMinor,
    patientMinor: invoice.patientMinor,
    paidMinor: invoice.paidMinor,
    creditedMinor: invoice.creditedMinor,
    balanceMinor: invoice.balanceMinor,
    payments: [
      ...invoice.payments.map((payment) => ({ kind: payment.kind, receiptNumber: payment.receiptNumber, takenAt: payment.takenAt, method: payment.method, reference: payment.reference, amountMinor: payment.amountMinor })),
      ...invoice.depositsApplied.map((application) => ({
        kind: 'deposit' as const, receiptNumber: input.depositReceipts?.get(application.depositId) ?? 'Deposit', takenAt: application.at, method: null, reference: null, amountMinor: application.amountMinor,
      })),
    ].sort((a, b) => a.takenAt.localeCompare(b.takenAt)),
    adjustments: invoice.adjustments.map((adjustment) => ({ number: adjustment.number, kind: adjustment.kind, at: adjustment.at, amountMinor: adjustment.amountMinor, reason: adjustment.reason })),
    voidReason: invoice.voidReason,
    reprint: input.reprint ?? false,
  });
}

/** The shift report from the shift as the server keeps it (shifts.get: its totals and the count). */
export function shiftReportOf(input: {
  shift: Shift;
  /** The shift's refunds one by one, when the desk has them. */
  refunds?: readonly Payment[];
  voids?: ReadonlyArray<{ number: string; at: string; amountMinor: number; reason: string }>;
  desk?: string | null;
  settings: BillingPrintSettings;
}): ShiftReportDocument {
  const { shift } = input;
  const { totals } = shift;
  return ShiftReportDocumentSchema.parse({
    kind: 'shiftReport',
    money: input.settings.money,
    timeZone: input.settings.timeZone,
    cashierName: shift.cashierName,
    desk: input.desk ?? null,
    status: shift.status,
    openedAt: shift.openedAt,
    closedAt: shift.closedAt,
    floatMinor: shift.floatMinor,
    methods: totals.byMethod.map((row) => ({ method: row.method, payments: row.payments, paymentsMinor: row.paymentsMinor, refunds: row.refunds, refundsMinor: row.refundsMinor })),
    cashInMinor: totals.cashInMinor,
    cashOutMinor: totals.cashOutMinor,
    refunds: (input.refunds ?? []).map((refund) => ({ number: refund.receiptNumber, at: refund.takenAt, method: refund.method, amountMinor: refund.amountMinor, reason: refund.reason ?? '' })),
    voidCount: totals.voids,
    voids: input.voids ?? [],
    counts: shift.counts ?? [],
    expectedCashMinor: shift.expectedCashMinor ?? totals.expectedCashMinor,
    countedCashMinor: shift.countedCashMinor,
    varianceMinor: shift.varianceMinor,
    varianceNote: shift.varianceNote,
  });
}

export function claimDocumentOf(input: {
  claim: Claim;
  /** The claim's reference as printed; the claim's id when the server gives no number. */
  reference?: string;
  payer: { name: string; code: string };
  /** The claim's invoices, each with its patient and their member number. */
  invoices: ReadonlyArray<{ invoice: Invoice; patient: { name: string; mrn: string }; memberNumber: string }>;
  preparedAt: string;
  preparedBy: string;
  settings: BillingPrintSettings;
}): ClaimDocument {
  const { claim } = input;
  const byId = new Map(input.invoices.map((entry) => [entry.invoice.id, entry]));
  return ClaimDocumentSchema.parse({
    kind: 'claim',
    money: input.settings.money,
    timeZone: input.settings.timeZone,
    ...(input.settings.logo === undefined ? {} : { logo: input.settings.logo }),
    reference: input.reference ?? claim.id,
    payer: input.payer,
    periodFrom: claim.periodFrom,
    periodTo: claim.periodTo,
    status: claim.status,
    preparedAt: input.preparedAt,
    preparedBy: input.preparedBy,
    lines: claim.items.map(({ invoiceId: id }) => {
      const entry = byId.get(id);
      if (entry === undefined) throw new RangeError(`the claim's invoice ${id} was not given`);
      return { invoiceNumber: entry.invoice.number, invoiceDate: entry.invoice.issuedAt, patientName: entry.patient.name, mrn: entry.patient.mrn, memberNumber: entry.memberNumber, totalMinor: entry.invoice.totalMinor, payerMinor: entry.invoice.payerMinor };
    }),
    claimedMinor: claim.claimedMinor,
    paidMinor: claim.paidMinor,
    rejectedMinor: claim.rejectedMinor,
  });
}
