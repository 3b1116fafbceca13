import type { Knex } from 'knex';
import type pg from 'pg';

/**
 * A named, parameterized statement of fixed text: each pooled connection parses it once and
 * then only binds and executes it (PostgreSQL keeps its plan), which is what a statement run
 * many times a second wants. Placeholders are $1..$n; one name must always carry one text.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function prepared(name: string, text: string): PreparedStatement {
  return { name, text };
}

interface PooledClient {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<unknown>;
}

/**
 * Runs `statement` on a connection of `db`'s pool, or on a transaction's own connection when
 * `db` is a transaction (knex's transaction client hands out its connection and keeps it).
 */
export async function runPrepared<Row extends object>(db: Knex, statement: PreparedStatement, values: readonly unknown[]): Promise<Row[]> {
  const client = db.client as PooledClient;
  const connection = await client.acquireConnection();
  try {
    const result = await connection.query<Row>({ name: statement.name, text: statement.text, values: values as unknown[] });
    return result.rows;
  } finally {
    await client.releaseConnection(connection);
  }
}
