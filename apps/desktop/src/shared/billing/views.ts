import type { Result } from '@hms/core';
import type { PrintOutcome } from '../printing/documents.js';
import type { DataSource } from '../protocol/records.js';
import type { HostError } from '../result.js';

export type ChargeView = Result<'charges.forPatient'>['charges'][number];
export type InvoiceView = Result<'invoices.get'>['invoice'];
export type PaymentView = Result<'payments.take'>['payment'];
export type ShiftView = Result<'shifts.open'>['shift'];

/**
 * A patient's account at the cashier: their charges (oldest first) and the invoices those are on,
 * as the server answered or, offline, as kept here with the payments taken here since applied.
 */
export interface AccountView {
  patientId: string;
  charges: ChargeView[];
  uninvoicedMinor: number;
  invoices: InvoiceView[];
  /** The patient's payments: the server's (any desk's), and this desk's still waiting to send or refused. */
  receipts: ReceiptView[];
  /** Deposits on the account not yet put towards an invoice (the server's figure; 0 until it gives one). */
  depositBalanceMinor: number;
  source: DataSource | 'none';
  /** When the server's answer was read (kept copies show their age). */
  asOf: string | null;
}

/** A receipt this desk issued: the server's number online, the desk's own series offline. */
export interface ReceiptView {
  receiptNumber: string;
  patientId: string;
  invoiceId: string | null;
  method: PaymentView['method'];
  amountMinor: number;
  changeMinor: number;
  /** Cash handed over, when it was cash. */
  tenderedMinor: number | null;
  reference: string | null;
  takenAt: string;
  /** Waiting in the outbox (numbered here), on the server, or refused on replay (in the conflicts inbox). */
  state: 'queued' | 'applied' | 'refused';
  /** The server's payment, once it has it (its id is what a refund names). */
  paymentId: string | null;
  shiftId: string | null;
  /** What of it was refunded so far (the server's count once it has it). */
  refundedMinor: number;
}

/** What printing a document did: where it went, or why not (the payment or close stands either way). */
export interface PrintResult {
  printed: PrintOutcome | undefined;
  printError: HostError | undefined;
}

/** What taking a payment did: the receipt, and whether it printed. */
export interface PaymentOutcome extends PrintResult {
  receipt: ReceiptView;
}

/** The cashier's shift as this desk knows it, with what it took at this desk (for the expected cash at closing). */
export interface ShiftStateView {
  shift: ShiftView | null;
  /** Where the shift report went when the shift was just closed here. */
  report?: PrintResult;
  /** Cash taken in and given back (refunds) at this desk during the shift, in minor units. */
  cashInMinor: number;
  cashOutMinor: number;
  /** Receipts of the shift by method: count and total. */
  byMethod: Array<{ method: PaymentView['method']; count: number; totalMinor: number }>;
}
