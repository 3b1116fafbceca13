// The dispensing area's interface (issue 12): what code outside apps/server/src/dispensing/ may import.
export { dispensingHandlers } from './handlers.js';
