/**
 * The stock ledger's arithmetic. Every movement is a signed quantity of one batch at one
 * location; the balance of a batch at a location is the sum of its movements, never below zero.
 * An offline dispense that took more than the books held is preceded by a `discrepancy` row
 * for the shortfall (stock the books did not know of), flagged for the pharmacist: the pack
 * left the shelf, so the movement is real and the books must make room for it.
 */
export const MOVEMENT_KINDS = ['receipt', 'dispense', 'return', 'transfer_out', 'transfer_in', 'adjustment', 'discrepancy'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** The sign a kind's quantity must have: adjustments go either way (their reason decides). */
export const MOVEMENT_SIGN: Readonly<Record<MovementKind, 1 | -1 | 0>> = {
  receipt: 1,
  dispense: -1,
  return: 1,
  transfer_out: -1,
  transfer_in: 1,
  adjustment: 0,
  discrepancy: 1,
};

/** Why stock was adjusted; each reason allows one direction (a count correction either). */
export const ADJUSTMENT_REASONS = ['damaged', 'expired', 'lost', 'stolen', 'returned_to_supplier', 'count_correction', 'donation_received', 'found'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const ADJUSTMENT_DIRECTION: Readonly<Record<AdjustmentReason, 1 | -1 | 0>> = {
  damaged: -1,
  expired: -1,
  lost: -1,
  stolen: -1,
  returned_to_supplier: -1,
  count_correction: 0,
  donation_received: 1,
  found: 1,
};

/** What is wrong with a movement's signed quantity; undefined when it fits its kind (and reason). */
export function movementProblem(kind: MovementKind, quantity: number, reason?: AdjustmentReason): string | undefined {
  if (!Number.isInteger(quantity) || quantity === 0) return 'must be a whole number of units, not 0';
  const sign = kind === 'adjustment' ? (reason === undefined ? undefined : ADJUSTMENT_DIRECTION[reason]) : MOVEMENT_SIGN[kind];
  if (sign === undefined) return 'an adjustment needs a reason';
  if (sign !== 0 && Math.sign(quantity) !== sign) return sign > 0 ? `must add stock for ${reason ?? kind}` : `must remove stock for ${reason ?? kind}`;
  return undefined;
}

export interface LedgerMovement {
  batchId: string;
  locationId: string;
  quantity: number;
}

/** `batchId|locationId` -> units: the balances a ledger sums to (zero balances left out). */
export function balancesOf(movements: Iterable<LedgerMovement>): Map<string, number> {
  const balances = new Map<string, number>();
  for (const movement of movements) {
    const key = `${movement.batchId}|${movement.locationId}`;
    const next = (balances.get(key) ?? 0) + movement.quantity;
    if (next === 0) balances.delete(key);
    else balances.set(key, next);
  }
  return balances;
}

/**
 * For an offline dispense of `taken` units from a batch holding `onHand`: the units the books
 * lacked (0 when there was enough). Those are posted as a discrepancy before the dispense.
 */
export function offlineShortfall(onHand: number, taken: number): number {
  return Math.max(0, taken - Math.max(0, onHand));
}
