// The laboratory's specimen workflow rules (issue 13): accession numbers, specimen and result
// states, validation steps. Pure; the server and an offline lab desk run the same ones.
export * from './accession.js';
export * from './specimens.js';
export * from './results.js';
export * from './turnaround.js';
