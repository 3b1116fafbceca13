import { HmsError, lineTotalMinor } from '@hms/core';
import type { Params } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { requirePatientId } from '../patients/index.js';
import { requireApproval } from './approval.js';
import { cashPayer, pricesInForce } from './catalogue-repo.js';
import { chargeRows, findCharge, toCharge } from './charges-repo.js';
import type { ChargeRow } from './charges-repo.js';

export async function chargesForPatient(db: Knex, input: Params<'charges.forPatient'>) {
  const patientId = await requirePatientId(db, input.patientId);
  const query = chargeRows(db).where('c.patient_id', patientId);
  if (input.visitId !== undefined) query.where('c.visit_id', input.visitId);
  const charges = ((await query) as ChargeRow[]).map(toCharge);
  // Not yet on an invoice; a reversal (itself uninvoiced) cancels its charge.
  const uninvoicedMinor = charges.filter((charge) => charge.invoiceId === null).reduce((sum, charge) => sum + charge.amountMinor, 0);
  return { patientId, result: { charges: input.uninvoicedOnly ? charges.filter((charge) => charge.invoiceId === null) : charges, uninvoicedMinor } };
}

async function requireVisitOf(db: Knex, visitId: string | undefined, patientId: string): Promise<string | null> {
  if (visitId === undefined) return null;
  const visit: { patient_id: string } | undefined = await db('visits').where({ id: visitId }).first('patient_id');
  if (visit === undefined || visit.patient_id !== patientId) throw HmsError.validation({ visitId: 'is not a visit of this patient' });
  return visitId;
}

/** A manual charge at the service's cash price in force now (the price is the list's, never typed). */
export async function addCharge(scope: WriteScope, actor: Actor, input: Params<'charges.add'>, now: Date) {
  const { trx } = scope;
  const patientId = await requirePatientId(trx, input.patientId);
  const visitId = await requireVisitOf(trx, input.visitId, patientId);
  const cash = await cashPayer(trx);
  const [priced] = await pricesInForce(trx, cash.id, now, { codes: [input.serviceCode] });
  if (priced === undefined || !priced.service.active) throw HmsError.validation({ serviceCode: 'is not a service in the catalogue' });
  if (priced.price === null) throw HmsError.validation({ serviceCode: 'has no price on the cash list yet' });
  const unit = Number(priced.price.price_minor);
  const id = randomUUID();
  await trx('billing_charges').insert({
    id, patient_id: patientId, visit_id: visitId, service_code: priced.service.code, description: priced.service.name, category: priced.service.category,
    quantity: input.quantity, unit_price_minor: unit, amount_minor: lineTotalMinor(input.quantity, unit), source: 'manual', source_id: id,
    at: now, recorded_at: now, recorded_by: actor.userId, note: input.note ?? null,
  });
  const charge = toCharge((await findCharge(trx, id))!);
  scope.audit({ action: 'charges.add', entityType: 'patient', entityId: patientId, after: { chargeId: id, serviceCode: charge.serviceCode, quantity: charge.quantity, amountMinor: charge.amountMinor, visitId } });
  return { charge };
}

/**
 * Cancels a charge by a new negative charge of the same quantity and price (the charge itself
 * is never changed). A cashier needs a billing supervisor's approval; a charge is reversed at
 * most once (the reversal's source is the charge), and a reversal is not reversed.
 */
export async function reverseCharge(scope: WriteScope, actor: Actor, input: Params<'charges.reverse'>, now: Date) {
  const { trx } = scope;
  // Locked: two reversals of one charge at once, the second finds the first.
  const locked: { id: string } | undefined = await trx('billing_charges').where({ id: input.chargeId }).forUpdate().first('id');
  if (locked === undefined) throw HmsError.notFound('The charge');
  const charge = (await findCharge(trx, input.chargeId))!;
  if (Number(charge.amount_minor) < 0) throw HmsError.conflict('A credit (a return or a reversal) cannot be reversed.');
  if (charge.invoice_id !== null) throw HmsError.conflict('This charge is on an invoice: it is credited by a credit note, not reversed.', { invoiceId: charge.invoice_id });
  if (charge.reversed_by !== null) throw HmsError.conflict('This charge is already reversed.', { reversedBy: charge.reversed_by });
  const approver = await requireApproval(trx, actor, input.approval);
  const id = randomUUID();
  const unit = Number(charge.unit_price_minor);
  await trx('billing_charges').insert({
    id, patient_id: charge.patient_id, visit_id: charge.visit_id, service_code: charge.service_code, item_id: null, description: charge.description, category: charge.category,
    quantity: -charge.quantity, unit_price_minor: unit, amount_minor: -charge.quantity * unit, source: 'reversal', source_id: charge.id, reverses: charge.id,
    at: now, recorded_at: now, recorded_by: actor.userId, note: input.reason,
  });
  const reversal = toCharge((await findCharge(trx, id))!);
  scope.audit({
    action: 'charges.reverse', entityType: 'patient', entityId: charge.patient_id,
    before: { chargeId: charge.id, amountMinor: Number(charge.amount_minor) },
    after: { reversalId: id, amountMinor: reversal.amountMinor, reason: input.reason, approvedBy: approver?.username ?? null },
  });
  return { reversal };
}
