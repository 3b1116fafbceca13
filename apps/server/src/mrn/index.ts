// The MRN area's interface: what code outside apps/server/src/mrn/ may import (the fence in
// build/eslint.config.js). Everything else in this folder is the area's own.
export { mrnHandlers } from './handlers.js';
export { allocateMrn, blockForMrn, hospitalIdentity, takeNumbers } from './mrn-service.js';
export type { HospitalIdentity } from './mrn-service.js';
