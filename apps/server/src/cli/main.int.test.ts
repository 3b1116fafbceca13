import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/index.js';
import { createTestDatabase } from '../test-support/index.js';
import type { TestDatabase } from '../test-support/index.js';
import { runCli } from './main.js';
import type { CliIo } from './main.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

async function hms(argv: string[], password = 'it chose this passphrase'): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { DATABASE_URL: database.url, HMS_LOG_LEVEL: 'silent', HMS_AUDIT_KEY_FILE: database.auditKeyFile, HMS_AUDIT_CHECKPOINT_FILE: database.auditCheckpointFile },
    readPassword: async () => password,
  };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pnpm hms', () => {
  it('prints help, and exit code 2 for no or unknown commands and bad options', async () => {
    expect((await hms(['help'])).code).toBe(0);
    expect((await hms([])).code).toBe(2);
    const unknown = await hms(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, err: expect.stringContaining('Unknown command "frobnicate"') });
    expect((await hms(['migrate', '--colour'])).code).toBe(2);
  });

  it('migrate is idempotent', async () => {
    expect(await hms(['migrate'])).toMatchObject({ code: 0, out: expect.stringContaining('up to date') });
    expect(await hms(['migrate', '--status'])).toMatchObject({ code: 0, out: 'Schema is up to date.' });
  });

  it('user add creates the first administrator, audited, and refuses bad input with clear codes', async () => {
    const created = await hms(['user', 'add', 'it.admin', '--name', 'Grace Wanjiru', '--roles', 'admin']);
    expect(created).toMatchObject({ code: 0, out: 'Created it.admin (admin).' });
    const row = await database.db('users').where({ username: 'it.admin' }).first();
    expect(row).toMatchObject({ display_name: 'Grace Wanjiru', roles: ['admin'], must_change_password: false });
    expect(await verifyPassword('it chose this passphrase', row.password_hash)).toBe(true);
    const audit = await database.db('audit_log').where({ action: 'users.create', entity_id: row.id }).first();
    expect(audit).toMatchObject({ actor_id: null, address: 'cli' });
    expect(audit.workstation_id).toMatch(/^cli:/);

    expect((await hms(['user', 'add', 'it.admin', '--name', 'Again', '--roles', 'admin'])).code).toBe(3);
    expect((await hms(['user', 'add', 'weak.pw', '--name', 'Weak', '--roles', 'nurse'], 'short')).code).toBe(3);
    expect((await hms(['user', 'add', 'no.roles', '--name', 'No roles'])).code).toBe(2);
    expect((await hms(['user', 'add', 'x', '--name', 'Bad name', '--roles', 'nurse'])).code).toBe(2);
    expect((await hms(['user', 'add', 'cook.one', '--name', 'Cook', '--roles', 'cook'])).code).toBe(2);
    expect(await database.db('users').whereIn('username', ['weak.pw', 'no.roles', 'cook.one']).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('user disable, enable and reset-password act on the named account', async () => {
    await hms(['user', 'add', 'ward.clerk', '--name', 'Ward Clerk', '--roles', 'receptionist']);
    expect((await hms(['user', 'disable', 'ward.clerk'])).code).toBe(0);
    expect((await database.db('users').where({ username: 'ward.clerk' }).first()).disabled_at).not.toBeNull();
    expect((await hms(['user', 'enable', 'ward.clerk'])).code).toBe(0);
    expect((await database.db('users').where({ username: 'ward.clerk' }).first()).disabled_at).toBeNull();
    expect((await hms(['user', 'reset-password', 'ward.clerk', '--temporary'], 'a temporary passphrase')).code).toBe(0);
    const row = await database.db('users').where({ username: 'ward.clerk' }).first();
    expect(row.must_change_password).toBe(true);
    expect(await verifyPassword('a temporary passphrase', row.password_hash)).toBe(true);
    expect((await hms(['user', 'disable', 'nobody.here'])).code).toBe(3);
    const list = await hms(['user', 'list']);
    expect(list.out).toMatch(/ward\.clerk\s+Ward Clerk\s+receptionist/);
  });

  it('seed --demo creates one user per role', async () => {
    const seeded = await hms(['seed', '--demo'], 'unused');
    expect(seeded.code).toBe(0);
    expect(await database.db('users').whereIn('username', ['admin', 'doctor', 'nurse', 'receptionist', 'lab_technician', 'pharmacist', 'radiologist', 'cashier']).count({ n: '*' })).toEqual([{ n: 8 }]);
  });

  it('seed --patients loads synthetic patients into a database without any, and only adds to one with --add', async () => {
    const seeded = await hms(['seed', '--patients', '25']);
    expect(seeded.err).toBe('');
    expect(seeded.code).toBe(0);
    expect(await database.db('patients').count({ n: '*' })).toEqual([{ n: 25 }]);
    const refused = await hms(['seed', '--patients', '5']);
    expect(refused).toMatchObject({ code: 3, err: expect.stringContaining('already holds 25 patients') });
    const added = await hms(['seed', '--patients', '5', '--add']);
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(await database.db('patients').count({ n: '*' })).toEqual([{ n: 30 }]);
    expect((await hms(['seed', '--patients', 'many'])).code).toBe(2);
  });

  it('audit verify exits 0 on an intact chain and 4 on a tampered one', async () => {
    expect(await hms(['audit', 'verify'])).toMatchObject({ code: 0, out: expect.stringContaining('Audit chain intact') });
    await database.db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx('audit_log').where('seq', '=', trx('audit_log').min('seq')).update({ actor_username: 'someone.else' });
    });
    expect(await hms(['audit', 'verify'])).toMatchObject({ code: 4, err: expect.stringContaining('broken') });
  });

  it('exits 1 when the database is unreachable', async () => {
    const errors: string[] = [];
    const io: CliIo = {
      out: () => undefined,
      err: (line) => errors.push(line),
      // It waits HMS_DB_WAIT_SECONDS for a database that may be booting; this one never answers.
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', HMS_LOG_LEVEL: 'silent', HMS_DB_WAIT_SECONDS: '1' },
      readPassword: async () => '',
    };
    expect(await runCli(['user', 'list'], io)).toBe(1);
    expect(errors.join('\n')).toMatch(/did not answer/);
  });
});
