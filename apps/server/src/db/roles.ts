import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type pg from 'pg';
import { createClient } from './connect.js';

/**
 * Two database roles (see the IT guide): the owner owns the schema and runs migrations; the
 * server's role owns nothing and may only read and append the audit log, so the server's
 * credentials cannot rewrite it (no UPDATE, DELETE, TRUNCATE or TRIGGER on it, no ALTER TABLE).
 */

/** Serializes concurrent grant steps (servers starting together): concurrent GRANTs on one table can fail. */
const GRANT_LOCK_KEY = 7_400_002;

/** The user a PostgreSQL URL signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Run by the owner after every migration, so tables added by later migrations are covered:
 * ordinary DML on every table, sequences usable, and audit_log only SELECT and INSERT.
 */
export async function grantServerRole(owner: Knex, role: string): Promise<void> {
  const r = ident(role);
  await owner.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(${GRANT_LOCK_KEY})`);
    await trx.raw(`
      grant usage on schema public to ${r};
      grant select, insert, update, delete on all tables in schema public to ${r};
      grant usage, select on all sequences in schema public to ${r};
      revoke update, delete, truncate, references, trigger on audit_log from ${r};
      revoke insert, update, delete on knex_migrations, knex_migrations_lock from ${r};
    `);
  });
}

export interface AuditLogProtection {
  /** True when the connected role can neither change nor remove audit rows, nor switch the triggers off. */
  protected: boolean;
  role: string;
  /** Why not, in words for the log. */
  reasons: string[];
}

/** What the connected role could do to audit_log. */
export async function auditLogProtection(db: Knex): Promise<AuditLogProtection> {
  const row = (await db.raw(`
    select current_user as role,
      (select rolsuper from pg_roles where rolname = current_user) as superuser,
      pg_has_role(current_user, (select relowner from pg_class where oid = 'audit_log'::regclass), 'USAGE') as owner,
      has_table_privilege('audit_log', 'UPDATE') as can_update,
      has_table_privilege('audit_log', 'DELETE') as can_delete,
      has_table_privilege('audit_log', 'TRUNCATE') as can_truncate,
      has_table_privilege('audit_log', 'TRIGGER') as can_trigger`)).rows[0] as Record<string, boolean | string>;
  const reasons = [
    row.superuser === true ? 'is a superuser' : undefined,
    row.owner === true ? 'owns audit_log (or is a member of its owner)' : undefined,
    ...(['update', 'delete', 'truncate', 'trigger'] as const).map((what) => (row[`can_${what}`] === true ? `has ${what.toUpperCase()} on audit_log` : undefined)),
  ].filter((reason): reason is string => reason !== undefined);
  return { protected: reasons.length === 0, role: String(row.role), reasons };
}

export const EMBEDDED_OWNER = 'hms_owner';
export const EMBEDDED_SERVER_ROLE = 'hms_app';

export interface EmbeddedRoles {
  ownerUrl: string;
  serverUrl: string;
}

/** A password kept beside the cluster (0600), generated once. */
async function passwordIn(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function withUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * The embedded cluster's two roles, made (or repaired) through its superuser: the owner takes
 * over the database and everything in it that the superuser created (clusters from before the
 * split), and the server's role gets a login. Their passwords are in the data folder (0600).
 */
export async function ensureEmbeddedRoles(superuserUrl: string, dataDir: string): Promise<EmbeddedRoles> {
  const ownerPassword = await passwordIn(join(dataDir, 'pg-owner-password'));
  const serverPassword = await passwordIn(join(dataDir, 'pg-app-password'));
  const client = createClient(superuserUrl, 'hms-roles');
  await client.connect();
  try {
    await ensureLoginRole(client, EMBEDDED_OWNER, ownerPassword);
    await ensureLoginRole(client, EMBEDDED_SERVER_ROLE, serverPassword);
    const database = (await client.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
    await client.query(`alter database ${ident(database)} owner to ${EMBEDDED_OWNER}`);
    await client.query(transferOwnership(EMBEDDED_OWNER));
  } finally {
    await client.end();
  }
  return { ownerUrl: withUser(superuserUrl, EMBEDDED_OWNER, ownerPassword), serverUrl: withUser(superuserUrl, EMBEDDED_SERVER_ROLE, serverPassword) };
}

async function ensureLoginRole(client: pg.Client, role: string, password: string): Promise<void> {
  const exists = (await client.query('select 1 from pg_roles where rolname = $1', [role])).rowCount === 1;
  const attributes = `login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${client.escapeLiteral(password)}`;
  await client.query(`${exists ? 'alter' : 'create'} role ${ident(role)} with ${attributes}`);
}

/**
 * Everything in schema public that the superuser owns, except extension members, passes to
 * the owner. (REASSIGN OWNED cannot be used on the bootstrap superuser.) Tables first: their
 * sequences, indexes and triggers follow them.
 */
function transferOwnership(owner: string): string {
  return `do $$
  declare
    item record;
    superuser oid := (select oid from pg_roles where rolname = current_user);
  begin
    for item in
      select c.oid::regclass as name, c.relkind from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relowner = superuser and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    loop
      execute format(case item.relkind when 'm' then 'alter materialized view %s owner to ${owner}' when 'v' then 'alter view %s owner to ${owner}'
        when 'f' then 'alter foreign table %s owner to ${owner}' else 'alter table %s owner to ${owner}' end, item.name);
    end loop;
    for item in
      select c.oid::regclass as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relowner = superuser and c.relkind = 'S'
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('e', 'a', 'i'))
    loop
      execute format('alter sequence %s owner to ${owner}', item.name);
    end loop;
    for item in
      select p.oid::regprocedure as name from pg_proc p
      where p.pronamespace = 'public'::regnamespace and p.proowner = superuser
        and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    loop
      execute format('alter routine %s owner to ${owner}', item.name);
    end loop;
    for item in
      select format('%I', s.stxname) as name from pg_statistic_ext s
      where s.stxnamespace = 'public'::regnamespace and s.stxowner = superuser
    loop
      execute format('alter statistics public.%s owner to ${owner}', item.name);
    end loop;
    for item in
      select t.oid::regtype as name from pg_type t
      where t.typnamespace = 'public'::regnamespace and t.typowner = superuser and t.typtype in ('d', 'e', 'r', 'm')
        and not exists (select 1 from pg_depend d where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
    loop
      execute format('alter type %s owner to ${owner}', item.name);
    end loop;
  end $$`;
}
