import type { Allocation, StockBatchState } from './fefo.js';
import { fefoQueue } from './fefo.js';

export interface OfflinePlan {
  /** The desk's batch first, then others in FEFO order; the desk's batch also carries the shortfall. */
  allocations: Allocation[];
  /** Units no batch's books held: posted as a discrepancy on the desk's batch before the dispense. */
  shortfall: number;
}

/**
 * An offline dispense replayed: the desk named the batch it started on, but a line larger than
 * that batch's units ran on into the next packs on the shelf. So the replay takes what the
 * desk's batch holds, then the other usable batches first-expiry-first-out, and only what no
 * batch's books held is a shortfall (on the desk's batch: the pack it said it took).
 */
export function planOfflineLine(chosen: StockBatchState, others: readonly StockBatchState[], quantity: number, today: string): OfflinePlan {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be a positive whole number');
  let left = quantity - Math.min(quantity, Math.max(0, chosen.onHand));
  const rest: Allocation[] = [];
  for (const batch of fefoQueue(others.filter((other) => other.batchId !== chosen.batchId), today)) {
    if (left === 0) break;
    const take = Math.min(left, batch.onHand);
    rest.push({ batchId: batch.batchId, quantity: take });
    left -= take;
  }
  const fromOthers = rest.reduce((sum, allocation) => sum + allocation.quantity, 0);
  // A desk's batch the books show empty, with the others covering the line, takes nothing.
  const own = quantity - fromOthers;
  return { allocations: own > 0 ? [{ batchId: chosen.batchId, quantity: own }, ...rest] : rest, shortfall: left };
}
