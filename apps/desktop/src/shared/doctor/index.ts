// The doctor desk's shared entry: what shared workstation code (the protocol, the settings)
// imports of the desk. Desk code imports the files of its own folder directly.
import { doctorEvents as consultationEvents, doctorRequests as consultationRequests } from './host-requests.js';
import { doctorLabEvents, doctorLabRequests } from './lab-requests.js';

export { doctorWrites } from './host-requests.js';
export const doctorRequests = { ...consultationRequests, ...doctorLabRequests } as const;
export const doctorEvents = { ...consultationEvents, ...doctorLabEvents } as const;
