import type { Handlers } from '../gateway/handler.js';
import { NOT_SERVED, notServed } from './not-served.js';

type BillingHandlers = Pick<Handlers, (typeof NOT_SERVED)[number]>;

export function billingHandlers(): BillingHandlers {
  return Object.fromEntries(NOT_SERVED.map((method) => [method, notServed(method)])) as unknown as BillingHandlers;
}
