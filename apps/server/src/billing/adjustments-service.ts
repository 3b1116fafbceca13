import { HmsError } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { requireApproval } from './approval.js';
import { nextDocumentNumber } from './document-numbers.js';
import { invoiceView } from './invoices-service.js';
import { invoiceMoney } from './payments-repo.js';

/** The invoice locked for a change of what it is owed, with its money now. */
async function lockInvoice(trx: Knex.Transaction, invoiceId: string) {
  const invoice: { id: string; patient_id: string; patient_minor: string } | undefined = await trx('billing_invoices').where({ id: invoiceId }).forUpdate().first('id', 'patient_id', 'patient_minor');
  if (invoice === undefined) throw HmsError.notFound('The invoice');
  const money = await invoiceMoney(trx, invoiceId, Number(invoice.patient_minor));
  if (money.status === 'void') throw HmsError.conflict('This invoice is void.', { reason: 'invoice_void' });
  return { invoice, money };
}

/** The caller's open shift when they have one (a supervisor has none): the shift report counts its voids. */
async function openShiftOf(trx: Knex.Transaction, actor: Actor): Promise<string | null> {
  const row: { id: string } | undefined = await trx('billing_shifts').where({ cashier_id: actor.userId }).whereNull('closed_at').first('id');
  return row?.id ?? null;
}

/** A credit note's amount: the patient shares of invoiced charges of this invoice, each credited once. */
async function creditedCharges(trx: Knex.Transaction, invoiceId: string, chargeIds: readonly string[]) {
  const lines = (await trx('billing_invoice_lines as l').leftJoin('billing_credit_note_lines as c', 'c.charge_id', 'l.charge_id')
    .where('l.invoice_id', invoiceId).whereIn('l.charge_id', chargeIds).select('l.charge_id', 'l.patient_minor', 'c.adjustment_id')) as Array<{ charge_id: string; patient_minor: string; adjustment_id: string | null }>;
  const problems: Record<string, string> = {};
  chargeIds.forEach((id, index) => {
    const line = lines.find((row) => row.charge_id === id);
    if (line === undefined) problems[`chargeIds.${index}`] = 'is not a charge on this invoice';
    else if (Number(line.patient_minor) <= 0) problems[`chargeIds.${index}`] = 'is a credit or owes the patient nothing';
  });
  if (new Set(chargeIds).size !== chargeIds.length) problems.chargeIds = 'names a charge twice';
  if (Object.keys(problems).length > 0) throw HmsError.validation(problems);
  const credited = lines.filter((row) => row.adjustment_id !== null).map((row) => row.charge_id);
  if (credited.length > 0) throw HmsError.conflict('A charge is already credited.', { reason: 'already_credited', chargeIds: credited });
  return lines.map((row) => ({ chargeId: row.charge_id, amountMinor: Number(row.patient_minor) }));
}

/**
 * A credit note reversing invoiced charges, a discount or a write-off: lowers what the patient
 * owes, never past the balance (refund first what was paid), with a reason and a second
 * person's approval for a cashier. Numbered CRN- from its gapless series.
 */
export async function adjustInvoice(scope: WriteScope, actor: Actor, input: Params<'invoices.adjust'>, now: Date) {
  const { trx } = scope;
  if (input.kind === 'credit_note' && (input.chargeIds === undefined || input.amountMinor !== undefined)) {
    throw HmsError.validation(input.chargeIds === undefined ? { chargeIds: 'is required for a credit note' } : { amountMinor: 'is not given for a credit note: its charges make it' });
  }
  if (input.kind !== 'credit_note' && (input.amountMinor === undefined || input.chargeIds !== undefined)) {
    throw HmsError.validation(input.amountMinor === undefined ? { amountMinor: 'is required' } : { chargeIds: 'are for a credit note only' });
  }
  const { invoice, money } = await lockInvoice(trx, input.invoiceId);
  const lines = input.kind === 'credit_note' ? await creditedCharges(trx, invoice.id, input.chargeIds!) : [];
  const amountMinor = input.kind === 'credit_note' ? lines.reduce((sum, line) => sum + line.amountMinor, 0) : input.amountMinor!;
  if (amountMinor > money.balanceMinor) {
    throw HmsError.conflict(`The invoice's balance is ${money.balanceMinor}: refund what was paid before crediting more.`, { reason: 'exceeds_balance', balanceMinor: money.balanceMinor });
  }
  const approver = await requireApproval(trx, actor, input.approval);
  const numbered = await nextDocumentNumber(trx, 'credit_note', now);
  const [row] = (await trx('billing_invoice_adjustments').insert({
    invoice_id: invoice.id, kind: input.kind, number: numbered.number, series_key: numbered.seriesKey, sequence: numbered.sequence, amount_minor: amountMinor,
    reason: input.reason, at: now, by_user: actor.userId, approved_by: approver?.id ?? null, shift_id: await openShiftOf(trx, actor),
  }).returning('id')) as Array<{ id: string }>;
  if (lines.length > 0) await trx('billing_credit_note_lines').insert(lines.map((line) => ({ adjustment_id: row!.id, charge_id: line.chargeId, amount_minor: line.amountMinor })));
  scope.audit({
    action: 'invoices.adjust', entityType: 'patient', entityId: invoice.patient_id, before: { invoiceId: invoice.id, balanceMinor: money.balanceMinor },
    after: { adjustmentId: row!.id, number: numbered.number, kind: input.kind, amountMinor, chargeIds: lines.map((line) => line.chargeId), reason: input.reason, approvedBy: approver?.username ?? null },
  });
  const view = await invoiceView(trx, invoice.id);
  return { adjustment: view.adjustments.find((adjustment) => adjustment.id === row!.id)!, invoice: view };
}

/** Voids an invoice with nothing paid or credited on it; a cashier needs a supervisor's approval. */
export async function voidInvoice(scope: WriteScope, actor: Actor, input: Params<'invoices.void'>, now: Date) {
  const { trx } = scope;
  const { invoice, money } = await lockInvoice(trx, input.invoiceId);
  if (money.paidMinor !== 0 || money.creditedMinor !== 0) {
    throw HmsError.conflict('Money is paid or credited on this invoice: refund and credit it instead.', { reason: 'invoice_has_money', paidMinor: money.paidMinor, creditedMinor: money.creditedMinor });
  }
  const approver = await requireApproval(trx, actor, input.approval);
  await trx('billing_invoice_voids').insert({ invoice_id: invoice.id, reason: input.reason, voided_at: now, voided_by: actor.userId, approved_by: approver?.id ?? null, shift_id: await openShiftOf(trx, actor) });
  scope.audit({ action: 'invoices.void', entityType: 'patient', entityId: invoice.patient_id, after: { invoiceId: invoice.id, reason: input.reason, approvedBy: approver?.username ?? null } });
  return { invoice: await invoiceView(trx, invoice.id) };
}
