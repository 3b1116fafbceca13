import type { Knex } from 'knex';

/**
 * A read of rows and what its rows become, kept together so that the area that owns the read
 * can run it alone (`readPart`) and another can run it as one part of a larger statement (the
 * chart: charts/chart-statement.ts), with the same SQL and the same mapping either way.
 */
export interface RowsPart<T> {
  query: Knex.QueryBuilder;
  /** A method, so each area may type the rows of its own query (parameters of methods are bivariant). */
  toResult(rows: readonly unknown[]): T;
}

export async function readPart<T>(part: RowsPart<T>): Promise<T> {
  return part.toResult((await part.query) as unknown[]);
}
