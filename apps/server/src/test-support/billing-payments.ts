import type { Knex } from 'knex';
import type { TestClient } from './test-client.js';
import { insertTestPatient } from './patients.js';
import type { TestStack } from './test-stack.js';
import { createTestUser } from './users.js';
import type { TestUser } from './users.js';

/** The service the payment tests charge: one unit costs 1,000 minor units. */
export const UNIT_SERVICE = 'PAY-UNIT';

export async function priceUnitService(supervisor: TestClient): Promise<void> {
  await supervisor.call('prices.set', { serviceCode: UNIT_SERVICE, service: { name: 'Payment test unit', category: 'other' }, priceMinor: 1_000 });
}

/** A new patient's invoice of `units` x 1,000, made through the protocol by a cashier. */
export async function unitInvoice(db: Knex, cashier: TestClient, units: number): Promise<{ patientId: string; invoiceId: string; chargeId: string }> {
  const patient = await insertTestPatient(db);
  const { charge } = await cashier.call('charges.add', { patientId: patient.id, serviceCode: UNIT_SERVICE, quantity: units });
  const { invoice } = await cashier.call('invoices.create', { patientId: patient.id, kind: 'final' });
  return { patientId: patient.id, invoiceId: invoice.id, chargeId: charge.id };
}

/** Row counts of the money tables, to prove a refusal wrote nothing. */
export async function moneyCounts(db: Knex): Promise<Record<string, number>> {
  const tables = ['billing_payments', 'billing_shifts', 'billing_deposit_applications', 'billing_invoice_adjustments', 'billing_invoice_voids', 'billing_payment_conflicts', 'audit_log'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number(((await db(table).count('* as n')) as Array<{ n: string }>)[0]!.n);
  counts.series = Number(((await db('billing_number_series').sum('next_number as n')) as Array<{ n: string | null }>)[0]!.n ?? 0);
  return counts;
}

/** The payment tests' cast: a supervisor (priced the unit service), an approver, a cashier with an open shift. */
export async function paymentsCast(stack: TestStack, approverName: string): Promise<{ supervisor: TestClient; approver: TestUser; cashier: TestClient }> {
  const supervisor = await stack.signedIn(['billing_supervisor']);
  const approver = await createTestUser(stack.db, approverName, ['billing_supervisor']);
  await priceUnitService(supervisor);
  const cashier = await stack.signedIn(['cashier']);
  await cashier.call('shifts.open', { floatMinor: 0 });
  return { supervisor, approver, cashier };
}
