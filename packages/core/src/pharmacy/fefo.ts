/**
 * First-expiry-first-out, decided by the server (issue 12): of the batches at a location, the
 * earliest-expiring one that has not expired and is not recalled is taken first; a larger
 * quantity runs on into the next. Expiry dates are `YYYY-MM-DD` (sortable as text); a batch
 * may be used on its expiry date and is expired the day after.
 */
export interface StockBatchState {
  batchId: string;
  batchNumber: string;
  expiry: string;
  recalled: boolean;
  /** Units on hand at the location. */
  onHand: number;
}

export interface Allocation {
  batchId: string;
  quantity: number;
}

export function isExpired(expiry: string, today: string): boolean {
  return expiry < today;
}

export function isUsable(batch: StockBatchState, today: string): boolean {
  return !batch.recalled && !isExpired(batch.expiry, today) && batch.onHand > 0;
}

/** Ties on expiry go to the batch number, then the id, so every desk and the server agree. */
function fefoOrder(a: StockBatchState, b: StockBatchState): number {
  if (a.expiry !== b.expiry) return a.expiry < b.expiry ? -1 : 1;
  if (a.batchNumber !== b.batchNumber) return a.batchNumber < b.batchNumber ? -1 : 1;
  return a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0;
}

/** The usable batches in the order FEFO takes them. */
export function fefoQueue(batches: readonly StockBatchState[], today: string): StockBatchState[] {
  return batches.filter((batch) => isUsable(batch, today)).sort(fefoOrder);
}

/** The batch FEFO takes first, if any is usable. */
export function fefoFirst(batches: readonly StockBatchState[], today: string): StockBatchState | undefined {
  return fefoQueue(batches, today)[0];
}

export type FefoPlan = { ok: true; allocations: Allocation[] } | { ok: false; available: number };

/** Takes `quantity` units batch by batch in FEFO order; not enough usable stock answers what there is. */
export function planFefo(batches: readonly StockBatchState[], quantity: number, today: string): FefoPlan {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be a positive whole number');
  const allocations: Allocation[] = [];
  let left = quantity;
  for (const batch of fefoQueue(batches, today)) {
    const take = Math.min(left, batch.onHand);
    allocations.push({ batchId: batch.batchId, quantity: take });
    left -= take;
    if (left === 0) return { ok: true, allocations };
  }
  return { ok: false, available: quantity - left };
}

export type ChosenBatchProblem = 'not_here' | 'batch_recalled' | 'batch_expired' | 'insufficient_stock' | 'reason_required';

/**
 * Whether the pharmacist may take `quantity` from the batch they chose: never a recalled or
 * expired one, and another batch than FEFO's first only with a reason.
 */
export function chosenBatchProblem(batches: readonly StockBatchState[], chosenId: string, quantity: number, today: string, reason: string | undefined): ChosenBatchProblem | undefined {
  const chosen = batches.find((batch) => batch.batchId === chosenId);
  if (chosen === undefined) return 'not_here';
  if (chosen.recalled) return 'batch_recalled';
  if (isExpired(chosen.expiry, today)) return 'batch_expired';
  if (chosen.onHand < quantity) return 'insufficient_stock';
  const first = fefoFirst(batches, today);
  if (first !== undefined && first.batchId !== chosenId && (reason === undefined || reason.trim() === '')) return 'reason_required';
  return undefined;
}
