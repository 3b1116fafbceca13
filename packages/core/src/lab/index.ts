// The laboratory's pure rules (issue 13): the test catalogue and panels, reference ranges by sex
// and age band, flags, delta checks, calculated tests and unit conversion. No I/O.
export * from './catalogue.js';
export * from './ranges.js';
export * from './delta.js';
export * from './flags.js';
export * from './calculations.js';
export * from './units.js';
