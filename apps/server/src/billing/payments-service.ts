import { HmsError, parseDocumentNumber, tenderCash } from '@hms/core';
import type { Params, PaymentFlagReason } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { requirePatientId } from '../patients/index.js';
import { requireApproval } from './approval.js';
import { nextDocumentNumber } from './document-numbers.js';
import { depositBalanceMinor, findPayment, invoiceBalance } from './payments-repo.js';
import { lockOpenShift } from './shifts-repo.js';

type TakeInput = Params<'payments.take'>;

/** Method rules checked before anything is read or written: references, and cash's change. */
function checkTender(input: TakeInput): { tenderedMinor: number | null; changeMinor: number } {
  if ((input.method === 'card' || input.method === 'mobile_money') && (input.reference?.trim() ?? '') === '') {
    throw HmsError.validation({ reference: input.method === 'card' ? 'is required: the card terminal\'s reference' : 'is required: the mobile money transaction reference' });
  }
  if (input.tenderedMinor === undefined) return { tenderedMinor: null, changeMinor: 0 };
  if (input.method !== 'cash') throw HmsError.validation({ tenderedMinor: 'is for cash only' });
  const tender = tenderCash(input.amountMinor, input.tenderedMinor);
  if (!tender.ok) throw HmsError.validation({ tenderedMinor: `is ${tender.shortMinor} short of the amount` });
  return { tenderedMinor: input.tenderedMinor, changeMinor: tender.changeMinor };
}

/** An offline receipt's number must be one of the desk's own series, as the desk printed it. */
function offlineNumber(receipt: NonNullable<TakeInput['offlineReceipt']>) {
  const parsed = parseDocumentNumber(receipt.number);
  if (parsed === undefined || parsed.series.kind !== 'receipt' || parsed.series.deskCode !== receipt.deskCode) {
    throw HmsError.validation({ 'offlineReceipt.number': `is not a receipt number of desk ${receipt.deskCode} (like ${receipt.deskCode}-RCT-2026-000001)` });
  }
  return { number: receipt.number, seriesKey: `receipt/${parsed.series.year}/${receipt.deskCode}`, sequence: parsed.sequence };
}

async function answer(db: Knex, paymentId: string) {
  const payment = (await findPayment(db, paymentId))!;
  const balanceMinor = payment.invoiceId === null ? null : (await invoiceBalance(db, payment.invoiceId)).balanceMinor;
  return { payment, balanceMinor, depositBalanceMinor: await depositBalanceMinor(db, payment.patientId) };
}

/**
 * A replayed offline receipt already recorded answers as the first time, writing nothing; the
 * same number with different money is refused (two payments never share a receipt).
 */
async function replayed(trx: Knex.Transaction, input: TakeInput, number: string, patientId: string) {
  // Two replays of one receipt at once: the second waits here, then finds the first.
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 15))', [`billing receipt ${number}`]);
  const existing: { id: string; patient_id: string; invoice_id: string | null; method: string; amount_minor: string } | undefined = await trx('billing_payments')
    .where({ receipt_number: number }).first('id', 'patient_id', 'invoice_id', 'method', 'amount_minor');
  if (existing === undefined) return undefined;
  const same = existing.patient_id === patientId && existing.invoice_id === (input.invoiceId ?? null) && existing.method === input.method && Number(existing.amount_minor) === input.amountMinor;
  if (!same) throw HmsError.conflict(`Receipt ${number} is already recorded for another payment.`, { reason: 'receipt_number_taken', paymentId: existing.id });
  return answer(trx, existing.id);
}

/**
 * Takes a payment in the caller's open shift: against an invoice (never past its balance when
 * online) or as a deposit. Online it takes the next receipt number of the year; offline it
 * keeps the desk's printed number, and a replay past the balance or against a voided invoice
 * is kept as money received and flagged into the conflicts inbox.
 */
export async function takePayment(scope: WriteScope, actor: Actor, input: TakeInput, now: Date) {
  const { trx } = scope;
  const tender = checkTender(input);
  const offline = input.offlineReceipt === undefined ? undefined : offlineNumber(input.offlineReceipt);
  const patientId = await requirePatientId(trx, input.patientId);
  if (offline !== undefined) {
    const again = await replayed(trx, input, offline.number, patientId);
    if (again !== undefined) {
      // Nothing is written again; the replay itself is on record.
      scope.audit({ action: 'payments.take', entityType: 'patient', entityId: patientId, details: { replayOf: again.payment.id, receiptNumber: offline.number } });
      return again;
    }
  }
  const shiftId = await lockOpenShift(trx, actor.userId);
  if (shiftId === undefined) throw HmsError.conflict('Open a shift before taking payments.', { reason: 'no_open_shift' });

  const flags: Array<{ reason: PaymentFlagReason; excessMinor: number }> = [];
  if (input.invoiceId !== undefined) {
    // The invoice's lock orders payments on it: each sees the ones before it.
    const invoice: { patient_id: string } | undefined = await trx('billing_invoices').where({ id: input.invoiceId }).forUpdate().first('patient_id');
    if (invoice === undefined) throw HmsError.notFound('The invoice');
    if (invoice.patient_id !== patientId) throw HmsError.validation({ invoiceId: 'is not an invoice of this patient' });
    const { balanceMinor, void: isVoid } = await invoiceBalance(trx, input.invoiceId);
    if (isVoid) {
      if (offline === undefined) throw HmsError.conflict('This invoice is void: nothing is paid on it.', { reason: 'invoice_void' });
      flags.push({ reason: 'invoice_void', excessMinor: input.amountMinor });
    } else if (input.amountMinor > balanceMinor) {
      if (offline === undefined) throw HmsError.conflict(`The invoice's balance is ${balanceMinor}: a payment may not pass it (take the rest as a deposit).`, { reason: 'exceeds_balance', balanceMinor });
      flags.push({ reason: 'overpayment', excessMinor: input.amountMinor - Math.max(balanceMinor, 0) });
    }
  }
  const numbered = offline ?? (await nextDocumentNumber(trx, 'receipt', now));
  const [row] = (await trx('billing_payments').insert({
    kind: 'payment', receipt_number: numbered.number, series_key: numbered.seriesKey, sequence: numbered.sequence, patient_id: patientId, invoice_id: input.invoiceId ?? null,
    shift_id: shiftId, method: input.method, amount_minor: input.amountMinor, tendered_minor: tender.tenderedMinor, change_minor: tender.changeMinor,
    reference: input.reference?.trim() || null, offline_desk_code: input.offlineReceipt?.deskCode ?? null,
    taken_at: input.offlineReceipt === undefined ? now : new Date(input.offlineReceipt.takenAt), recorded_at: now, taken_by: actor.userId,
  }).returning('id')) as Array<{ id: string }>;
  const paymentId = row!.id;
  if (flags.length > 0) await trx('billing_payment_conflicts').insert(flags.map((flag) => ({ payment_id: paymentId, reason: flag.reason, excess_minor: flag.excessMinor, detected_at: now })));
  scope.audit({
    action: 'payments.take', entityType: 'patient', entityId: patientId,
    after: { paymentId, receiptNumber: numbered.number, invoiceId: input.invoiceId ?? null, method: input.method, amountMinor: input.amountMinor, changeMinor: tender.changeMinor, shiftId, offline: offline !== undefined },
    ...(flags.length > 0 ? { details: { conflicts: flags } } : {}),
  });
  return answer(trx, paymentId);
}

/**
 * Refunds (part of) a payment out of the caller's open shift, approved by a supervisor: at most
 * what was paid less earlier refunds, and for a deposit less what was applied. The payment is
 * locked, so two refunds of it at once never pass that.
 */
export async function refundPayment(scope: WriteScope, actor: Actor, input: Params<'payments.refund'>, now: Date) {
  const { trx } = scope;
  const locked: { id: string } | undefined = await trx('billing_payments').where({ id: input.paymentId }).forUpdate().first('id');
  if (locked === undefined) throw HmsError.notFound('The payment');
  const payment = (await findPayment(trx, input.paymentId))!;
  if (payment.kind === 'refund') throw HmsError.conflict('A refund is not refunded.', { reason: 'is_refund' });
  const approver = await requireApproval(trx, actor, input.approval);
  const shiftId = await lockOpenShift(trx, actor.userId);
  if (shiftId === undefined) throw HmsError.conflict('Open a shift before refunding: the money comes out of it.', { reason: 'no_open_shift' });
  const applied = payment.invoiceId === null ? payment.amountMinor - payment.refundedMinor - payment.unappliedMinor : 0;
  const refundableMinor = payment.amountMinor - payment.refundedMinor - applied;
  if (input.amountMinor > refundableMinor) throw HmsError.conflict(`At most ${refundableMinor} of this payment can be refunded.`, { reason: 'exceeds_refundable', refundableMinor });
  const numbered = await nextDocumentNumber(trx, 'refund', now);
  const method = input.method ?? payment.method;
  const [row] = (await trx('billing_payments').insert({
    kind: 'refund', receipt_number: numbered.number, series_key: numbered.seriesKey, sequence: numbered.sequence, patient_id: payment.patientId, invoice_id: payment.invoiceId,
    shift_id: shiftId, method, amount_minor: input.amountMinor, reference: input.reference?.trim() || null, refund_of: payment.id, reason: input.reason,
    approved_by: approver?.id ?? null, taken_at: now, recorded_at: now, taken_by: actor.userId,
  }).returning('id')) as Array<{ id: string }>;
  scope.audit({
    action: 'payments.refund', entityType: 'patient', entityId: payment.patientId,
    before: { paymentId: payment.id, receiptNumber: payment.receiptNumber, refundedMinor: payment.refundedMinor },
    after: { refundId: row!.id, number: numbered.number, amountMinor: input.amountMinor, method, reason: input.reason, shiftId, approvedBy: approver?.username ?? null },
  });
  return { refund: (await findPayment(trx, row!.id))! };
}
