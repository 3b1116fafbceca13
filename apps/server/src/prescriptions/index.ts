// The prescriptions area's interface: what code outside apps/server/src/prescriptions/ may import.
// The chart's current medication list reads currentMedications.
export { prescriptionsHandlers } from './handlers.js';
export { currentMedications, currentMedicationsPart } from './prescriptions-repo.js';
