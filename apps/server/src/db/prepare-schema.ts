import type { Logger } from '../log.js';
import { createDatabase } from './connect.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import type { MigrationReport } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { OpenDatabase } from './open.js';
import { auditLogProtection, grantServerRole, roleOf } from './roles.js';

/**
 * Brings the schema up to date as the owner role, then grants the server's role what it needs
 * (every start, so tables of new migrations are covered). With one URL only, that role does
 * both, as before the split; it is warned about when it could rewrite the audit log.
 */
export async function prepareSchema(database: Pick<OpenDatabase, 'db' | 'url' | 'ownerUrl'>, log: Logger): Promise<MigrationReport> {
  let report: MigrationReport;
  if (database.ownerUrl !== database.url) {
    const owner = createDatabase({ url: database.ownerUrl, poolMax: 2, applicationName: 'hms-migrate' });
    try {
      report = await migrateToLatest(owner);
      await grantServerRole(owner, roleOf(database.url));
    } finally {
      await owner.destroy();
    }
  } else {
    // A restricted role cannot even take knex's migration lock: it only migrates when it must.
    const pending = await pendingMigrations(database.db);
    report = pending.length > 0 ? await migrateToLatest(database.db) : { applied: [], current: migrations.at(-1)?.[0] };
  }
  const protection = await auditLogProtection(database.db);
  if (!protection.protected) {
    log.warn(
      { role: protection.role, reasons: protection.reasons },
      'the server\'s database role could rewrite the audit log: give it a role of its own and the owner HMS_OWNER_DATABASE_URL (see the IT guide); the keyed chain still shows tampering',
    );
  }
  return report;
}
