import { parseDocumentNumber } from '@hms/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheDb } from '../node/cache-db.js';
import { ReceiptBook } from './receipt-book.js';
import type { ReceiptRecord } from './receipt-book.js';
import { ReceiptSeries } from './receipt-series.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hms-receipt-series-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function queued(number: { number: string; seriesKey: string; sequence: number }, key: string): ReceiptRecord {
  return {
    kind: 'payment', serverUrl: 'http://hms:7400', receiptNumber: number.number, seriesKey: number.seriesKey, sequence: number.sequence, patientId: 'p1', invoiceId: null,
    method: 'cash', amountMinor: 500, changeMinor: 0, tenderedMinor: null, reference: null, takenAt: '2026-03-02T09:00:00.000Z', takenBy: 'cashier', shiftId: 's1',
    idempotencyKey: key, state: 'queued', paymentId: null, refundedMinor: 0,
  };
}

describe('the desk\'s own receipt series (SQLite)', () => {
  it('numbers receipts one after another per desk and year, never the same number twice across restarts of the desk', () => {
    const file = join(dir, 'series.sqlite');
    let cache = CacheDb.open(file);
    let series = new ReceiptSeries(cache);
    const taken: string[] = [];
    expect(series.peek('CSH1', 2026)).toBe('CSH1-RCT-2026-000001');
    for (let index = 0; index < 3; index++) taken.push(series.take('CSH1', 2026).number);
    cache.close();

    // The desk restarts: the series goes on from where it was.
    cache = CacheDb.open(file);
    series = new ReceiptSeries(cache);
    expect(series.peek('CSH1', 2026)).toBe('CSH1-RCT-2026-000004');
    taken.push(series.take('CSH1', 2026).number, series.take('CSH1', 2026).number);
    expect(taken).toEqual(['CSH1-RCT-2026-000001', 'CSH1-RCT-2026-000002', 'CSH1-RCT-2026-000003', 'CSH1-RCT-2026-000004', 'CSH1-RCT-2026-000005']);
    // Another year, another desk code: their own series from 1.
    expect(series.take('CSH1', 2027).number).toBe('CSH1-RCT-2027-000001');
    expect(series.take('CSH2', 2026).number).toBe('CSH2-RCT-2026-000001');
    expect(series.take('CSH1', 2026).number).toBe('CSH1-RCT-2026-000006');
    for (const number of taken) expect(parseDocumentNumber(number)?.series).toEqual({ kind: 'receipt', year: 2026, deskCode: 'CSH1' });
    cache.close();
  });

  it('gives a number back when the transaction that took it rolls back, and keeps one that committed', () => {
    const cache = CacheDb.open(join(dir, 'rollback.sqlite'));
    const series = new ReceiptSeries(cache);
    const book = new ReceiptBook(cache);
    const first = cache.transaction(() => {
      const number = series.take('CSH1', 2026);
      book.add(queued(number, 'k1'));
      return number.number;
    });
    expect(() => cache.transaction(() => {
      series.take('CSH1', 2026);
      throw new Error('the outbox refused the entry');
    })).toThrow('the outbox refused');
    const second = cache.transaction(() => series.take('CSH1', 2026).number);
    expect([first, second]).toEqual(['CSH1-RCT-2026-000001', 'CSH1-RCT-2026-000002']);
    cache.close();
  });

  it('refuses a receipt row with a number of the series it already holds (the table\'s own proof)', () => {
    const cache = CacheDb.open(join(dir, 'unique.sqlite'));
    const book = new ReceiptBook(cache);
    book.add(queued({ number: 'CSH1-RCT-2026-000001', seriesKey: 'receipt/2026/CSH1', sequence: 1 }, 'k1'));
    expect(() => book.add({ ...queued({ number: 'CSH1-RCT-2026-000001X', seriesKey: 'receipt/2026/CSH1', sequence: 1 }, 'k2') })).toThrow(/UNIQUE/);
    expect(book.forPatient('http://hms:7400', 'p1').map((record) => record.receiptNumber)).toEqual(['CSH1-RCT-2026-000001']);
    const settled = book.settle('k1', { state: 'refused' });
    expect(settled?.state).toBe('refused');
    cache.close();
  });
});
