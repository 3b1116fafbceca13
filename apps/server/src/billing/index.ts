// The billing area's interface (issue 15): what code outside apps/server/src/billing/ may import.
export { billingHandlers } from './handlers.js';
export { NOT_SERVED } from './not-served.js';
export { captureDispensingCharges, scheduleChargeCapture } from './capture-service.js';
