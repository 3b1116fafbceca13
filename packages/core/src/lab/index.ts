// The laboratory's pure rules (issue 13): the test catalogue and panels, reference ranges by sex
// and age band, flags, delta checks, calculated tests. No I/O.
// Unit conversion (UCUM, through @lhncbc/ucum-lhc and its large unit table) is its own entry,
// `@hms/core/lab-units`, so the workstation's renderer does not carry the table unless it converts.
export * from './catalogue.js';
export * from './ranges.js';
export * from './delta.js';
export * from './flags.js';
export * from './calculations.js';
export * from './analytes.js';
export * from './data/index.js';
export { SOURCES as LAB_RANGE_SOURCES } from './data/sources.js';
export * from './derive.js';
export * from './limits.js';
