// The reception desk's shared entry: what shared workstation code (the protocol, the settings)
// imports of the desk. Desk code imports the files of its own folder directly.
export { receptionEvents, receptionRequests, receptionWrites } from './host-requests.js';
export { ReceptionSettingsSchema } from './settings.js';
export type { ReceptionSettings } from './settings.js';
