import { BILLING_PAYER_KINDS, CLAIM_STATUSES, INVOICE_ADJUSTMENT_KINDS, INVOICE_KINDS, InstantSchema, PAYMENT_METHODS } from '@hms/core';
import { z } from 'zod';
import { PrintPatientSchema } from '../patient.js';
import { PrintMoneySchema } from './money.js';
import { PrintTimeZoneSchema } from './time.js';

// What the cashier desk prints (issue 15), as view models: a payment receipt (thermal roll or an
// A5/A6 page), the invoice, the shift report and a claim batch. Each carries the hospital's
// currency and time zone; each refuses figures that do not add up, so a page never prints a
// total its lines contradict.

const line = (max: number) => z.string().trim().min(1).max(max);
const words = (max: number) => z.string().trim().max(max);
const minor = z.number().int().min(0).max(1_000_000_000_000);
/** Signed: an invoice line may be a credit (a return, a reversal). */
const signed = z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** A logo from the hospital's settings: a PNG or JPEG data URL (pdfmake reads nothing else). */
export const PrintLogoSchema = z.string().max(1_500_000).regex(/^data:image\/(?:png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'is a PNG or JPEG data URL');

export const RECEIPT_PAPERS = ['roll', 'A5', 'A6'] as const;

export const PaymentReceiptDocumentSchema = z.object({
  kind: z.literal('paymentReceipt'),
  /** roll: the receipt printer (ESC/POS, 58 or 80 mm); A5/A6: a page for the page printer. */
  paper: z.enum(RECEIPT_PAPERS).default('roll'),
  money: PrintMoneySchema,
  timeZone: PrintTimeZoneSchema,
  /** The server's number, or an offline desk's own ("CSH1-RCT-2026-000007"). */
  receiptNumber: line(40),
  takenAt: InstantSchema,
  cashier: line(160),
  patient: PrintPatientSchema,
  invoiceNumber: line(40).nullable(),
  method: z.enum(PAYMENT_METHODS),
  reference: words(100).nullable(),
  amountMinor: minor.min(1),
  /** Cash handed over; null for other methods. */
  tenderedMinor: minor.nullable(),
  changeMinor: minor,
  /** What the patient still owes on the invoice after this payment; null for a deposit (or a refund with no invoice). */
  balanceMinor: signed.nullable(),
  /** Money given back: the payment it refunds, why, and the supervisor who approved it. */
  refund: z.object({ of: line(40).nullable(), reason: words(500), approvedBy: words(160).nullable() }).nullable().default(null),
  reprint: z.boolean().default(false),
}).superRefine((receipt, ctx) => {
  if (receipt.refund !== null && receipt.tenderedMinor !== null) ctx.addIssue({ code: 'custom', path: ['tenderedMinor'], message: 'nothing is tendered for a refund' });
  if (receipt.tenderedMinor !== null && receipt.tenderedMinor !== receipt.amountMinor + receipt.changeMinor) {
    ctx.addIssue({ code: 'custom', path: ['changeMinor'], message: 'tendered is the amount plus the change' });
  }
  if (receipt.tenderedMinor === null && receipt.changeMinor !== 0) ctx.addIssue({ code: 'custom', path: ['changeMinor'], message: 'change is given from cash tendered only' });
  if (receipt.method !== 'cash' && receipt.tenderedMinor !== null) ctx.addIssue({ code: 'custom', path: ['tenderedMinor'], message: 'only cash is tendered' });
});
export type PaymentReceiptDocument = z.infer<typeof PaymentReceiptDocumentSchema>;

export const PrintInvoiceItemSchema = z.object({
  /** The heading the item is grouped under (the department, or the service's category). */
  department: line(80),
  at: InstantSchema,
  code: line(40),
  description: line(200),
  quantity: z.number().int(),
  unitPriceMinor: minor,
  amountMinor: signed,
  payerMinor: signed,
  patientMinor: signed,
});
export type PrintInvoiceItem = z.infer<typeof PrintInvoiceItemSchema>;

/** Money on an invoice: a payment, a deposit put towards it, or a refund (which lowers what was paid). */
export const PrintPaymentSchema = z.object({
  kind: z.enum(['payment', 'deposit', 'refund']),
  receiptNumber: line(40),
  takenAt: InstantSchema,
  /** Null for a deposit applied (its method is on the deposit's own receipt). */
  method: z.enum(PAYMENT_METHODS).nullable(),
  reference: words(100).nullable(),
  amountMinor: minor,
});
export type PrintPayment = z.infer<typeof PrintPaymentSchema>;

export const InvoiceDocumentSchema = z.object({
  kind: z.literal('invoice'),
  money: PrintMoneySchema,
  timeZone: PrintTimeZoneSchema,
  logo: PrintLogoSchema.optional(),
  number: line(40),
  invoiceKind: z.enum(INVOICE_KINDS),
  status: z.enum(['issued', 'void']),
  issuedAt: InstantSchema,
  issuedBy: line(160),
  patient: PrintPatientSchema,
  payer: z.object({
    name: line(160),
    kind: z.enum(BILLING_PAYER_KINDS),
    scheme: words(160).nullable(),
    memberNumber: words(60).nullable(),
    preAuthorisation: words(60).nullable(),
  }),
  items: z.array(PrintInvoiceItemSchema).min(1).max(2000),
  totalMinor: signed,
  payerMinor: signed,
  patientMinor: signed,
  paidMinor: signed,
  /** Credit notes, discounts and write-offs. */
  creditedMinor: minor,
  balanceMinor: signed,
  payments: z.array(PrintPaymentSchema).max(500),
  adjustments: z.array(z.object({ number: line(40), kind: z.enum(INVOICE_ADJUSTMENT_KINDS), at: InstantSchema, amountMinor: minor, reason: words(500) })).max(200),
  voidReason: words(500).nullable(),
  reprint: z.boolean().default(false),
}).superRefine((invoice, ctx) => {
  const wrong = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  invoice.items.forEach((item, index) => {
    if (item.amountMinor !== item.quantity * item.unitPriceMinor) ctx.addIssue({ code: 'custom', path: ['items', index, 'amountMinor'], message: 'is quantity times unit price' });
    if (item.payerMinor + item.patientMinor !== item.amountMinor) ctx.addIssue({ code: 'custom', path: ['items', index, 'patientMinor'], message: 'payer and patient shares add up to the amount' });
  });
  if (sum(invoice.items.map((item) => item.amountMinor)) !== invoice.totalMinor) wrong('totalMinor', 'is the sum of the items');
  if (sum(invoice.items.map((item) => item.payerMinor)) !== invoice.payerMinor) wrong('payerMinor', 'is the sum of the items\' payer shares');
  if (sum(invoice.items.map((item) => item.patientMinor)) !== invoice.patientMinor) wrong('patientMinor', 'is the sum of the items\' patient shares');
  if (sum(invoice.payments.map((payment) => (payment.kind === 'refund' ? -payment.amountMinor : payment.amountMinor))) !== invoice.paidMinor) wrong('paidMinor', 'is the payments and deposits less their refunds');
  if (sum(invoice.adjustments.map((adjustment) => adjustment.amountMinor)) !== invoice.creditedMinor) wrong('creditedMinor', 'is the sum of the credit notes, discounts and write-offs');
  // A void invoice owes nothing (nothing may be paid or credited on one to void it).
  const owed = invoice.status === 'void' ? 0 : invoice.patientMinor - invoice.paidMinor - invoice.creditedMinor;
  if (owed !== invoice.balanceMinor) wrong('balanceMinor', 'is the patient\'s share less what was paid and credited');
});
export type InvoiceDocument = z.infer<typeof InvoiceDocumentSchema>;

export const ShiftReportDocumentSchema = z.object({
  kind: z.literal('shiftReport'),
  money: PrintMoneySchema,
  timeZone: PrintTimeZoneSchema,
  cashierName: line(160),
  /** The desk or window the shift ran at, when known. */
  desk: words(80).nullable(),
  status: z.enum(['open', 'closed']),
  openedAt: InstantSchema,
  closedAt: InstantSchema.nullable(),
  floatMinor: minor,
  /** Money in and out by method. */
  methods: z.array(z.object({ method: z.enum(PAYMENT_METHODS), payments: z.number().int().min(0), paymentsMinor: minor, refunds: z.number().int().min(0), refundsMinor: minor })).max(PAYMENT_METHODS.length),
  cashInMinor: minor,
  cashOutMinor: minor,
  /** The shift's refunds one by one, when the desk has them (the totals above count them all). */
  refunds: z.array(z.object({ number: line(40), at: InstantSchema, method: z.enum(PAYMENT_METHODS), amountMinor: minor, reason: words(500) })).max(2000).default([]),
  voidCount: z.number().int().min(0),
  voids: z.array(z.object({ number: line(40), at: InstantSchema, amountMinor: minor, reason: words(500) })).max(2000).default([]),
  counts: z.array(z.object({ valueMinor: minor.min(1), count: z.number().int().min(0) })).max(40),
  expectedCashMinor: signed,
  countedCashMinor: signed.nullable(),
  varianceMinor: signed.nullable(),
  varianceNote: words(500).nullable(),
}).superRefine((report, ctx) => {
  if (report.floatMinor + report.cashInMinor - report.cashOutMinor !== report.expectedCashMinor) ctx.addIssue({ code: 'custom', path: ['expectedCashMinor'], message: 'is the float plus cash taken less cash refunded' });
  if (new Set(report.methods.map((row) => row.method)).size !== report.methods.length) ctx.addIssue({ code: 'custom', path: ['methods'], message: 'names each method once' });
  if (new Set(report.counts.map((row) => row.valueMinor)).size !== report.counts.length) ctx.addIssue({ code: 'custom', path: ['counts'], message: 'counts each denomination once' });
  if (report.countedCashMinor === null) return;
  if (report.counts.length > 0 && sum(report.counts.map((row) => row.valueMinor * row.count)) !== report.countedCashMinor) ctx.addIssue({ code: 'custom', path: ['countedCashMinor'], message: 'is the sum of the denominations counted' });
  if (report.varianceMinor !== report.countedCashMinor - report.expectedCashMinor) ctx.addIssue({ code: 'custom', path: ['varianceMinor'], message: 'is counted less expected' });
});
export type ShiftReportDocument = z.infer<typeof ShiftReportDocumentSchema>;

export const PrintClaimLineSchema = z.object({
  invoiceNumber: line(40),
  invoiceDate: InstantSchema,
  patientName: line(160),
  mrn: line(40),
  memberNumber: line(60),
  totalMinor: signed,
  payerMinor: signed,
});

export const ClaimDocumentSchema = z.object({
  kind: z.literal('claim'),
  money: PrintMoneySchema,
  timeZone: PrintTimeZoneSchema,
  logo: PrintLogoSchema.optional(),
  /** The claim's reference as the payer will quote it. */
  reference: line(60),
  payer: z.object({ name: line(160), code: line(40) }),
  periodFrom: InstantSchema,
  periodTo: InstantSchema,
  status: z.enum(CLAIM_STATUSES),
  preparedAt: InstantSchema,
  preparedBy: line(160),
  lines: z.array(PrintClaimLineSchema).min(1).max(5000),
  claimedMinor: signed,
  paidMinor: minor,
  rejectedMinor: minor,
}).superRefine((claim, ctx) => {
  if (sum(claim.lines.map((row) => row.payerMinor)) !== claim.claimedMinor) ctx.addIssue({ code: 'custom', path: ['claimedMinor'], message: 'is the sum of the invoices\' payer shares' });
  claim.lines.forEach((row, index) => {
    if (row.payerMinor > row.totalMinor) ctx.addIssue({ code: 'custom', path: ['lines', index, 'payerMinor'], message: 'is at most the invoice\'s total' });
  });
});
export type ClaimDocument = z.infer<typeof ClaimDocumentSchema>;

export type BillingPrintDocument = PaymentReceiptDocument | InvoiceDocument | ShiftReportDocument | ClaimDocument;
