import { formatDocumentNumber, localDateOf, seriesKey } from '@hms/core';
import type { DocumentKind } from '@hms/core';
import type { Knex } from 'knex';
import { takeNumber } from './invoices-service.js';

/**
 * The next gapless number of a document kind's series for the hospital's current year, taken
 * in the document's own transaction (see takeNumber): receipts, refunds, credit notes.
 */
export async function nextDocumentNumber(trx: Knex.Transaction, kind: Exclude<DocumentKind, 'invoice'>, now: Date) {
  const settings: { time_zone: string } = await trx('hospital_settings').first('time_zone');
  const series = { kind, year: Number(localDateOf(now, settings.time_zone).slice(0, 4)) };
  const key = seriesKey(series);
  const sequence = await takeNumber(trx, key);
  return { number: formatDocumentNumber(series, sequence), seriesKey: key, sequence };
}
