// The orders area's interface: what code outside apps/server/src/orders/ may import.
export { loadShippedOrderCatalogue } from './catalogue.js';
export { ordersHandlers } from './handlers.js';
export { pendingOrders } from './orders-service.js';
