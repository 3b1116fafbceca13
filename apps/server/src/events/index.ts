// The events area's interface: what code outside apps/server/src/events/ may import (the fence in
// build/eslint.config.js). Everything else in this folder is the area's own.
export { EventHub } from './event-hub.js';
export { eventsHandlers } from './handlers.js';
