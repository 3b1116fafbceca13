import type { ChartResult } from '@hms/core';
import type { Knex } from 'knex';
import { readPart } from '../db/rows-part.js';
import type { RowsPart } from '../db/rows-part.js';

/** How many released tests the chart summary lists (the rest through the lab's reports). */
const CHART_RECENT_TESTS = 20;

interface ReleasedRow { id: string; order_id: string; code: string; name: string; ordered_at: Date; resulted_at: Date; amended: boolean; abnormal: boolean; summary: string }
interface PendingRow { order_id: string; code: string; name: string; ordered_at: Date }

/**
 * The chart's results: lab orders still waiting (ordered, not all released) and recently
 * released tests with a one-line summary. Only released versions are read: an entered or
 * validated value never reaches the chart.
 */
/** Its two reads (the chart's statement runs them as parts: charts/chart-statement.ts) and how their rows make the list. */
export function chartLabResultParts(db: Knex, patientId: string): { pending: RowsPart<PendingRow[]>; released: RowsPart<ReleasedRow[]>; toResults(pending: PendingRow[], released: ReleasedRow[]): ChartResult[] } {
  const rows = <T>(query: Knex.QueryBuilder): RowsPart<T[]> => ({ query, toResult: (found: T[]) => found });
  return {
    released: rows<ReleasedRow>(db.select('*').from(db.raw(
      `(select t.id, coalesce(r.order_id, r.id) as order_id, t.code, t.name, coalesce(o.ordered_at, r.created_at) as ordered_at,
            max(x.released_at) as resulted_at, bool_or(x.version > 1) as amended, bool_or(x.flag is not null) as abnormal,
            string_agg(x.analyte || ' ' || x.value_text || coalesce(' ' || x.unit, '') || coalesce(' (' || x.flag || ')', ''), ', ' order by x.analyte) as summary
       from lab_results x
       join lab_request_tests t on t.id = x.request_test_id
       join lab_requests r on r.id = t.request_id
       left join orders o on o.id = r.order_id
      where x.patient_id = ? and x.status = 'released' and x.superseded_at is null
      group by t.id, r.order_id, r.id, t.code, t.name, o.ordered_at, r.created_at
      order by max(x.released_at) desc
      limit ?) as released`,
      [patientId, CHART_RECENT_TESTS],
    )).orderBy('resulted_at', 'desc')),
    pending: rows<PendingRow>(db.select('*').from(db.raw(
      `(select i.order_id, i.code, i.name, i.ordered_at
       from order_items i
       left join lab_request_tests t on t.order_item_id = i.id
      where i.patient_id = ? and i.status = 'ordered' and (i.kind <> 'lab' or t.id is null or t.status <> 'released')
      order by i.ordered_at desc, i.code
      limit 100) as pending`,
      [patientId],
    )).orderBy([{ column: 'ordered_at', order: 'desc' }, { column: 'code' }])),
    toResults: (pending, released) => [
      ...pending.map((row): ChartResult => ({ orderId: row.order_id, code: row.code, name: row.name, status: 'pending', orderedAt: row.ordered_at.toISOString(), resultedAt: null, summary: null, abnormal: null })),
      ...released.map((row): ChartResult => ({
        orderId: row.order_id, code: row.code, name: row.name, status: row.amended ? 'amended' : 'final', orderedAt: row.ordered_at.toISOString(),
        resultedAt: row.resulted_at.toISOString(), summary: row.summary, abnormal: row.abnormal,
      })),
    ],
  };
}

export async function chartLabResults(db: Knex, patientId: string): Promise<ChartResult[]> {
  const parts = chartLabResultParts(db, patientId);
  const [pending, released] = await Promise.all([readPart(parts.pending), readPart(parts.released)]);
  return parts.toResults(pending, released);
}
