// The allergies area's interface: what code outside apps/server/src/allergies/ may import.
// Prescription checks read currentAllergies (only status 'active' counts).
export { allergiesHandlers } from './handlers.js';
export { allergySummary, currentAllergies, currentAllergiesPart, noneKnownPart, toAllergySummary } from './allergies-repo.js';
