// The encounters area's interface (consultations, their notes and addenda): what code outside
// apps/server/src/encounters/ may import. Orders and prescriptions attach to an encounter through
// requireOpenEncounter (open, the caller's own, locked so signing waits); a prescription added after
// the sign through requireSignedEncounter and an addendum (addAddendum).
export { encountersHandlers } from './handlers.js';
export { loadEncounter, lockEncounter, requireOpenEncounter, requireOwnEncounter, requireSignedEncounter, toDiagnosis } from './encounters-repo.js';
export { addAddendum } from './encounters-service.js';
export type { DiagnosisRow, EncounterRow } from './encounters-repo.js';
