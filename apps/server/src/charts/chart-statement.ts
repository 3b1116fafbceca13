import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../db/prepared.js';
import type { RowsPart } from '../db/rows-part.js';

type Results<P extends Record<string, RowsPart<unknown>>> = { [K in keyof P]: P[K] extends RowsPart<infer R> ? R : never };

/**
 * Runs several reads as one statement, each part's rows gathered by json_agg into a column of
 * the one row it answers, and hands each part its rows. One round trip on one connection instead
 * of one per part on as many connections: under CPU contention every backend woken is a wait
 * for a core, and that, not the reads' execution (about 1 ms together), was most of a chart.
 *
 * The statement is prepared (db/prepared.ts) under a name derived from its text (the text
 * depends only on the parts' shape, never on the values bound), so each pooled connection
 * plans it once instead of once per chart: planning the parts cost more than running them.
 */
export async function readInOneStatement<P extends Record<string, RowsPart<unknown>>>(db: Knex, parts: P): Promise<Results<P>> {
  const keys = Object.keys(parts);
  // A sorted subquery feeds json_agg its rows in that order.
  const columns = keys.map((_, index) => `(select coalesce(json_agg(t), '[]'::json) from ? t) as p${index}`);
  const { sql, bindings } = db.raw(`select ${columns.join(', ')}`, keys.map((key) => parts[key]!.query)).toSQL().toNative();
  const statement = prepared(`hms_rows_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`, sql);
  const row = (await runPrepared<Record<string, Array<Record<string, unknown>>>>(db, statement, bindings))[0]!;
  return Object.fromEntries(keys.map((key, index) => [key, parts[key]!.toResult(row[`p${index}`]!.map(reviveJsonRow))])) as Results<P>;
}

/**
 * Rows that came back through json_agg look as pg gives them, except timestamps: JSON has them
 * as text. Every timestamptz column of the schema is named `*_at` (the project's convention),
 * so those become Dates again; numerics arrive as JSON numbers, which the mappers' Number()
 * reads as it reads pg's text.
 */
function reviveJsonRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && key.endsWith('_at')) row[key] = new Date(value);
  }
  return row;
}
