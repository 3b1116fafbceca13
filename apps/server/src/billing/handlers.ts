import type { Handlers } from '../gateway/handler.js';
import { addCharge, chargesForPatient, reverseCharge } from './charges-service.js';
import { createInvoice, getInvoice } from './invoices-service.js';
import { NOT_SERVED, notServed } from './not-served.js';
import { listPrices, setPrice } from './prices-service.js';

type Served = 'prices.list' | 'prices.set' | 'charges.forPatient' | 'charges.add' | 'charges.reverse' | 'invoices.create' | 'invoices.get';
type BillingHandlers = Pick<Handlers, Served | (typeof NOT_SERVED)[number]>;

export function billingHandlers(): BillingHandlers {
  const pending = Object.fromEntries(NOT_SERVED.map((method) => [method, notServed(method)])) as unknown as Pick<Handlers, (typeof NOT_SERVED)[number]>;
  return {
    ...pending,
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
  };
}
