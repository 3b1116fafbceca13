import type { Handlers } from '../gateway/handler.js';
import { addCharge, chargesForPatient, reverseCharge } from './charges-service.js';
import { createInvoice, getInvoice } from './invoices-service.js';
import { adjustInvoice, voidInvoice } from './adjustments-service.js';
import { listConflicts, resolveConflict } from './conflicts-service.js';
import { applyDeposit, paymentsForPatient } from './deposits-service.js';
import { insuranceHandlers } from './insurance-handlers.js';
import { NOT_SERVED, notServed } from './not-served.js';
import { refundPayment, takePayment } from './payments-service.js';
import { closeShift, currentShift, getShift, listShifts, openShift } from './shifts-service.js';
import { listPrices, setPrice } from './prices-service.js';

type Served = 'prices.list' | 'prices.set' | 'charges.forPatient' | 'charges.add' | 'charges.reverse' | 'invoices.create' | 'invoices.get'
  | 'payments.take' | 'payments.refund' | 'payments.forPatient' | 'payments.applyDeposit' | 'payments.conflicts' | 'payments.resolveConflict'
  | 'shifts.open' | 'shifts.close' | 'shifts.current' | 'shifts.list' | 'shifts.get' | 'invoices.adjust' | 'invoices.void';
type BillingHandlers = Pick<Handlers, Served | (typeof NOT_SERVED)[number]> & ReturnType<typeof insuranceHandlers>;

export function billingHandlers(): BillingHandlers {
  const pending = Object.fromEntries(NOT_SERVED.map((method) => [method, notServed(method)])) as unknown as Pick<Handlers, (typeof NOT_SERVED)[number]>;
  return {
    ...pending,
    ...insuranceHandlers(),
    'prices.list': async (params, ctx) => listPrices(ctx.db, params, ctx.clock.now()),
    'prices.set': async (params, ctx) => ctx.write((scope) => setPrice(scope, ctx.actor, params, ctx.clock.now())),
    'charges.forPatient': async (params, ctx) => {
      const { patientId, result } = await chargesForPatient(ctx.db, params);
      await ctx.auditRead({ action: 'charges.forPatient', entityType: 'patient', entityId: patientId, details: { visitId: params.visitId ?? null, charges: result.charges.length } });
      return result;
    },
    'charges.add': async (params, ctx) => ctx.write((scope) => addCharge(scope, ctx.actor, params, ctx.clock.now())),
    'charges.reverse': async (params, ctx) => ctx.write((scope) => reverseCharge(scope, ctx.actor, params, ctx.clock.now())),
    'invoices.create': async (params, ctx) => ctx.write((scope) => createInvoice(scope, ctx.actor, params, ctx.clock.now())),
    'invoices.get': async (params, ctx) => {
      const invoice = await getInvoice(ctx.db, params);
      await ctx.auditRead({ action: 'invoices.get', entityType: 'patient', entityId: invoice.patientId, details: { invoiceId: invoice.id, number: invoice.number } });
      return { invoice };
    },
    'invoices.adjust': async (params, ctx) => ctx.write((scope) => adjustInvoice(scope, ctx.actor, params, ctx.clock.now())),
    'invoices.void': async (params, ctx) => ctx.write((scope) => voidInvoice(scope, ctx.actor, params, ctx.clock.now())),
    'payments.take': async (params, ctx) => ctx.write((scope) => takePayment(scope, ctx.actor, params, ctx.clock.now())),
    'payments.refund': async (params, ctx) => ctx.write((scope) => refundPayment(scope, ctx.actor, params, ctx.clock.now())),
    'payments.applyDeposit': async (params, ctx) => ctx.write((scope) => applyDeposit(scope, ctx.actor, params, ctx.clock.now())),
    'payments.forPatient': async (params, ctx) => {
      const { patientId, result } = await paymentsForPatient(ctx.db, params);
      await ctx.auditRead({ action: 'payments.forPatient', entityType: 'patient', entityId: patientId, details: { payments: result.payments.length } });
      return result;
    },
    'payments.conflicts': async (params, ctx) => {
      const result = await listConflicts(ctx.db, params);
      // Each payment names a patient: the read is on each of their records.
      for (const patientId of new Set(result.conflicts.map((conflict) => conflict.payment.patientId))) {
        await ctx.auditRead({ action: 'payments.conflicts', entityType: 'patient', entityId: patientId, details: { conflicts: result.conflicts.filter((conflict) => conflict.payment.patientId === patientId).length } });
      }
      return result;
    },
    'payments.resolveConflict': async (params, ctx) => ctx.write((scope) => resolveConflict(scope, ctx.actor, params, ctx.clock.now())),
    'shifts.open': async (params, ctx) => ctx.write((scope) => openShift(scope, ctx.actor, params, ctx.clock.now())),
    'shifts.close': async (params, ctx) => ctx.write((scope) => closeShift(scope, ctx.actor, params, ctx.clock.now())),
    'shifts.current': async (_params, ctx) => currentShift(ctx.db, ctx.actor),
    'shifts.list': async (params, ctx) => listShifts(ctx.db, params),
    'shifts.get': async (params, ctx) => getShift(ctx.db, ctx.actor, params),
  };
}
