export * from './expiry-date.js';
export * from './fefo.js';
export * from './gs1.js';
export * from './gtin.js';
export * from './ledger.js';
export * from './offline-split.js';
export * from './substitution.js';
