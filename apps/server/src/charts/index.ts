// The charts area's interface: what code outside apps/server/src/charts/ may import.
// Other areas fill the chart's slots in chart-slots.ts (medications: pharmacology; results: lab).
export { chartsHandlers } from './handlers.js';
export { loadChart } from './charts-service.js';
