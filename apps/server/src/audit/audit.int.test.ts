import { describe, expect, it } from 'vitest';
import { createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient } from '../test-support/index.js';
import { verifyAuditChain } from './verify.js';

let admin: TestClient;

const stack = useTestStack({
  setup: async () => {
    const user = await createTestUser(stack.db, 'audit.admin', ['admin']);
    admin = await stack.signedIn(user, 'it-office-1');
  },
});

describe('what the audit log records', () => {
  it('records who changed what, from where, with before and after', async () => {
    const { user } = await admin.call('users.create', { username: 'aud.clerk', displayName: 'Clerk One', roles: ['receptionist'], password: 'a long passphrase 5' });
    await admin.call('users.update', { id: user.id, displayName: 'Clerk Uno', roles: ['receptionist', 'cashier'] });
    const rows = await stack.db('audit_log').where({ entity_type: 'user', entity_id: user.id }).orderBy('seq');
    expect(rows.map((row) => row.action)).toEqual(['users.create', 'users.update']);
    expect(rows[1]).toMatchObject({
      actor_username: 'audit.admin',
      workstation_id: 'it-office-1',
      address: '127.0.0.1',
      before: { displayName: 'Clerk One', roles: ['receptionist'] },
      after: { displayName: 'Clerk Uno', roles: ['receptionist', 'cashier'] },
    });
    // No secret ever reaches the audit log.
    expect(JSON.stringify(rows)).not.toMatch(/passphrase|scrypt\$/);
  });

  it('lets admins query it, newest first, filtered and paginated', async () => {
    for (let n = 0; n < 5; n += 1) await admin.call('system.announce', { message: `notice ${n}` });
    const first = await admin.call('audit.query', { action: 'system.announce', limit: 3 });
    expect(first.items.map((item) => (item.details as { message: string }).message)).toEqual(['notice 4', 'notice 3', 'notice 2']);
    expect(first.nextCursor).toBeDefined();
    const second = await admin.call('audit.query', { action: 'system.announce', limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((item) => (item.details as { message: string }).message)).toEqual(['notice 1', 'notice 0']);
    expect(second.nextCursor).toBeUndefined();
  });
});

describe('append-only, in the database itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    await expect(stack.db('audit_log').update({ action: 'nothing.happened' })).rejects.toThrow(/append-only/);
    await expect(stack.db('audit_log').delete()).rejects.toThrow(/append-only/);
    await expect(stack.db.raw('truncate audit_log')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(stack.db, stack.database.auditKey)).ok).toBe(true);
  });
});

describe('the hash chain', () => {
  it('verifies after many concurrent writers', async () => {
    const writers = await Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const user = await createTestUser(stack.db, `aud.writer${index}`, ['admin']);
        return stack.signedIn(user);
      }),
    );
    await Promise.all(writers.flatMap((client, index) => Array.from({ length: 10 }, (_, n) => client.call('system.announce', { message: `w${index}-${n}` }))));
    const report = await verifyAuditChain(stack.db, stack.database.auditKey);
    expect(report.problems).toEqual([]);
    expect(report.rows).toBeGreaterThan(60);
    const seqs = (await stack.db('audit_log').select('seq').orderBy('seq')).map((row) => row.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('detects a row altered behind the triggers, and a row removed', async () => {
    const target = await stack.db('audit_log').where({ action: 'system.announce' }).orderBy('seq').first();
    // A superuser bypassing the triggers (replica mode) is exactly the tampering to catch.
    await stack.db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx('audit_log').where({ seq: target.seq }).update({ details: { message: 'nothing to see' } });
    });
    const altered = await verifyAuditChain(stack.db, stack.database.auditKey);
    expect(altered.ok).toBe(false);
    expect(altered.problems).toContainEqual({ seq: target.seq, problem: 'hash_mismatch' });

    const victim = await stack.db('audit_log').where('seq', '>', target.seq).orderBy('seq').first();
    await stack.db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx('audit_log').where({ seq: victim.seq }).delete();
    });
    const removed = await verifyAuditChain(stack.db, stack.database.auditKey);
    expect(removed.problems.some((problem) => problem.problem === 'gap' && problem.seq > victim.seq)).toBe(true);
  });
});
