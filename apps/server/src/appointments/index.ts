// The appointments area's interface: what code outside apps/server/src/appointments/ may import
// (the fence in build/eslint.config.js). Everything else in this folder is the area's own.
export { appointmentsHandlers } from './handlers.js';
