import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { LocalCache, SqlStatement } from '../cache/local-cache.js';
import type { CacheMigration } from '../cache/migrations.js';
import { CACHE_MIGRATIONS } from '../desks.js';

export class CacheDbError extends Error {
  override name = 'CacheDbError';
}

export interface CacheDbOptions {
  migrations?: readonly CacheMigration[];
  now?: () => Date;
}

/**
 * The workstation's local SQLite file (the Node platform's LocalCache): WAL for concurrent reads while writing, synchronous=FULL
 * so that a write acknowledged to the user (an outbox entry) survives a power cut, and its own
 * numbered migrations (PRAGMA user_version).
 */
export class CacheDb implements LocalCache {
  readonly sqlite: Database.Database;
  readonly file: string;
  private readonly now: () => Date;

  private constructor(sqlite: Database.Database, file: string, now: () => Date) {
    this.sqlite = sqlite;
    this.file = file;
    this.now = now;
  }

  static open(file: string, options: CacheDbOptions = {}): CacheDb {
    const sqlite = new Database(file);
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      migrate(sqlite, options.migrations ?? CACHE_MIGRATIONS);
    } catch (error) {
      sqlite.close();
      throw error;
    }
    return new CacheDb(sqlite, file, options.now ?? (() => new Date()));
  }

  get schemaVersion(): number {
    return Number(this.sqlite.pragma('user_version', { simple: true }));
  }

  prepare(sql: string): SqlStatement {
    return this.sqlite.prepare(sql);
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  transaction<T>(work: () => T): T {
    return this.sqlite.transaction(work).immediate();
  }

  /** A value of the key/value area, checked against `schema`; undefined when absent or no longer valid. */
  getValue<S extends z.ZodType>(key: string, schema: S): z.output<S> | undefined {
    const row = this.sqlite.prepare('select value from kv where key = ?').get(key) as { value: string } | undefined;
    if (row === undefined) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  }

  setValue(key: string, value: unknown): void {
    this.sqlite
      .prepare('insert into kv (key, value, updated_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value), this.nowIso());
  }

  deleteValue(key: string): void {
    this.sqlite.prepare('delete from kv where key = ?').run(key);
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}

function migrate(sqlite: Database.Database, migrations: readonly CacheMigration[]): void {
  const current = Number(sqlite.pragma('user_version', { simple: true }));
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new CacheDbError(`The cache database is at version ${current}, newer than this app knows (${latest}). Update the app, or remove the cache file.`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    sqlite.transaction(() => {
      sqlite.exec(migration.sql);
      sqlite.pragma(`user_version = ${Math.trunc(migration.version)}`);
    }).immediate();
  }
}
