import knexFactory from 'knex';
import type { Knex } from 'knex';
import pg from 'pg';

export type { Knex };

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * Type parsers for this pool only (pg's global registry stays untouched): bigints as numbers
 * (sequence values stay far below 2^53), calendar dates as their 'YYYY-MM-DD' text, since a
 * date of birth has no time zone and must not shift through a JS Date.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  applicationName?: string;
  /** Where knex's own warnings go (pool errors while the database is away); default: discarded. */
  log?: { warn(message: string): void; error(message: string): void };
}

export function createDatabase(options: DatabaseOptions): Knex {
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: options.url,
      types,
      application_name: options.applicationName ?? 'hms-server',
      // Every session works in UTC; the hospital's own zone is applied by rules, explicitly.
      options: '-c TimeZone=UTC -c statement_timeout=30000',
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: options.poolMax ?? 10, acquireTimeoutMillis: 10_000 },
    acquireConnectionTimeout: 10_000,
    log: {
      warn: (message: unknown) => options.log?.warn(String(message)),
      error: (message: unknown) => options.log?.error(String(message)),
      deprecate: () => undefined,
      debug: () => undefined,
    },
  });
}

/** A single pg client with the same settings, for LISTEN and COPY. */
export function createClient(url: string, applicationName = 'hms-server', connectTimeoutMs?: number): pg.Client {
  return new pg.Client({
    connectionString: url,
    types,
    application_name: applicationName,
    options: '-c TimeZone=UTC',
    ...(connectTimeoutMs === undefined ? {} : { connectionTimeoutMillis: connectTimeoutMs }),
  });
}

export interface PoolStats {
  used: number;
  free: number;
  pending: number;
  max: number;
}

export function poolStats(db: Knex): PoolStats {
  // knex exposes its tarn pool at client.pool; it is created lazily on first query.
  const pool = (db.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } }).pool;
  if (pool === undefined) return { used: 0, free: 0, pending: 0, max: 0 };
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
}
