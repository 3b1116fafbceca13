// The encounters area's interface (consultations, their notes and addenda): what code outside
// apps/server/src/encounters/ may import. Orders and prescriptions attach to an encounter through
// requireOpenEncounter (open, the caller's own, locked so signing waits).
export { encountersHandlers } from './handlers.js';
export { loadEncounter, lockEncounter, requireOpenEncounter, requireOwnEncounter, toDiagnosis } from './encounters-repo.js';
export type { DiagnosisRow, EncounterRow } from './encounters-repo.js';
