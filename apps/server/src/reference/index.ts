// The reference-data area's interface: what code outside apps/server/src/reference/ may import
// (the fence in build/eslint.config.js). Everything else in this folder is the area's own.
export { DEMO_DOCTOR_USERNAMES, seedFrontDeskReference } from './demo-seed.js';
export { requireDepartment } from './departments-service.js';
export type { DepartmentRow } from './departments-service.js';
export { findDoctor, requireActiveDoctor } from './doctors-service.js';
export type { DoctorRecord } from './doctors-service.js';
export { referenceHandlers } from './handlers.js';
export { loadSchedules, lockDoctorSchedule } from './schedules-service.js';
export { announceReferenceChange, hospitalTimeZone } from './settings-service.js';
