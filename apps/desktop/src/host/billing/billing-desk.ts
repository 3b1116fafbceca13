import { HmsError, mayCall, methods } from '@hms/core';
import type { MethodName } from '@hms/core';
import type { AccountView, InvoiceView, PaymentOutcome, PaymentView, PrintResult, ReceiptView, ShiftStateView } from '../../shared/billing/views.js';
import type { PrintDocument } from '../../shared/printing/documents.js';
import type { HostRequestParsed, OwnedHandlers } from '../../shared/protocol/channels.js';
import { toHostError } from '../../shared/result.js';
import type { DeskContext, DeskHost } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import { AccountStore } from './account-store.js';
import { applyQueued, mergeReceipts, shiftTotals, withQueued } from './account-rules.js';
import { receiptDocument, shiftReportDocument } from './billing-printing.js';
import { billingOfflineWrites } from './offline-writes.js';
import { ReceiptBook, receiptView } from './receipt-book.js';
import type { ReceiptRecord } from './receipt-book.js';
import { ReceiptSeries } from './receipt-series.js';

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/** A method the server lists but does not serve yet (NOT_FOUND with details.notServed). */
function isNotServed(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'NOT_FOUND' && error.details?.notServed === true;
}

const onlineOnly = (what: string) => () => {
  throw new HmsError('UNAVAILABLE', `${what} needs the server, which cannot be reached now; nothing was recorded. Try again when it is back.`);
};

/**
 * The cashier desk's work in the host: a patient's account read and kept for offline, payments
 * through the one write path with the receipt printed at once, refunds with a supervisor's
 * approval, and the cashier's shift (its report printed at the close). Offline, a payment is taken
 * against the kept balances and numbered from this desk's own receipt series in the transaction
 * that queues it, so the printed receipt is final; the server takes it with its number on replay
 * (`offlineReceipt`).
 */
export class BillingDesk implements DeskHost<'billing'> {
  readonly handlers: OwnedHandlers<'billing'>;
  readonly writes: OfflineWrites<'billing'>;
  readonly book: ReceiptBook;
  private readonly store: AccountStore;
  private readonly series: ReceiptSeries | undefined;
  private readonly ctx: DeskContext<'billing'>;

  constructor(ctx: DeskContext<'billing'>) {
    this.ctx = ctx;
    this.store = new AccountStore(ctx.values, () => ctx.settings().serverUrl);
    this.book = new ReceiptBook(ctx.cache);
    this.series = ctx.cache === undefined ? undefined : new ReceiptSeries(ctx.cache);
    this.writes = billingOfflineWrites({ book: this.book, changed: (patientId) => ctx.publish('billing.receipts', { patientId }) });
    this.handlers = {
      'billing.account': async ({ patientId }) => {
        this.require('charges.forPatient');
        return this.account(patientId);
      },
      'billing.pay': async (payload) => {
        this.require('payments.take');
        return this.pay(payload);
      },
      'billing.printReceipt': async ({ receiptNumber, patient }) => {
        this.require('payments.take');
        const record = this.book.byNumber(receiptNumber);
        if (record === undefined) throw HmsError.notFound('That receipt among those issued at this workstation');
        const invoice = this.keptInvoice(record.patientId, record.invoiceId);
        return this.print(() => receiptDocument(ctx, record, patient, { invoiceNumber: invoice?.number ?? null, balanceMinor: invoice?.balanceMinor ?? null, reprint: true }));
      },
      'billing.refund': async (payload) => {
        this.require('payments.refund');
        return this.refund(payload);
      },
      'billing.shift': async () => {
        this.require('shifts.current');
        return this.shiftState();
      },
      'billing.openShift': async (params) => {
        this.require('shifts.open');
        const outcome = await ctx.writes.send('shifts.open', params, { label: 'Open the shift', whenQueued: onlineOnly('Opening a shift') });
        if (outcome.status !== 'applied') throw new HmsError('UNAVAILABLE', 'The shift was not opened.');
        this.store.keepShift(ctx.username() ?? '', outcome.result.shift);
        return this.shiftState();
      },
      'billing.closeShift': async (params) => {
        this.require('shifts.close');
        const outcome = await ctx.writes.send('shifts.close', params, { label: 'Close the shift', whenQueued: onlineOnly('Closing a shift') });
        if (outcome.status !== 'applied') throw new HmsError('UNAVAILABLE', 'The shift was not closed.');
        const { shift } = outcome.result;
        this.store.keepShift(ctx.username() ?? '', shift);
        const report = await this.print(() => shiftReportDocument(ctx, shift));
        return { ...(await this.shiftState()), report };
      },
    };
  }

  private serverUrl(): string {
    return this.ctx.settings().serverUrl;
  }

  private localReceipts(patientId: string): ReceiptView[] {
    return this.book.forPatient(this.serverUrl(), patientId).filter((record) => record.kind === 'payment').map(receiptView);
  }

  // --- the account ---------------------------------------------------------------------------

  async account(patientId: string): Promise<AccountView> {
    const { connection } = this.ctx;
    if (this.ctx.online()) {
      try {
        const { charges, uninvoicedMinor } = await connection.call('charges.forPatient', { patientId });
        const invoiceIds = [...new Set(charges.map((charge) => charge.invoiceId).filter((id): id is string => id !== null))];
        const [invoices, paid] = await Promise.all([
          Promise.all(invoiceIds.map(async (invoiceId) => (await connection.call('invoices.get', { invoiceId })).invoice)),
          // A server without payments yet: this desk's own receipts stand alone.
          connection.call('payments.forPatient', { patientId }).catch((error: unknown) => {
            if (isNotServed(error)) return undefined;
            throw error;
          }),
        ]);
        invoices.sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
        const asOf = this.ctx.now().toISOString();
        const payments = paid?.payments ?? [];
        const depositBalanceMinor = paid?.depositBalanceMinor ?? 0;
        this.store.keepAccount(patientId, { asOf, charges, uninvoicedMinor, invoices, payments, depositBalanceMinor });
        const receipts = mergeReceipts(paid?.payments, this.localReceipts(patientId));
        return { patientId, charges, uninvoicedMinor, invoices: applyQueued(invoices, receipts), receipts, depositBalanceMinor, source: 'server', asOf };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    const kept = this.store.account(patientId);
    if (kept === undefined) {
      return { patientId, charges: [], uninvoicedMinor: 0, invoices: [], receipts: this.localReceipts(patientId), depositBalanceMinor: 0, source: 'none', asOf: null };
    }
    const receipts = mergeReceipts(kept.payments, this.localReceipts(patientId));
    return { patientId, charges: kept.charges, uninvoicedMinor: kept.uninvoicedMinor, invoices: applyQueued(kept.invoices, receipts), receipts, depositBalanceMinor: kept.depositBalanceMinor, source: 'cache', asOf: kept.asOf };
  }

  /** An invoice as kept here, with the payments this desk has not delivered yet taken off its balance. */
  private keptInvoice(patientId: string, invoiceId: string | null): InvoiceView | undefined {
    if (invoiceId === null) return undefined;
    const account = this.store.account(patientId);
    if (account === undefined) return undefined;
    return applyQueued(account.invoices, this.localReceipts(patientId)).find((invoice) => invoice.id === invoiceId);
  }

  // --- payments ------------------------------------------------------------------------------

  private async pay(payload: HostRequestParsed<'billing.pay'>): Promise<PaymentOutcome> {
    const { ctx } = this;
    const { patient, ...params } = payload;
    if (params.method === 'cash' && params.tenderedMinor !== undefined && params.tenderedMinor < params.amountMinor) {
      throw HmsError.validation({ tenderedMinor: 'is less than the amount paid' });
    }
    const tendered = params.method === 'cash' ? params.tenderedMinor : undefined;
    const takenAt = ctx.now().toISOString();
    const base = {
      kind: 'payment' as const, serverUrl: this.serverUrl(), patientId: params.patientId, invoiceId: params.invoiceId ?? null, method: params.method,
      amountMinor: params.amountMinor, changeMinor: tendered === undefined ? 0 : tendered - params.amountMinor, tenderedMinor: tendered ?? null,
      reference: params.reference ?? null, takenBy: ctx.username(), refundedMinor: 0,
    };
    const label = `Payment by ${patient.name} (${patient.mrn})`;
    let queued: ReceiptRecord | undefined;
    const outcome = await ctx.writes.send('payments.take', params, {
      label,
      whenQueued: () => {
        const offline = this.offlineReceipt(params.invoiceId, params.patientId, params.amountMinor);
        const number = this.series!.take(offline.deskCode, offline.year);
        queued = {
          ...base, receiptNumber: number.number, seriesKey: number.seriesKey, sequence: number.sequence, takenAt, shiftId: offline.shiftId,
          idempotencyKey: null, state: 'queued', paymentId: null,
        };
        return {
          params: { ...params, offlineReceipt: { deskCode: offline.deskCode, number: number.number, takenAt } },
          label: `${label}, receipt ${number.number}`,
          alongside: (entry) => this.book.add({ ...queued!, idempotencyKey: entry.idempotencyKey }),
        };
      },
    });
    let record: ReceiptRecord;
    let balanceMinor: number | null;
    if (outcome.status === 'applied') {
      const { payment } = outcome.result;
      record = this.recordOf(payment, outcome.idempotencyKey);
      this.book.add(record);
      balanceMinor = outcome.result.balanceMinor;
    } else {
      record = this.book.byNumber(queued!.receiptNumber) ?? queued!;
      balanceMinor = this.keptInvoice(record.patientId, record.invoiceId)?.balanceMinor ?? null;
    }
    const invoiceNumber = this.store.account(record.patientId)?.invoices.find((invoice) => invoice.id === record.invoiceId)?.number ?? null;
    const printed = await this.print(() => receiptDocument(ctx, record, patient, { invoiceNumber, balanceMinor: record.invoiceId === null ? null : balanceMinor, reprint: false }));
    return { receipt: receiptView(record), ...printed };
  }

  private recordOf(payment: PaymentView, idempotencyKey: string): ReceiptRecord {
    return {
      kind: payment.kind, serverUrl: this.serverUrl(), receiptNumber: payment.receiptNumber, seriesKey: null, sequence: null, patientId: payment.patientId, invoiceId: payment.invoiceId,
      method: payment.method, amountMinor: payment.amountMinor, changeMinor: payment.changeMinor, tenderedMinor: payment.tenderedMinor, reference: payment.reference,
      takenAt: payment.takenAt, takenBy: this.ctx.username(), shiftId: payment.shiftId, idempotencyKey, state: 'applied', paymentId: payment.id, refundedMinor: 0,
    };
  }

  /** What a payment taken offline needs: the desk's code, the open shift kept here, and a balance it does not exceed. */
  private offlineReceipt(invoiceId: string | undefined, patientId: string, amountMinor: number): { deskCode: string; year: number; shiftId: string } {
    const { ctx } = this;
    if (this.series === undefined) throw new HmsError('UNAVAILABLE', 'The server cannot be reached, and this browser workstation keeps no receipt series: payments wait until it is back.');
    const deskCode = ctx.settings().desks.billing.deskCode;
    if (deskCode === undefined) throw new HmsError('UNAVAILABLE', 'The server cannot be reached, and this desk has no desk code for its own receipt numbers (Settings, Cashier desk): payments wait until it is back.');
    const shift = this.store.shift(ctx.username());
    if (shift?.status !== 'open') throw HmsError.conflict('No shift is open at this desk: a payment belongs to an open shift.', { reason: 'no_open_shift' });
    if (invoiceId !== undefined) {
      const invoice = this.keptInvoice(patientId, invoiceId);
      if (invoice === undefined) throw new HmsError('UNAVAILABLE', 'This invoice is not among the accounts kept here, and the server cannot be reached to check its balance.');
      if (amountMinor > invoice.balanceMinor) throw HmsError.conflict('The payment is more than the invoice\'s balance kept here.', { reason: 'overpayment', balanceMinor: invoice.balanceMinor });
    }
    return { deskCode, year: Number(ctx.reference.today(ctx.now()).slice(0, 4)), shiftId: shift.id };
  }

  private async refund(payload: HostRequestParsed<'billing.refund'>): Promise<ReceiptView> {
    const { ctx } = this;
    const { patientId, ...params } = payload;
    const outcome = await ctx.writes.send('payments.refund', params, { label: 'Refund', whenQueued: onlineOnly('A refund') });
    if (outcome.status !== 'applied') throw new HmsError('UNAVAILABLE', 'The refund was not sent.');
    const { refund } = outcome.result;
    const record = { ...this.recordOf(refund, outcome.idempotencyKey), patientId };
    this.book.add(record);
    this.book.addRefunded(params.paymentId, refund.amountMinor);
    return { ...receiptView(record), refundedMinor: 0 };
  }

  /** Prints a document at once; a printer's failure is told, what was recorded stands. */
  private async print(document: () => PrintDocument): Promise<PrintResult> {
    try {
      return { printed: await this.ctx.printer.print(document()), printError: undefined };
    } catch (error) {
      return { printed: undefined, printError: toHostError(error) };
    }
  }

  // --- the shift -----------------------------------------------------------------------------

  /** The cashier's shift: the server's (with its running totals) when it can be read, else the one kept here; plus this desk's payments it does not have yet. */
  private async shiftState(): Promise<ShiftStateView> {
    const username = this.ctx.username();
    let shift = this.store.shift(username) ?? null;
    if (this.ctx.online()) {
      try {
        const current = (await this.ctx.connection.call('shifts.current', {})).shift;
        if (current !== null) this.store.keepShift(username ?? '', current);
        // No open shift on the server: the last one kept here is shown only if it is closed.
        shift = current ?? (shift?.status === 'closed' ? shift : null);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    if (shift === null) return { shift, cashInMinor: 0, cashOutMinor: 0, byMethod: [] };
    const local = this.book.forShift(this.serverUrl(), shift.id);
    return { shift, ...(shift.status === 'open' ? withQueued(shift, local) : shiftTotals(local)) };
  }

  private require(method: MethodName): void {
    this.ctx.requireSession();
    if (!mayCall(methods[method].access, this.ctx.roles())) throw new HmsError('FORBIDDEN', 'The cashier desk is for cashiers and billing supervisors.', { method });
  }
}
