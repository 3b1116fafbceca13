import type { z } from 'zod';

/** A prepared SQL statement, as the cache's tables use it (better-sqlite3's shape, without its types). */
export interface SqlStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}

/** Values kept by key, each read back through its schema (undefined when absent or no longer valid). */
export interface KeyValueStore {
  getValue<S extends z.ZodType>(key: string, schema: S): z.output<S> | undefined;
  setValue(key: string, value: unknown): void;
  deleteValue(key: string): void;
}

/**
 * The workstation's local database as the runtime-neutral host sees it: SQL statements, one
 * transaction at a time, and the key/value area. The Node platform opens it on SQLite
 * (node/cache-db.ts); a runtime without one (the browser) has no cache at all.
 */
export interface LocalCache extends KeyValueStore {
  /** Where it lives, for people reading logs. */
  readonly file: string;
  prepare(sql: string): SqlStatement;
  /** Runs `work` in one immediate transaction; a throw rolls it all back. */
  transaction<T>(work: () => T): T;
  nowIso(): string;
  close(): void;
}

/** A key/value area in memory: for a runtime with no cache (it lasts as long as the page). */
export function memoryKeyValues(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getValue(key, schema) {
      const text = values.get(key);
      if (text === undefined) return undefined;
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    },
    setValue(key, value) {
      values.set(key, JSON.stringify(value));
    },
    deleteValue(key) {
      values.delete(key);
    },
  };
}
