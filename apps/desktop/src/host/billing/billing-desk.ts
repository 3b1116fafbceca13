import { HmsError, mayCall, methods } from '@hms/core';
import type { MethodName } from '@hms/core';
import type { AccountView, InvoiceView, PaymentOutcome, ReceiptView, ShiftStateView } from '../../shared/billing/views.js';
import type { HostRequestParsed, OwnedHandlers } from '../../shared/protocol/channels.js';
import type { DeskContext, DeskHost } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import { AccountStore } from './account-store.js';
import { applyQueued, shiftTotals } from './account-rules.js';
import { billingOfflineWrites } from './offline-writes.js';
import { ReceiptBook, receiptView } from './receipt-book.js';
import type { ReceiptRecord } from './receipt-book.js';
import { ReceiptSeries } from './receipt-series.js';

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

const onlineOnly = (what: string) => () => {
  throw new HmsError('UNAVAILABLE', `${what} needs the server, which cannot be reached now; nothing was recorded. Try again when it is back.`);
};

/**
 * The cashier desk's work in the host: a patient's account read and kept for offline, payments
 * through the one write path with the receipt printed at once, refunds with a supervisor's
 * approval, and the cashier's shift. Offline, a payment is taken against the kept balances and
 * numbered from this desk's own receipt series in the transaction that queues it, so the printed
 * receipt is final; the server takes it with its number on replay (`offlineReceipt`).
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
      'billing.refund': async (payload) => {
        this.require('payments.refund');
        return this.refund(payload);
      },
      'billing.shift': async () => {
        this.require('shifts.open');
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
        this.store.keepShift(ctx.username() ?? '', outcome.result.shift);
        return this.shiftState();
      },
    };
  }

  private serverUrl(): string {
    return this.ctx.settings().serverUrl;
  }

  // --- the account ---------------------------------------------------------------------------

  async account(patientId: string): Promise<AccountView> {
    const receipts = () => this.book.forPatient(this.serverUrl(), patientId).filter((record) => record.kind === 'payment').map(receiptView);
    if (this.ctx.online()) {
      try {
        const { charges, uninvoicedMinor } = await this.ctx.connection.call('charges.forPatient', { patientId });
        const invoiceIds = [...new Set(charges.map((charge) => charge.invoiceId).filter((id): id is string => id !== null))];
        const invoices: InvoiceView[] = await Promise.all(invoiceIds.map(async (invoiceId) => (await this.ctx.connection.call('invoices.get', { invoiceId })).invoice));
        invoices.sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
        const asOf = this.ctx.now().toISOString();
        this.store.keepAccount(patientId, { asOf, charges, uninvoicedMinor, invoices });
        return { patientId, charges, uninvoicedMinor, invoices, receipts: receipts(), source: 'server', asOf };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    const kept = this.store.account(patientId);
    if (kept === undefined) return { patientId, charges: [], uninvoicedMinor: 0, invoices: [], receipts: receipts(), source: 'none', asOf: null };
    const all = receipts();
    return { patientId, charges: kept.charges, uninvoicedMinor: kept.uninvoicedMinor, invoices: applyQueued(kept.invoices, all), receipts: all, source: 'cache', asOf: kept.asOf };
  }

  // --- payments ------------------------------------------------------------------------------

  private async pay(payload: HostRequestParsed<'billing.pay'>): Promise<PaymentOutcome> {
    const { ctx } = this;
    const { patient, ...params } = payload;
    if (params.method === 'cash' && params.tenderedMinor !== undefined && params.tenderedMinor < params.amountMinor) {
      throw HmsError.validation({ tenderedMinor: 'is less than the amount paid' });
    }
    const changeMinor = params.method === 'cash' && params.tenderedMinor !== undefined ? params.tenderedMinor - params.amountMinor : 0;
    const takenAt = ctx.now().toISOString();
    const base = {
      kind: 'payment' as const, serverUrl: this.serverUrl(), patientId: params.patientId, invoiceId: params.invoiceId ?? null, method: params.method,
      amountMinor: params.amountMinor, changeMinor, tenderedMinor: params.tenderedMinor ?? null, reference: params.reference ?? null,
      takenBy: ctx.username(), refundedMinor: 0,
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
    if (outcome.status === 'applied') {
      const { payment } = outcome.result;
      record = {
        ...base, receiptNumber: payment.receiptNumber, seriesKey: null, sequence: null, takenAt: payment.takenAt, changeMinor: payment.changeMinor, shiftId: payment.shiftId,
        idempotencyKey: outcome.idempotencyKey, state: 'applied', paymentId: payment.id,
      };
      this.book.add(record);
    } else {
      record = this.book.byNumber(queued!.receiptNumber) ?? queued!;
    }
    return { receipt: receiptView(record), printed: undefined, printError: undefined };
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
      const account = this.store.account(patientId);
      const invoice = account === undefined ? undefined : applyQueued(account.invoices, this.book.forPatient(this.serverUrl(), patientId).map(receiptView)).find((item) => item.id === invoiceId);
      if (invoice === undefined) throw new HmsError('UNAVAILABLE', 'This invoice is not among the accounts kept here, and the server cannot be reached to check its balance.');
      if (amountMinor > invoice.balanceMinor) throw HmsError.conflict(`The payment is more than the invoice's balance kept here (${invoice.balanceMinor} minor units).`, { reason: 'overpayment', balanceMinor: invoice.balanceMinor });
    }
    return { deskCode, year: Number(ctx.reference.today(ctx.now()).slice(0, 4)), shiftId: shift.id };
  }

  private async refund(payload: HostRequestParsed<'billing.refund'>): Promise<ReceiptView> {
    const { ctx } = this;
    const { patientId, ...params } = payload;
    const outcome = await ctx.writes.send('payments.refund', params, { label: 'Refund', whenQueued: onlineOnly('A refund') });
    if (outcome.status !== 'applied') throw new HmsError('UNAVAILABLE', 'The refund was not sent.');
    const { refund } = outcome.result;
    const record: ReceiptRecord = {
      kind: 'refund', serverUrl: this.serverUrl(), receiptNumber: refund.receiptNumber, seriesKey: null, sequence: null, patientId, invoiceId: refund.invoiceId,
      method: refund.method, amountMinor: refund.amountMinor, changeMinor: 0, tenderedMinor: null, reference: refund.reference, takenAt: refund.takenAt,
      takenBy: ctx.username(), shiftId: refund.shiftId, idempotencyKey: outcome.idempotencyKey, state: 'applied', paymentId: refund.id, refundedMinor: 0,
    };
    this.book.add(record);
    this.book.addRefunded(params.paymentId, refund.amountMinor);
    return receiptView(record);
  }

  // --- the shift -----------------------------------------------------------------------------

  private shiftState(): ShiftStateView {
    const shift = this.store.shift(this.ctx.username()) ?? null;
    const receipts = shift === null ? [] : this.book.forShift(this.serverUrl(), shift.id);
    return { shift, ...shiftTotals(receipts) };
  }

  private require(method: MethodName): void {
    this.ctx.requireSession();
    if (!mayCall(methods[method].access, this.ctx.roles())) throw new HmsError('FORBIDDEN', 'The cashier desk is for cashiers and billing supervisors.', { method });
  }
}
