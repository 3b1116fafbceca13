import { statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit, AuditKey, verifyAuditChain } from '../audit/index.js';
import { createLogger } from '../log.js';
import { freePort, useTestStack } from '../test-support/index.js';
import { createDatabase } from './connect.js';
import { startEmbeddedPostgres } from './embedded.js';
import { prepareSchema } from './prepare-schema.js';
import { EMBEDDED_OWNER, EMBEDDED_SERVER_ROLE, auditLogProtection, ensureEmbeddedRoles, grantServerRole, roleOf } from './roles.js';

const stack = useTestStack();

describe('the server\'s database role (what every integration test\'s server runs as)', () => {
  it('may read and append the audit log, and nothing more', async () => {
    const app = stack.database.serverDb;
    expect(await auditLogProtection(app)).toMatchObject({ protected: true, reasons: [] });
    expect(await auditLogProtection(stack.db)).toMatchObject({ protected: false });
    await app.transaction((trx) => appendAudit(trx, stack.database.auditKey, { at: new Date(), actor: null, origin: null }, [{ action: 'system.announce' }]));
    const denied = /permission denied|must be owner/;
    await expect(app('audit_log').update({ action: 'nothing.happened' })).rejects.toThrow(denied);
    await expect(app('audit_log').delete()).rejects.toThrow(denied);
    await expect(app.raw('truncate audit_log')).rejects.toThrow(denied);
    await expect(app.raw('alter table audit_log disable trigger audit_log_append_only')).rejects.toThrow(denied);
    await expect(app.raw('alter table audit_log disable trigger all')).rejects.toThrow(denied);
    await expect(app.transaction((trx) => trx.raw('set local session_replication_role = replica'))).rejects.toThrow(denied);
    await expect(app.raw('create trigger sneaky before insert on audit_log for each row execute function hms_reject_change()')).rejects.toThrow(denied);
    await expect(app.raw('drop table audit_log')).rejects.toThrow(denied);
    await expect(app.raw("select setval('audit_log_seq', 1)")).rejects.toThrow(denied);
    expect((await verifyAuditChain(stack.db, stack.database.auditKey)).ok).toBe(true);
  });

  it('gets the tables of later migrations from the grant step run after migrating', async () => {
    await stack.db.raw('create table later_migration_table (id int primary key)');
    await expect(stack.database.serverDb('later_migration_table').insert({ id: 1 })).rejects.toThrow(/permission denied/);
    await grantServerRole(stack.db, roleOf(stack.database.serverUrl));
    await stack.database.serverDb('later_migration_table').insert({ id: 1 });
    expect(await stack.database.serverDb('later_migration_table').count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});

describe('the embedded database', () => {
  const dataDir = mkdtemp(join(tmpdir(), 'hms-roles-'));
  afterAll(async () => {
    await rm(await dataDir, { recursive: true, force: true });
  });

  it('gets an owner and a server role of its own, taking over a cluster from before the split', async () => {
    const dir = await dataDir;
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), log: createLogger('silent') });
    try {
      // An older install: its schema was made by the cluster's superuser.
      const superuser = createDatabase({ url: embedded.url, poolMax: 1 });
      await superuser.raw('create table made_before_the_split (id int)');
      await superuser.destroy();

      const roles = await ensureEmbeddedRoles(embedded.url, dir);
      expect(roleOf(roles.ownerUrl)).toBe(EMBEDDED_OWNER);
      expect(roleOf(roles.serverUrl)).toBe(EMBEDDED_SERVER_ROLE);
      for (const file of ['pg-owner-password', 'pg-app-password']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
      expect(await ensureEmbeddedRoles(embedded.url, dir)).toEqual(roles); // again: the same roles and passwords

      const server = createDatabase({ url: roles.serverUrl, poolMax: 2 });
      try {
        await prepareSchema({ db: server, url: roles.serverUrl, ownerUrl: roles.ownerUrl }, createLogger('silent'));
        expect((await server.raw('select current_user as u')).rows[0].u).toBe(EMBEDDED_SERVER_ROLE);
        expect(await auditLogProtection(server)).toMatchObject({ protected: true });
        const owners = (await server.raw("select distinct pg_get_userbyid(relowner) as owner from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'S')")).rows;
        expect(owners).toEqual([{ owner: EMBEDDED_OWNER }]);
        const key = AuditKey.generate();
        await server.transaction((trx) => appendAudit(trx, key, { at: new Date(), actor: null, origin: null }, [{ action: 'system.announce' }]));
        expect((await verifyAuditChain(server, key)).ok).toBe(true);
      } finally {
        await server.destroy();
      }
    } finally {
      await embedded.stop();
    }
  });
});
