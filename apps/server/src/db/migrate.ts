import type { Knex } from 'knex';
import { migrations } from './migrations/index.js';
import type { Migration } from './migrations/index.js';

/** Migrations come from an explicit list rather than a folder scan, so a build can't miss one. */
const source: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

const config: Knex.MigratorConfig = { migrationSource: source, tableName: 'knex_migrations' };

export interface MigrationReport {
  applied: string[];
  current: string | undefined;
}

export async function migrateToLatest(db: Knex): Promise<MigrationReport> {
  const [, applied] = (await db.migrate.latest(config)) as [number, string[]];
  const completed = (await db.migrate.list(config)) as [Array<{ name: string }>, unknown[]];
  return { applied, current: completed[0].at(-1)?.name };
}

export async function pendingMigrations(db: Knex): Promise<string[]> {
  const [, pending] = (await db.migrate.list(config)) as [unknown[], Array<{ file: string } | readonly [string, Migration]>];
  return pending.map((entry) => (Array.isArray(entry) ? String(entry[0]) : String((entry as { file: string }).file)));
}

/**
 * A fingerprint of the migrations in code (names and bodies): tests key their template
 * database on it, so a changed migration gets a fresh template.
 */
export function migrationsFingerprint(): string {
  return migrations.map(([name, migration]) => `${name}\n${migration.up.toString()}`).join('\n');
}
