// The visits area's interface: what code outside apps/server/src/visits/ may import (the fence in
// build/eslint.config.js). Everything else in this folder is the area's own.
//
// The department queue's state (token counters, counts, version, a visit's place) changes with
// every visit change and is kept by the visits table's trigger, so it lives here; the queue area
// (calling, skipping, transferring, the board) builds on it through this file.
export { visitsHandlers } from './handlers.js';
export { publishQueueChange, toQueueEntry, toQueueServing } from './queue-events.js';
export { QUEUE_ORDER_SQL, allocateToken, placementOf, queueOrderSql, queueStats, queueVersion } from './queue-state.js';
export { lockResolvedPatient } from './visit-patient.js';
export { OPEN_STATUSES, lockVisit, requireVisitView, toVisit, updateVisit, updateVisitView, visitAuditView, visitViews } from './visits-repo.js';
export type { VisitRow, VisitView } from './visits-repo.js';
export { checkIn, closeStaleVisits, isDoctorOnly, requireOwnPatient } from './visits-service.js';
export type { Caller } from './visits-service.js';
