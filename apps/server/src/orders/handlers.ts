import type { Handlers } from '../gateway/handler.js';
import { searchCatalogue } from './catalogue.js';
import { cancelOrderItem, createOrder, ordersForPatient } from './orders-service.js';

type OrdersHandlers = Pick<Handlers, 'orders.create' | 'orders.cancel' | 'orders.forPatient' | 'orders.catalogue'>;

export function ordersHandlers(): OrdersHandlers {
  return {
    'orders.create': async (params, ctx) => ctx.write((scope) => createOrder(scope, ctx.actor, params, ctx.clock.now())),
    'orders.cancel': async (params, ctx) => ({ item: await ctx.write((scope) => cancelOrderItem(scope, ctx.actor, params, ctx.clock.now())) }),
    'orders.forPatient': async (params, ctx) => {
      const items = await ordersForPatient(ctx.db, params);
      await ctx.auditRead({ action: 'orders.forPatient', entityType: 'patient', entityId: params.patientId, details: { count: items.length } });
      return { items };
    },
    'orders.catalogue': async (params, ctx) => ({ items: await searchCatalogue(ctx.db, params.kind, params.query) }),
  };
}
