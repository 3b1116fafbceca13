// The diagnoses area's interface (ICD-10-CM, coded diagnoses, the problem list): what code outside
// apps/server/src/diagnoses/ may import. Everything else in this folder is the area's own.
export { diagnosesHandlers } from './handlers.js';
export { Icd10Index } from './icd10-index.js';
export type { Icd10Row } from './icd10-index.js';
export { SHIPPED_ICD10_FILE, readIcd10List, storeIcd10Release } from './icd10-release.js';
export { SHIPPED_ICD10_LABEL, loadShippedIcd10 } from './shipped-icd10.js';
export { listProblems, problemsPart } from './problems-repo.js';
