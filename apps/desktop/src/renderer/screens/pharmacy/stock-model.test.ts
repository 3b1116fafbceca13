import type { ItemOnHand, StockLocation } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { batchFlag, countLines, countRows, defaultLocation, mayDecide, shelfLocations, nearExpiryOf, searchItems, varianceText } from './stock-model.js';

const today = '2026-12-02';
const location = (id: string, kind: StockLocation['kind'], active = true): StockLocation => ({ id, code: id, name: id, kind, active });
const batch = (batchId: string, expiry: string, onHand: number, flags: { recalled?: boolean; expired?: boolean } = {}) => ({
  batchId, batchNumber: batchId.toUpperCase(), expiry, onHand, recalled: flags.recalled ?? false, expired: flags.expired ?? expiry < today,
});
const item = (id: string, name: string, batches: ItemOnHand['batches']): ItemOnHand => ({
  item: { id, kind: 'drug', drugId: id, code: name.toLowerCase().replace(/\s+/g, '-'), name, unit: 'tablet', active: true },
  onHand: batches.reduce((sum, one) => sum + one.onHand, 0),
  usable: batches.filter((one) => !one.recalled && !one.expired).reduce((sum, one) => sum + one.onHand, 0),
  batches,
});

const amoxicillin = item('a', 'Amoxicillin 500 mg capsule', [batch('old', '2026-11-20', 30), batch('soon', '2027-01-01', 12), batch('bad', '2027-02-01', 5, { recalled: true }), batch('late', '2028-06-30', 50)]);
const paracetamol = item('p', 'Paracetamol 500 mg tablet', [batch('p1', '2027-02-15', 100), batch('p0', '2027-03-01', 0)]);

describe('defaultLocation', () => {
  it('starts a pharmacist at the dispensary, a storekeeper at the store, skipping closed ones', () => {
    const places = [location('ward', 'ward'), location('closed-store', 'store', false), location('store', 'store'), location('disp', 'dispensary')];
    expect(defaultLocation(places, true)).toBe('disp');
    expect(defaultLocation(places, false)).toBe('store');
    expect(defaultLocation([location('ward', 'ward')], true)).toBe('ward');
    // Quarantine and transit are never where a screen starts, nor on its picker.
    expect(defaultLocation([location('quar', 'quarantine'), location('transit', 'transit'), location('ward', 'ward')], true)).toBe('ward');
    expect(shelfLocations([location('quar', 'quarantine'), location('transit', 'transit'), ...places]).map((place) => place.id)).toEqual(['ward', 'store', 'disp']);
    expect(defaultLocation([], true)).toBe('');
  });
});

describe('searchItems', () => {
  it('finds items by every typed word of the name or code, by name', () => {
    expect(searchItems([paracetamol, amoxicillin], '').map((held) => held.item.id)).toEqual(['a', 'p']);
    expect(searchItems([paracetamol, amoxicillin], 'amox 500').map((held) => held.item.id)).toEqual(['a']);
    expect(searchItems([paracetamol, amoxicillin], 'TABLET').map((held) => held.item.id)).toEqual(['p']);
    expect(searchItems([paracetamol, amoxicillin], 'ibuprofen')).toEqual([]);
  });
});

describe('batchFlag', () => {
  it('flags recalled before expired, then near expiry within 90 days', () => {
    expect(batchFlag(batch('x', '2026-11-20', 1, { recalled: true }), today)).toEqual({ kind: 'recalled', label: 'Recalled' });
    expect(batchFlag(batch('x', '2026-11-20', 1), today)).toEqual({ kind: 'expired', label: 'Expired 12 days ago' });
    expect(batchFlag(batch('x', '2026-12-01', 1), today)).toEqual({ kind: 'expired', label: 'Expired yesterday' });
    expect(batchFlag(batch('x', '2026-12-02', 1), today)).toEqual({ kind: 'near', label: 'Expires today' });
    expect(batchFlag(batch('x', '2026-12-03', 1), today)).toEqual({ kind: 'near', label: 'Expires in 1 day' });
    expect(batchFlag(batch('x', '2027-03-02', 1), today)).toEqual({ kind: 'near', label: 'Expires in 90 days' });
    expect(batchFlag(batch('x', '2027-03-03', 1), today)).toEqual({ kind: 'ok', label: '91 days left' });
  });
});

describe('nearExpiryOf (the kept copy\'s near-expiry list)', () => {
  it('lists batches with units expiring within the window and the expired ones, earliest first, recalled and empty left out', () => {
    expect(nearExpiryOf([paracetamol, amoxicillin], today, 30).map((row) => [row.batchNumber, row.daysLeft, row.expired])).toEqual([['OLD', -12, true], ['SOON', 30, false]]);
    expect(nearExpiryOf([paracetamol, amoxicillin], today, 90).map((row) => row.batchNumber)).toEqual(['OLD', 'SOON', 'P1']);
  });
});

describe('the count sheet', () => {
  const rows = countRows([paracetamol, amoxicillin]);

  it('lists every batch of the location by item, beside the books', () => {
    expect(rows.map((row) => [row.itemName.split(' ')[0], row.batchNumber, row.book])).toEqual([
      ['Amoxicillin', 'OLD', 30], ['Amoxicillin', 'SOON', 12], ['Amoxicillin', 'BAD', 5], ['Amoxicillin', 'LATE', 50], ['Paracetamol', 'P1', 100], ['Paracetamol', 'P0', 0],
    ]);
  });

  it('sends only the batches counted, each a whole number of units', () => {
    expect(countLines(rows, { soon: '11', late: ' ', p0: '0' })).toEqual({ ok: true, lines: [{ batchId: 'soon', counted: 11 }, { batchId: 'p0', counted: 0 }] });
    expect(countLines(rows, { soon: '1.5', late: '-2' })).toEqual({ ok: false, errors: { soon: 'A whole number of units, 0 or more.', late: 'A whole number of units, 0 or more.' } });
    expect(countLines(rows, {})).toEqual({ ok: false, errors: { sheet: 'Count at least one batch.' } });
  });

  it('says a variance in words, and never lets the counter decide their own count', () => {
    expect(varianceText(-1, 'capsule')).toBe('−1 capsule (fewer than the books)');
    expect(varianceText(3)).toBe('+3 units (more than the books)');
    expect(varianceText(0)).toBe('agrees with the books');
    expect(mayDecide({ countedBy: 'u1', status: 'pending' }, 'u1')).toBe(false);
    expect(mayDecide({ countedBy: 'u1', status: 'pending' }, 'u2')).toBe(true);
    expect(mayDecide({ countedBy: 'u1', status: 'approved' }, 'u2')).toBe(false);
    expect(mayDecide({ countedBy: 'u1', status: 'pending' }, undefined)).toBe(false);
  });
});
