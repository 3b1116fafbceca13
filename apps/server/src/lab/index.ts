// The lab area's interface (issue 13): what code outside apps/server/src/lab/ may import.
export { labHandlers } from './handlers.js';
