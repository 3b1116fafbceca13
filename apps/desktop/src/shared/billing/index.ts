// The cashier desk's shared entry: what shared workstation code (the protocol, the settings)
// imports of the desk. Desk code imports the files of its own folder directly.
export { billingEvents, billingRequests, billingWrites } from './host-requests.js';
export { BillingSettingsSchema, DEFAULT_DENOMINATIONS } from './settings.js';
export type { BillingSettings } from './settings.js';
