// The instrument interfaces area (issue 14): what code outside apps/server/src/interfaces/ may import.
export { interfacesHandlers } from './handlers.js';
export { InterfaceSupervisor } from './supervisor.js';
export type { SupervisorOptions } from './supervisor.js';
export { pruneMessageBodies as pruneInterfaceMessageBodies } from './retention.js';
