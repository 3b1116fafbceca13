// The nurse desk's shared entry: what shared workstation code (the protocol, the settings)
// imports of the desk. Desk code imports the files of its own folder directly.
export { nurseEvents, nurseRequests, nurseWrites } from './host-requests.js';
export { NurseSettingsSchema } from './settings.js';
export type { NurseSettings } from './settings.js';
