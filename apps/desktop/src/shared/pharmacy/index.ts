// The pharmacy desk's shared entry: what shared workstation code (the protocol) imports of the
// desk. Desk code imports the files of its own folder directly.
export { pharmacyEvents, pharmacyRequests, pharmacyWrites } from './host-requests.js';
