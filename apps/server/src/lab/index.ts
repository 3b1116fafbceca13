// The lab area's interface (issue 13): what code outside apps/server/src/lab/ may import.
export { labHandlers } from './handlers.js';
export { chartLabResultParts, chartLabResults } from './chart-results.js';
export { escalateCriticalAlerts, scheduleCriticalEscalation } from './critical-service.js';
export { catalogueRules, labAnalyteRules } from './analyte-rules.js';
export type { AnalyteRules } from './analyte-rules.js';
export { enterInstrumentResults, instrumentActor, planInstrumentResults, type InstrumentEntry, type InstrumentSource, type InstrumentSpecimen, type InstrumentValue } from './instrument-results.js';
export { loadShippedLabLimits } from './catalogue-limits.js';
export { stepResults } from './results-service.js';
