// The stock area's interface (issue 12): what code outside apps/server/src/stock/ may import.
// Dispensing takes stock through these: the ledger, the locks, the hospital's day.
export { stockHandlers } from './handlers.js';
export { hospitalToday, openLocationAndToday } from './hospital-day.js';
export { onHandAt } from './stock-queries.js';
export { appendMovements, ledgerMismatches, lockBatchBalances, lockItemBatches, postMovements } from './ledger-repo.js';
export type { NewMovement } from './ledger-repo.js';
export { defaultDispensary, ensureStockItem, requireLocation } from './stock-items.js';
export { requireShelf } from './shelf.js';
export { toBatch, toItem } from './stock-rows.js';
export type { BatchRow, ItemRow } from './stock-rows.js';
export { seedDemoStock } from './demo-seed.js';
