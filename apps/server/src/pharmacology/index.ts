// The pharmacology area's interface (formulary, drug-safety rules): what code outside
// apps/server/src/pharmacology/ may import. Everything else in this folder is the area's own.
export { formularyHandlers } from './handlers.js';
export { loadShippedPharmacology } from './shipped-data.js';
export type { ShippedRevisions } from './shipped-data.js';
export { SafetyKnowledgeCache } from './knowledge.js';
