import type { PaymentView, ReceiptView } from '../../shared/billing/views.js';
import type { LocalCache } from '../cache/local-cache.js';

/** A receipt as the book keeps it: the view, and where it came from. */
export interface ReceiptRecord extends Omit<ReceiptView, 'refundedMinor'> {
  kind: 'payment' | 'refund';
  serverUrl: string;
  seriesKey: string | null;
  sequence: number | null;
  takenBy: string | null;
  idempotencyKey: string | null;
  refundedMinor: number;
}

interface Row {
  receipt_number: string; kind: 'payment' | 'refund'; series_key: string | null; sequence: number | null; server_url: string; patient_id: string; invoice_id: string | null;
  method: PaymentView['method']; amount_minor: number; change_minor: number; tendered_minor: number | null; reference: string | null; taken_at: string; taken_by: string | null;
  shift_id: string | null; idempotency_key: string | null; state: ReceiptView['state']; payment_id: string | null; refunded_minor: number;
}

function fromRow(row: Row): ReceiptRecord {
  return {
    receiptNumber: row.receipt_number, kind: row.kind, serverUrl: row.server_url, seriesKey: row.series_key, sequence: row.sequence, patientId: row.patient_id, invoiceId: row.invoice_id,
    method: row.method, amountMinor: row.amount_minor, changeMinor: row.change_minor, tenderedMinor: row.tendered_minor, reference: row.reference, takenAt: row.taken_at,
    takenBy: row.taken_by, shiftId: row.shift_id, idempotencyKey: row.idempotency_key, state: row.state, paymentId: row.payment_id, refundedMinor: row.refunded_minor,
  };
}

export function receiptView(record: ReceiptRecord): ReceiptView {
  const { receiptNumber, patientId, invoiceId, method, amountMinor, changeMinor, tenderedMinor, reference, takenAt, state, paymentId, shiftId, refundedMinor } = record;
  return { receiptNumber, patientId, invoiceId, method, amountMinor, changeMinor, tenderedMinor, reference, takenAt, state, paymentId, shiftId, refundedMinor };
}

/**
 * The receipts this desk issued (payments and refunds), kept in the cache's billing_receipts or,
 * where the runtime has no cache (the browser), in memory for as long as the page lives.
 */
export class ReceiptBook {
  private readonly cache: LocalCache | undefined;
  private readonly memory: ReceiptRecord[] = [];

  constructor(cache: LocalCache | undefined) {
    this.cache = cache;
  }

  add(record: ReceiptRecord): void {
    if (this.cache === undefined) {
      if (this.memory.some((other) => other.receiptNumber === record.receiptNumber)) return;
      this.memory.push(record);
      return;
    }
    this.cache.prepare(`
      insert into billing_receipts (receipt_number, kind, series_key, sequence, server_url, patient_id, invoice_id, method, amount_minor, change_minor, tendered_minor,
        reference, taken_at, taken_by, shift_id, idempotency_key, state, payment_id, refunded_minor)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (receipt_number) do nothing
    `).run(record.receiptNumber, record.kind, record.seriesKey, record.sequence, record.serverUrl, record.patientId, record.invoiceId, record.method, record.amountMinor,
      record.changeMinor, record.tenderedMinor, record.reference, record.takenAt, record.takenBy, record.shiftId, record.idempotencyKey, record.state, record.paymentId, record.refundedMinor);
  }

  /** A queued receipt reached the server (its payment), or was refused on replay. */
  settle(idempotencyKey: string, outcome: { state: 'applied'; payment: PaymentView } | { state: 'refused' }): ReceiptRecord | undefined {
    const payment = outcome.state === 'applied' ? outcome.payment : undefined;
    if (this.cache === undefined) {
      const record = this.memory.find((other) => other.idempotencyKey === idempotencyKey);
      if (record === undefined) return undefined;
      record.state = outcome.state;
      if (payment !== undefined) Object.assign(record, { paymentId: payment.id, shiftId: payment.shiftId });
      return record;
    }
    this.cache.prepare('update billing_receipts set state = ?, payment_id = coalesce(?, payment_id), shift_id = coalesce(?, shift_id) where idempotency_key = ?')
      .run(outcome.state, payment?.id ?? null, payment?.shiftId ?? null, idempotencyKey);
    return this.byKey(idempotencyKey);
  }

  /** Part of a payment was refunded (what is left to refund shows on the screen). */
  addRefunded(paymentId: string, amountMinor: number): void {
    if (this.cache === undefined) {
      const record = this.memory.find((other) => other.paymentId === paymentId && other.kind === 'payment');
      if (record !== undefined) record.refundedMinor += amountMinor;
      return;
    }
    this.cache.prepare('update billing_receipts set refunded_minor = refunded_minor + ? where payment_id = ? and kind = \'payment\'').run(amountMinor, paymentId);
  }

  byNumber(receiptNumber: string): ReceiptRecord | undefined {
    if (this.cache === undefined) return this.memory.find((other) => other.receiptNumber === receiptNumber);
    const row = this.cache.prepare('select * from billing_receipts where receipt_number = ?').get(receiptNumber) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  private byKey(idempotencyKey: string): ReceiptRecord | undefined {
    const row = this.cache?.prepare('select * from billing_receipts where idempotency_key = ?').get(idempotencyKey) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  forPatient(serverUrl: string, patientId: string): ReceiptRecord[] {
    if (this.cache === undefined) return this.memory.filter((other) => other.serverUrl === serverUrl && other.patientId === patientId);
    return (this.cache.prepare('select * from billing_receipts where server_url = ? and patient_id = ? order by taken_at, receipt_number').all(serverUrl, patientId) as Row[]).map(fromRow);
  }

  forShift(serverUrl: string, shiftId: string): ReceiptRecord[] {
    if (this.cache === undefined) return this.memory.filter((other) => other.serverUrl === serverUrl && other.shiftId === shiftId);
    return (this.cache.prepare('select * from billing_receipts where server_url = ? and shift_id = ? order by taken_at, receipt_number').all(serverUrl, shiftId) as Row[]).map(fromRow);
  }
}
