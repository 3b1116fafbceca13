// What the cashier desk prints (issue 15): documents, builders from the contract, and words.
export * from './builders.js';
export * from './documents.js';
export * from './labels.js';
export * from './money.js';
export * from './time.js';
