// The vitals area's interface: what code outside apps/server/src/vitals/ may import.
// latestWeight is what mg/kg dose checks read.
export { vitalsHandlers } from './handlers.js';
export { latestVitals, latestVitalsPart, latestWeight } from './vitals-repo.js';
