// The queue area's interface: what code outside apps/server/src/queue/ may import (the fence in
// build/eslint.config.js). Everything else in this folder is the area's own.
export { queueHandlers } from './handlers.js';
// encounters.start calls in the waiting patient a desk called while its LAN was down.
export { callChosenVisit } from './queue-service.js';
