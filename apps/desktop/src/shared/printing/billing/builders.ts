import type { Charge, ClaimSchema, InvoiceSchema, PaymentSchema, ShiftSchema } from '@hms/core';
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
type Payment = z.infer<typeof PaymentSchema>;
type Shift = z.infer<typeof ShiftSchema>;
type Claim = z.infer<typeof ClaimSchema>;

/** What every money printout needs from the hospital's settings. */
export interface BillingPrintSettings {
  money: PrintMoney;
  timeZone: string;
  /** A PNG or JPEG data URL. */
  logo?: string;
}

export function paymentReceiptOf(input: {
  payment: Payment;
  patient: PrintPatient;
  cashier: string;
  /** The invoice paid, as read after the payment (its balance is what is left); null for a deposit. */
  invoice: Pick<Invoice, 'number' | 'balanceMinor'> | null;
  settings: BillingPrintSettings;
  paper?: PaymentReceiptDocument['paper'];
  reprint?: boolean;
}): PaymentReceiptDocument {
  const { payment } = input;
  return PaymentReceiptDocumentSchema.parse({
    kind: 'paymentReceipt',
    paper: input.paper ?? 'roll',
    money: input.settings.money,
    timeZone: input.settings.timeZone,
    receiptNumber: payment.receiptNumber,
    takenAt: payment.takenAt,
    cashier: input.cashier,
    patient: input.patient,
    invoiceNumber: input.invoice?.number ?? null,
    method: payment.method,
    reference: payment.reference,
    amountMinor: payment.amountMinor,
    // The cash handed over is what was applied and what was given back.
    tenderedMinor: payment.method === 'cash' ? payment.amountMinor + payment.changeMinor : null,
    changeMinor: payment.changeMinor,
    balanceMinor: input.invoice?.balanceMinor ?? null,
    reprint: input.reprint ?? false,
  });
}

export function invoiceDocumentOf(input: {
  invoice: Invoice;
  patient: PrintPatient;
  payer: { name: string; kind: 'cash' | 'insurance' | 'corporate' };
  coverage?: { scheme: string; memberNumber: string; preAuthorisation: string | null } | null;
  /** The patient's payments; those against this invoice are listed. */
  payments: readonly Payment[];
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
    balanceMinor: invoice.balanceMinor,
    payments: input.payments
      .filter((payment) => payment.invoiceId === invoice.id)
      .map((payment) => ({ receiptNumber: payment.receiptNumber, takenAt: payment.takenAt, method: payment.method, reference: payment.reference, amountMinor: payment.amountMinor })),
    reprint: input.reprint ?? false,
  });
}

export function shiftReportOf(input: {
  shift: Shift;
  /** The shift's payments (refunds apart). */
  payments: readonly Payment[];
  refunds: ReadonlyArray<Payment & { reason?: string }>;
  voids?: ReadonlyArray<{ number: string; at: string; amountMinor: number; reason: string }>;
  /** The drawer as counted at the close (shifts.close's counts). */
  counts: ReadonlyArray<{ valueMinor: number; count: number }>;
  desk?: string | null;
  settings: BillingPrintSettings;
}): ShiftReportDocument {
  const { shift } = input;
  const methods = new Map<Payment['method'], { count: number; amountMinor: number }>();
  for (const payment of input.payments) {
    const row = methods.get(payment.method) ?? { count: 0, amountMinor: 0 };
    methods.set(payment.method, { count: row.count + 1, amountMinor: row.amountMinor + payment.amountMinor });
  }
  const cashIn = methods.get('cash')?.amountMinor ?? 0;
  const cashOut = input.refunds.filter((refund) => refund.method === 'cash').reduce((sum, refund) => sum + refund.amountMinor, 0);
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
    methods: [...methods].map(([method, row]) => ({ method, ...row })),
    refunds: input.refunds.map((refund) => ({ number: refund.receiptNumber, at: refund.takenAt, method: refund.method, amountMinor: refund.amountMinor, reason: refund.reason ?? '' })),
    voids: input.voids ?? [],
    counts: input.counts,
    // An open shift has no expected figure from the server yet: the same rule, here.
    expectedCashMinor: shift.expectedCashMinor ?? shift.floatMinor + cashIn - cashOut,
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
    lines: claim.invoiceIds.map((id) => {
      const entry = byId.get(id);
      if (entry === undefined) throw new RangeError(`the claim's invoice ${id} was not given`);
      return { invoiceNumber: entry.invoice.number, invoiceDate: entry.invoice.issuedAt, patientName: entry.patient.name, mrn: entry.patient.mrn, memberNumber: entry.memberNumber, totalMinor: entry.invoice.totalMinor, payerMinor: entry.invoice.payerMinor };
    }),
    claimedMinor: claim.claimedMinor,
    paidMinor: claim.paidMinor,
    rejectedMinor: claim.rejectedMinor,
  });
}
