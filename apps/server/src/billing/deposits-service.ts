import { HmsError } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { requirePatientId } from '../patients/index.js';
import { depositBalanceMinor, findPayment, invoiceBalance, listPayments, paymentRows } from './payments-repo.js';

export async function paymentsForPatient(db: Knex, input: Params<'payments.forPatient'>) {
  const patientId = await requirePatientId(db, input.patientId);
  return { patientId, result: { payments: await listPayments(paymentRows(db).where('p.patient_id', patientId)), depositBalanceMinor: await depositBalanceMinor(db, patientId) } };
}

/**
 * Puts the patient's deposits towards an invoice, oldest first, up to its balance (and the
 * amount asked). The invoice and then the deposits are locked: a payment or another
 * application at once waits and sees this one; a refund of a deposit waits on it too.
 */
export async function applyDeposit(scope: WriteScope, actor: Actor, input: Params<'payments.applyDeposit'>, now: Date) {
  const { trx } = scope;
  const invoice: { patient_id: string } | undefined = await trx('billing_invoices').where({ id: input.invoiceId }).forUpdate().first('patient_id');
  if (invoice === undefined) throw HmsError.notFound('The invoice');
  const { balanceMinor, void: isVoid } = await invoiceBalance(trx, input.invoiceId);
  if (isVoid) throw HmsError.conflict('This invoice is void: nothing is paid on it.', { reason: 'invoice_void' });
  const deposits = ((await trx('billing_payments').where({ patient_id: invoice.patient_id, kind: 'payment' }).whereNull('invoice_id')
    .orderBy([{ column: 'taken_at' }, { column: 'id' }]).forUpdate().select('id')) as Array<{ id: string }>).map((row) => row.id);
  let wanted = Math.min(balanceMinor, input.amountMinor ?? Number.MAX_SAFE_INTEGER);
  const applications: Array<{ deposit_id: string; invoice_id: string; amount_minor: number; applied_at: Date; applied_by: string }> = [];
  for (const id of deposits) {
    if (wanted <= 0) break;
    const left = (await findPayment(trx, id))!.unappliedMinor;
    if (left <= 0) continue;
    const take = Math.min(left, wanted);
    applications.push({ deposit_id: id, invoice_id: input.invoiceId, amount_minor: take, applied_at: now, applied_by: actor.userId });
    wanted -= take;
  }
  if (applications.length === 0) {
    throw HmsError.conflict(balanceMinor <= 0 ? 'The invoice has no balance to apply a deposit to.' : 'The patient has no deposit left to apply.', { reason: 'nothing_to_apply', balanceMinor });
  }
  const rows = (await trx('billing_deposit_applications').insert(applications).returning(['id', 'deposit_id', 'amount_minor', 'applied_at'])) as Array<{ id: string; deposit_id: string; amount_minor: string; applied_at: Date }>;
  const appliedMinor = applications.reduce((sum, row) => sum + row.amount_minor, 0);
  scope.audit({ action: 'payments.applyDeposit', entityType: 'patient', entityId: invoice.patient_id, after: { invoiceId: input.invoiceId, appliedMinor, deposits: applications.map((row) => row.deposit_id) } });
  return {
    applications: rows.map((row) => ({ id: row.id, depositId: row.deposit_id, invoiceId: input.invoiceId, amountMinor: Number(row.amount_minor), at: row.applied_at.toISOString() })),
    balanceMinor: balanceMinor - appliedMinor,
    depositBalanceMinor: await depositBalanceMinor(trx, invoice.patient_id),
  };
}
