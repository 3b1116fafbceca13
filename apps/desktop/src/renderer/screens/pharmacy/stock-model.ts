import { SHELF_LOCATION_KINDS, daysBetween, isExpired } from '@hms/core';
import type { ItemOnHand, StockCount, StockLocation } from '@hms/core';

/**
 * The stock screens' pure rules: which location a person starts at, the search over a
 * location's items, how each batch is flagged, the near-expiry list of the kept copy, and the
 * count sheet's lines. The server decides everything that is stored.
 */

/** Where a screen starts: a pharmacist's dispensary, a storekeeper's store (else the first active location). */
/** Open locations one works at (store, dispensary, ward): quarantine and transit hold stock but nothing is received, counted or dispensed there. */
export function shelfLocations(locations: readonly StockLocation[]): StockLocation[] {
  return locations.filter((location) => location.active && (SHELF_LOCATION_KINDS as readonly string[]).includes(location.kind));
}

export function defaultLocation(locations: readonly StockLocation[], dispenses: boolean): string {
  const active = shelfLocations(locations);
  const preferred = active.find((location) => location.kind === (dispenses ? 'dispensary' : 'store'));
  return (preferred ?? active[0])?.id ?? '';
}

/** Items whose name or code holds every typed word (case aside), by name. */
export function searchItems(items: readonly ItemOnHand[], query: string): ItemOnHand[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
  return items
    .filter((held) => words.every((word) => `${held.item.name} ${held.item.code}`.toLowerCase().includes(word)))
    .sort((a, b) => a.item.name.localeCompare(b.item.name));
}

export type BatchFlag = { kind: 'recalled' | 'expired' | 'near' | 'ok'; label: string };

/** How a batch is flagged: recalled and expired ones may not be dispensed; one within 90 days is near expiry. */
export function batchFlag(batch: { expiry: string; recalled: boolean; expired: boolean }, today: string): BatchFlag {
  if (batch.recalled) return { kind: 'recalled', label: 'Recalled' };
  const days = daysBetween(today, batch.expiry);
  if (batch.expired || isExpired(batch.expiry, today)) return { kind: 'expired', label: days === -1 ? 'Expired yesterday' : `Expired ${-days} days ago` };
  if (days <= 90) return { kind: 'near', label: days === 0 ? 'Expires today' : `Expires in ${days} day${days === 1 ? '' : 's'}` };
  return { kind: 'ok', label: `${days} days left` };
}

export const NEAR_EXPIRY_WINDOWS = [30, 60, 90] as const;
export type NearExpiryWindow = (typeof NEAR_EXPIRY_WINDOWS)[number];

export interface NearExpiryRow {
  itemName: string;
  unit: string;
  batchId: string;
  batchNumber: string;
  expiry: string;
  onHand: number;
  daysLeft: number;
  expired: boolean;
}

/**
 * The near-expiry list as the server makes it (stock.nearExpiry), from a location's stock:
 * batches with units that expire within the window, and those already expired, earliest first;
 * recalled ones left out. Used on the kept copy while the server cannot be reached.
 */
export function nearExpiryOf(items: readonly ItemOnHand[], today: string, withinDays: NearExpiryWindow): NearExpiryRow[] {
  return items
    .flatMap((held) => held.batches.map((batch) => ({ held, batch, daysLeft: daysBetween(today, batch.expiry) })))
    .filter(({ batch, daysLeft }) => !batch.recalled && batch.onHand > 0 && daysLeft <= withinDays)
    .sort((a, b) => a.batch.expiry.localeCompare(b.batch.expiry) || a.held.item.name.localeCompare(b.held.item.name))
    .map(({ held, batch, daysLeft }) => ({
      itemName: held.item.name, unit: held.item.unit, batchId: batch.batchId, batchNumber: batch.batchNumber, expiry: batch.expiry, onHand: batch.onHand, daysLeft, expired: daysLeft < 0,
    }));
}

/** One batch of the count sheet, beside what the books hold. */
export interface CountRow {
  itemName: string;
  unit: string;
  batchId: string;
  batchNumber: string;
  expiry: string;
  book: number;
}

/** The sheet of a location: every batch it holds (and any it held at 0 that the server still lists), by item then FEFO. */
export function countRows(items: readonly ItemOnHand[]): CountRow[] {
  return searchItems(items, '').flatMap((held) => held.batches.map((batch) => ({
    itemName: held.item.name, unit: held.item.unit, batchId: batch.batchId, batchNumber: batch.batchNumber, expiry: batch.expiry, book: batch.onHand,
  })));
}

export type CountCheck = { ok: true; lines: Array<{ batchId: string; counted: number }> } | { ok: false; errors: Record<string, string> };

/** What was typed on the sheet: only batches with a count are sent; each a whole number, 0 or more. */
export function countLines(rows: readonly CountRow[], typed: Readonly<Record<string, string>>): CountCheck {
  const errors: Record<string, string> = {};
  const lines: Array<{ batchId: string; counted: number }> = [];
  for (const row of rows) {
    const text = (typed[row.batchId] ?? '').trim();
    if (text === '') continue;
    const counted = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(counted) || counted > 10_000_000) errors[row.batchId] = 'A whole number of units, 0 or more.';
    else lines.push({ batchId: row.batchId, counted });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (lines.length === 0) return { ok: false, errors: { sheet: 'Count at least one batch.' } };
  return { ok: true, lines };
}

/** A count's variance in words: what approving it posts. */
export function varianceText(variance: number, unit = 'unit'): string {
  if (variance === 0) return 'agrees with the books';
  const count = Math.abs(variance);
  return `${variance > 0 ? '+' : '−'}${count} ${unit}${count === 1 ? '' : 's'} (${variance > 0 ? 'more' : 'fewer'} than the books)`;
}

/** Whether the signed-in person may decide a count: never their own (the server refuses it too, CONFLICT own_count). */
export function mayDecide(count: Pick<StockCount, 'countedBy' | 'status'>, userId: string | undefined): boolean {
  return count.status === 'pending' && userId !== undefined && count.countedBy !== userId;
}
