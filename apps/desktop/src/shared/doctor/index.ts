// The doctor desk's shared entry: what shared workstation code (the protocol, the settings)
// imports of the desk. Desk code imports the files of its own folder directly.
export { doctorEvents, doctorRequests, doctorWrites } from './host-requests.js';
