import type { Handlers } from '../gateway/handler.js';
import { NOT_SERVED, notServed } from './not-served.js';
import { listPrices, setPrice } from './prices-service.js';

type Served = 'prices.list' | 'prices.set';
type BillingHandlers = Pick<Handlers, Served | (typeof NOT_SERVED)[number]>;

export function billingHandlers(): BillingHandlers {
  const pending = Object.fromEntries(NOT_SERVED.map((method) => [method, notServed(method)])) as unknown as Pick<Handlers, (typeof NOT_SERVED)[number]>;
  return {
    ...pending,
    'prices.list': async (params, ctx) => listPrices(ctx.db, params, ctx.clock.now()),
    'prices.set': async (params, ctx) => ctx.write((scope) => setPrice(scope, ctx.actor, params, ctx.clock.now())),
  };
}
