import { LAB_TOPIC } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import { searchCatalogue } from './catalogue.js';
import { cancelOrderItem, createOrder, ordersForPatient } from './orders-service.js';

type OrdersHandlers = Pick<Handlers, 'orders.create' | 'orders.cancel' | 'orders.forPatient' | 'orders.catalogue' | 'orders.watch' | 'orders.unwatch'>;

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
    'orders.watch': async (_params, ctx) => {
      // The worklist names patients (ids): following it is on record, as prescriptions.watch is.
      ctx.connection.subscribe(LAB_TOPIC);
      await ctx.auditRead({ action: 'orders.watch', details: { topic: LAB_TOPIC } });
      return { ok: true as const };
    },
    'orders.unwatch': async (_params, ctx) => {
      ctx.connection.unsubscribe(LAB_TOPIC);
      return { ok: true as const };
    },
  };
}
