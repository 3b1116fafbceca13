// The audit area's interface: what code outside apps/server/src/audit/ may import (the fence in
// build/eslint.config.js). Everything else in this folder is the area's own.
export { INSERT_SEALED_AUDIT_SQL, appendAudit, sealAudit } from './audit-entry.js';
export { ReadAudits } from './read-audits.js';
export type { AuditEntry, AuditStamp, SealedAuditRow } from './audit-entry.js';
export { AuditKey, auditKeyExposed, loadAuditKey, loadOrCreateAuditKey } from './audit-key.js';
export { scheduleAuditCheckpoints } from './checkpoint-schedule.js';
export type { CheckpointSchedule } from './checkpoint-schedule.js';
export { readCheckpoints, writeAuditCheckpoint } from './checkpoints.js';
export { auditHandlers } from './handlers.js';
export { verifyAuditChain } from './verify.js';
