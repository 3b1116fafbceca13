import { formatDocumentNumber, seriesKey } from '@hms/core';
import type { LocalCache } from '../cache/local-cache.js';

/**
 * This desk's own receipt numbers, for payments taken while the server is away: the next number
 * of the desk's series for the year, printed at once and final ("CSH1-RCT-2026-000007"). The
 * counter is a row of the cache, moved by one upsert in the caller's transaction (the one that
 * queues the payment), so a number rolled back with its payment is given again and a number kept
 * is never given twice, whatever restarts in between.
 */
export class ReceiptSeries {
  private readonly cache: LocalCache;

  constructor(cache: LocalCache) {
    this.cache = cache;
  }

  /** The next receipt number of the desk's series for the year, and its running number. */
  take(deskCode: string, year: number): { number: string; seriesKey: string; sequence: number } {
    const series = { kind: 'receipt', year, deskCode } as const;
    const key = seriesKey(series);
    const row = this.cache.prepare(`
      insert into billing_receipt_series (series_key, next_number) values (?, 2)
      on conflict (series_key) do update set next_number = next_number + 1
      returning next_number - 1 as sequence
    `).get(key) as { sequence: number };
    return { number: formatDocumentNumber(series, row.sequence), seriesKey: key, sequence: row.sequence };
  }

  /** The number the series gives next (for the screen: "next receipt offline"). */
  peek(deskCode: string, year: number): string {
    const series = { kind: 'receipt', year, deskCode } as const;
    const row = this.cache.prepare('select next_number from billing_receipt_series where series_key = ?').get(seriesKey(series)) as { next_number: number } | undefined;
    return formatDocumentNumber(series, row?.next_number ?? 1);
  }
}
