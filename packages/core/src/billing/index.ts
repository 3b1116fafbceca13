export * from './allocation.js';
export * from './cash.js';
export * from './coverage-split.js';
export * from './numbering.js';
