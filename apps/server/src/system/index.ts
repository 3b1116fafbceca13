// The system area's interface: what code outside apps/server/src/system/ may import (the fence in
// build/eslint.config.js).
export { systemHandlers } from './handlers.js';
