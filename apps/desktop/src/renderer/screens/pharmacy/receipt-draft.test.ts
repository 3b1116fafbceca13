import { GROUP_SEPARATOR, gtinCheckDigit } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { EMPTY_ENTRY, checkEntry, entryOf, hospitalToday, itemOfGtin, readPackCode, receiveParams, splitReceiveErrors } from './receipt-draft.js';
import type { ReceiptLine } from './receipt-draft.js';

const GTIN = `0506000000901${gtinCheckDigit('0506000000901')}`;
const WRONG = `0506000000901${(gtinCheckDigit('0506000000901') + 1) % 10}`;
const now = new Date('2026-12-02T10:00:00Z');
const today = '2026-12-02';
const amoxicillin = { id: '6b2f3c1e-8d4a-4f1b-9c3d-2e5f6a7b8c9d', name: 'Amoxicillin 500 mg capsule', unit: 'capsule' };

describe('readPackCode', () => {
  it('reads what a 2D scanner sends: the ]d2 prefix, GS after the batch, then the serial', () => {
    const scan = `]d201${GTIN}17270331` + `10AMX-1${GROUP_SEPARATOR}21SER9`;
    expect(readPackCode(scan, now, today)).toEqual({ ok: true, pack: { scan, gtin: GTIN, batchNumber: 'AMX-1', expiry: '2027-03-31', serial: 'SER9' } });
  });

  it('reads the bracketed text printed under the code, and day 00 as the month\'s last day', () => {
    const read = readPackCode(`(01)${GTIN}(17)270200(10)B77(21)X1`, now, today);
    expect(read).toMatchObject({ ok: true, pack: { gtin: GTIN, batchNumber: 'B77', expiry: '2027-02-28', serial: 'X1' } });
  });

  it('refuses a GTIN with a wrong check digit, saying so', () => {
    const read = readPackCode(`(01)${WRONG}(17)270331(10)B1`, now, today);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(/^The GTIN has a wrong check digit \(the last digit should be \d\)/);
  });

  it('refuses an expired pack with its expiry, and a code without batch or expiry', () => {
    expect(readPackCode(`(01)${GTIN}(17)261201(10)OLD`, now, today)).toEqual({ ok: false, message: 'This pack expired on 2026-12-01 (batch OLD): expired stock is not received.' });
    expect(readPackCode(`(01)${GTIN}(17)261202(10)TODAY`, now, today).ok).toBe(true);
    expect(readPackCode(`(01)${GTIN}(17)270331`, now, today)).toMatchObject({ ok: false, message: expect.stringContaining('no batch') });
    expect(readPackCode(`(01)${GTIN}(10)B1`, now, today)).toMatchObject({ ok: false, message: expect.stringContaining('no expiry') });
    expect(readPackCode('hello', now, today)).toMatchObject({ ok: false, message: expect.stringContaining('not a pack code') });
    expect(readPackCode('  ', now, today).ok).toBe(false);
  });
});

describe('hospitalToday', () => {
  it('counts the day in the hospital\'s zone', () => {
    expect(hospitalToday(new Date('2026-12-02T22:30:00Z'), 'Africa/Nairobi')).toBe('2026-12-03');
    expect(hospitalToday(new Date('2026-12-02T22:30:00Z'), 'UTC')).toBe('2026-12-02');
  });
});

describe('checkEntry: scan -> line', () => {
  const pack = { scan: `(01)${GTIN}(17)270331(10)AMX-1(21)S1`, gtin: GTIN, batchNumber: 'AMX-1', expiry: '2027-03-31', serial: 'S1' };

  it('makes a scanned pack a line, the unit cost typed in major units and kept in minor units', () => {
    const check = checkEntry({ ...EMPTY_ENTRY, pack, item: amoxicillin, quantity: '12', unitCost: '4.50' }, today);
    expect(check).toEqual({ ok: true, line: { scan: pack.scan, gtin: GTIN, batchNumber: 'AMX-1', expiry: '2027-03-31', serial: 'S1', item: amoxicillin, quantity: 12, unitCostMinor: 450 } });
  });

  it('leaves the item to the GTIN when none is chosen (a GTIN received before names it)', () => {
    expect(checkEntry({ ...EMPTY_ENTRY, pack, quantity: '1', unitCost: '1' }, today)).toMatchObject({ ok: true, line: { item: undefined, gtin: GTIN } });
  });

  it('refuses a quantity or cost that is not one', () => {
    const check = checkEntry({ ...EMPTY_ENTRY, pack, item: amoxicillin, quantity: '2.5', unitCost: '4,5' }, today);
    expect(check).toEqual({ ok: false, errors: { quantity: 'A whole number of units, more than 0.', unitCost: 'The unit cost must be an amount such as 4.50.' } });
    expect(checkEntry({ ...EMPTY_ENTRY, pack, item: amoxicillin, quantity: '0', unitCost: '' }, today)).toEqual({
      ok: false, errors: { quantity: 'A whole number of units, more than 0.', unitCost: 'Give the cost of one unit (0 for a donation).' },
    });
  });
});

describe('checkEntry: typed by hand', () => {
  it('takes batch and expiry, the GTIN optional and checked', () => {
    const typed = { ...EMPTY_ENTRY, batchNumber: ' LOT 7 ', expiry: '2027-06-30', item: amoxicillin, quantity: '100', unitCost: '0.29' };
    expect(checkEntry(typed, today)).toMatchObject({ ok: true, line: { scan: undefined, gtin: undefined, batchNumber: 'LOT 7', expiry: '2027-06-30', unitCostMinor: 29 } });
    const shortGtin = `506000000901${gtinCheckDigit('506000000901')}`;
    expect(checkEntry({ ...typed, gtin: shortGtin }, today)).toMatchObject({ ok: true, line: { gtin: `0${shortGtin}` } });
    expect(checkEntry({ ...typed, gtin: WRONG }, today)).toMatchObject({ ok: false, errors: { gtin: expect.stringContaining('wrong check digit') } });
  });

  it('refuses a missing batch, a missing or past expiry and no item', () => {
    expect(checkEntry({ ...EMPTY_ENTRY, expiry: '2026-11-30', quantity: '1', unitCost: '1' }, today)).toEqual({
      ok: false,
      errors: { batchNumber: 'Type the batch printed on the pack.', expiry: 'Expired on 2026-11-30: expired stock is not received.', item: 'Choose the item: a pack without a GTIN names no item.' },
    });
  });
});

describe('the note as sent', () => {
  const lines: ReceiptLine[] = [
    { key: 'a', scan: 'SCAN-A', gtin: GTIN, batchNumber: 'A', expiry: '2027-01-31', serial: 'S1', item: amoxicillin, quantity: 12, unitCostMinor: 450 },
    { key: 'b', scan: undefined, gtin: undefined, batchNumber: 'B', expiry: '2027-05-31', serial: undefined, item: amoxicillin, quantity: 3, unitCostMinor: 0 },
    { key: 'c', scan: 'SCAN-C', gtin: GTIN, batchNumber: 'C', expiry: '2028-01-31', serial: undefined, item: undefined, quantity: 5, unitCostMinor: 420 },
  ];

  it('is one stock.receive: scanned lines send their code, typed lines their fields', () => {
    expect(receiveParams({ locationId: 'loc', supplier: ' KEMSA ', purchaseOrder: '', note: '' }, lines)).toEqual({
      locationId: 'loc', supplier: 'KEMSA',
      lines: [
        { itemId: amoxicillin.id, scan: 'SCAN-A', quantity: 12, unitCostMinor: 450 },
        { itemId: amoxicillin.id, batchNumber: 'B', expiry: '2027-05-31', quantity: 3, unitCostMinor: 0 },
        { scan: 'SCAN-C', quantity: 5, unitCostMinor: 420 },
      ],
    });
    expect(receiveParams({ locationId: 'loc', supplier: 'KEMSA', purchaseOrder: ' PO-1 ', note: 'boxes dented' }, [])).toMatchObject({ purchaseOrder: 'PO-1', note: 'boxes dented' });
  });

  it('an earlier line\'s item names a GTIN again, and a line goes back to the form as typed', () => {
    expect(itemOfGtin(lines, GTIN)).toEqual(amoxicillin);
    expect(itemOfGtin(lines, undefined)).toBeUndefined();
    expect(entryOf(lines[1]!, (minor) => (minor / 100).toFixed(2))).toEqual({ pack: undefined, gtin: '', batchNumber: 'B', expiry: '2027-05-31', item: amoxicillin, quantity: '3', unitCost: '0.00' });
  });

  it('puts the server\'s per-line problems on their lines, in words', () => {
    const split = splitReceiveErrors({ 'lines.1.expiry': 'is past: expired stock is not received', 'lines.1.itemId': 'is required', 'lines.0.scan': 'is not a pack code', supplier: 'is required' });
    expect(split.lines.get(1)).toEqual(['Expiry: is past: expired stock is not received', 'Item: is required']);
    expect(split.lines.get(0)).toEqual(['Pack code: is not a pack code']);
    expect(split.header).toEqual({ supplier: 'is required' });
  });
});
