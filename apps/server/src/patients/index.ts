// The patients area's interface: what code outside apps/server/src/patients/ may import (the fence
// in build/eslint.config.js). Everything else in this folder is the area's own.
export { patientsHandlers } from './handlers.js';
export { seedPatients } from './seed-patients.js';
export { requirePatientId, resolvePatientId } from './resolve-patient.js';
