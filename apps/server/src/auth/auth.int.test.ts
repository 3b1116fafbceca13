import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, createTestUser, useTestStack } from '../test-support/index.js';
import type { TestUser } from '../test-support/index.js';

const clock = new ManualClock();
let nurse: TestUser;
let admin: TestUser;

const stack = useTestStack({
  clock,
  sessions: { idleTimeoutSeconds: 30 * 60, absoluteTimeoutSeconds: 8 * 3600 },
  loginThrottle: {
    account: { maxFailures: 5, windowSeconds: 900, lockoutSeconds: 900 },
    address: { freeFailures: 10, failuresPerUsername: 3, firstDelaySeconds: 1, maxDelaySeconds: 60, windowSeconds: 900 },
  },
  setup: async () => {
    nurse = await createTestUser(stack.db, 'nurse.joy', ['nurse']);
    admin = await createTestUser(stack.db, 'admin.ann', ['admin']);
  },
});

beforeEach(async () => {
  // Each test starts with no failed sign-ins on record.
  await stack.db('login_throttle').delete();
});

describe('auth.login', () => {
  it('signs in with the right password and binds the session to the connection', async () => {
    const client = await stack.connect();
    const result = await client.signIn('Nurse.Joy', nurse.password, 'ward-3-pc');
    expect(result.user).toMatchObject({ username: 'nurse.joy', displayName: 'Test nurse.joy', roles: ['nurse'] });
    expect(result.token.length).toBeGreaterThanOrEqual(40);
    expect(new Date(result.expiresAt).getTime()).toBe(clock.now().getTime() + 8 * 3600_000);
    await expect(client.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });

    const audit = await stack.db('audit_log').where({ action: 'auth.login', entity_id: nurse.id }).orderBy('seq', 'desc').first();
    expect(audit).toMatchObject({ actor_username: 'nurse.joy', workstation_id: 'ward-3-pc', address: '127.0.0.1' });
  });

  it('stores neither the password nor the token in clear', async () => {
    const client = await stack.connect();
    const { token } = await client.signIn(nurse.username, nurse.password);
    const user = await stack.db('users').where({ id: nurse.id }).first();
    expect(user.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(user.password_hash).not.toContain(nurse.password);
    const sessions = await stack.db('sessions').select(stack.db.raw('encode(token_hash, \'hex\') as hash'));
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions as Array<{ hash: string }>) expect(session.hash).not.toContain(Buffer.from(token).toString('hex'));
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const client = await stack.connect();
    const wrong = await client.callError('auth.login', { username: nurse.username, password: 'not my password' });
    const unknown = await client.callError('auth.login', { username: 'nobody', password: 'not my password' });
    expect(wrong.code).toBe('UNAUTHENTICATED');
    expect(unknown.code).toBe('UNAUTHENTICATED');
    expect(unknown.message).toBe(wrong.message);
    const failures = await stack.db('audit_log').where({ action: 'auth.login_failed' }).orderBy('seq', 'desc').limit(2);
    expect(failures.map((row) => row.details.username).sort()).toEqual(['nobody', 'nurse.joy']);
  });

  it('rejects methods on a connection that has not signed in', async () => {
    const client = await stack.connect();
    const error = await client.callError('system.ping', {});
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('locks an account after five failures, even against the right password, until the lockout ends', async () => {
    const client = await stack.connect();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await client.callError('auth.login', { username: nurse.username, password: `guess ${attempt}` })).code).toBe('UNAUTHENTICATED');
    }
    const locked = await client.callError('auth.login', { username: nurse.username, password: nurse.password });
    expect(locked.code).toBe('RATE_LIMITED');
    expect(locked.details).toMatchObject({ reason: 'account_locked' });
    expect(locked.details?.retryAfterSeconds).toBeGreaterThan(800);

    // Other accounts are not affected.
    expect((await client.signIn(admin.username, admin.password)).user.username).toBe('admin.ann');
    // The admin sees the lock.
    const { items } = await client.call('users.list', {});
    expect(items.find((user) => user.id === nurse.id)?.lockedUntil).not.toBeNull();

    clock.advance(901_000);
    expect((await (await stack.connect()).signIn(nurse.username, nurse.password)).user.username).toBe('nurse.joy');
  });

  it('forgives earlier typos once the right password is given', async () => {
    const client = await stack.connect();
    for (const round of [1, 2]) {
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        expect((await client.callError('auth.login', { username: nurse.username, password: `typo ${round}.${attempt}` })).code).toBe('UNAUTHENTICATED');
      }
      expect((await client.signIn(nurse.username, nurse.password)).user.username).toBe('nurse.joy');
    }
  });

  it('counts guesses sent at once: 39 wrong and the right one lock the account, and at most 5 are checked', async () => {
    const target = await createTestUser(stack.db, 'target.tess', ['receptionist']);
    const attackers = await Promise.all(Array.from({ length: 40 }, () => stack.connect(undefined, { localAddress: '127.0.0.4' })));
    const outcomes = await Promise.all(
      attackers.map((client, n) =>
        client.signIn(target.username, n === 17 ? target.password : `guess number ${n}`).then(
          () => 'signed in',
          (error: { code: string }) => error.code,
        ),
      ),
    );
    expect(outcomes.every((outcome) => ['signed in', 'UNAUTHENTICATED', 'RATE_LIMITED'].includes(outcome))).toBe(true);
    // Every password checked left one audit row (failed, signed in, or refused as locked meanwhile).
    const audited: Array<{ action: string }> = await stack.db('audit_log')
      .whereIn('action', ['auth.login', 'auth.login_failed', 'auth.login_refused'])
      .where((rows) => rows.where({ entity_id: target.id }).orWhereRaw("details->>'username' = ?", [target.username]));
    const wrongChecked = audited.filter((row) => row.action === 'auth.login_failed').length;
    expect(wrongChecked).toBeGreaterThanOrEqual(4);
    expect(wrongChecked).toBeLessThanOrEqual(5);
    expect(audited.length).toBeLessThanOrEqual(6);
    // Answers other than RATE_LIMITED come only from passwords that were checked.
    expect(outcomes.filter((outcome) => outcome !== 'RATE_LIMITED').length).toBeLessThanOrEqual(audited.length);

    // The account ends locked: the right password is refused now, from anywhere.
    const later = await (await stack.connect(undefined, { localAddress: '127.0.0.5' })).callError('auth.login', { username: target.username, password: target.password });
    expect(later).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'account_locked' } });
  });

  it('a careless user at a shared desk does not lock the others out of it', async () => {
    const desk = await stack.connect();
    // Her own name, then two misspellings of it, five times each: 15 failures from this desk.
    for (const username of [nurse.username, 'nurse.jo', 'nursejoy']) {
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        expect((await desk.callError('auth.login', { username, password: `forgot it ${attempt}` })).code).toBe('UNAUTHENTICATED');
      }
    }
    expect((await desk.callError('auth.login', { username: nurse.username, password: nurse.password })).details).toMatchObject({ reason: 'account_locked' });
    // The admin walks up to the same desk and signs in at once.
    expect((await desk.signIn(admin.username, admin.password)).user.username).toBe('admin.ann');
  });

  it('slows down an address that tries many usernames, with growing delays, and lets the right password in after the wait', async () => {
    const sprayer = await stack.connect(undefined, { localAddress: '127.0.0.2' });
    const guess = (n: number) => sprayer.callError('auth.login', { username: `someone${n}`, password: 'Winter2026!' });
    for (let n = 1; n <= 10; n += 1) expect((await guess(n)).code).toBe('UNAUTHENTICATED');
    const waits: number[] = [];
    for (let n = 11; n <= 19; n += 1) {
      const slowed = await sprayer.callError('auth.login', { username: admin.username, password: admin.password });
      expect(slowed).toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'address_slowed' } });
      const seconds = slowed.details?.retryAfterSeconds as number;
      waits.push(seconds);
      clock.advance(seconds * 1000 - 1);
      expect((await guess(n)).details).toMatchObject({ reason: 'address_slowed' }); // not a moment early
      clock.advance(1);
      expect((await guess(n)).code).toBe('UNAUTHENTICATED');
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    // Another desk is not slowed meanwhile, and the admin account was never counted against.
    const elsewhere = await stack.connect(undefined, { localAddress: '127.0.0.3' });
    expect((await elsewhere.signIn(admin.username, admin.password)).user.username).toBe('admin.ann');
    // At the slowed desk the admin waits one delay (a minute at most), never a lockout.
    const slowed = await sprayer.callError('auth.login', { username: admin.username, password: admin.password });
    clock.advance((slowed.details?.retryAfterSeconds as number) * 1000);
    expect((await sprayer.signIn(admin.username, admin.password)).user.username).toBe('admin.ann');
    clock.advance(901_000);
  });

  it('answers VALIDATION for a malformed login', async () => {
    const client = await stack.connect();
    const error = await client.callError('auth.login', { username: '', password: '' });
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.details?.fields as object).sort()).toEqual(['password', 'username']);
  });
});

describe('sessions', () => {
  it('resumes a session on a new connection with its token', async () => {
    const first = await stack.connect();
    const { token } = await first.signIn(nurse.username, nurse.password);
    const second = await stack.connect();
    const resumed = await second.call('auth.resume', { token, workstationId: 'ward-3-pc' });
    expect(resumed.user.username).toBe('nurse.joy');
    await expect(second.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });
  });

  it('refuses an unknown token', async () => {
    const client = await stack.connect();
    expect((await client.callError('auth.resume', { token: 'x'.repeat(43) })).code).toBe('UNAUTHENTICATED');
  });

  it('expires a session left idle, and the connection must sign in again', async () => {
    const client = await stack.connect();
    const { token } = await client.signIn(nurse.username, nurse.password);
    clock.advance(29 * 60_000);
    await expect(client.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });
    clock.advance(29 * 60_000); // still within 30 minutes of the last call
    await expect(client.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });
    clock.advance(31 * 60_000);
    const error = await client.callError('system.ping', {});
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'idle' } });
    expect((await client.callError('system.ping', {})).details).toBeUndefined(); // unbound now: plain "sign in"
    expect((await (await stack.connect()).callError('auth.resume', { token })).code).toBe('UNAUTHENTICATED');
  });

  it('expires a session at its absolute limit however busy it is', async () => {
    const client = await stack.connect();
    await client.signIn(nurse.username, nurse.password);
    // Busy all shift: a call every 20 minutes keeps it from going idle (30 min) ...
    for (let call = 1; call <= 23; call += 1) {
      clock.advance(20 * 60_000);
      await expect(client.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });
    }
    // ... but 8 hours after sign-in it ends anyway.
    clock.advance(21 * 60_000);
    expect(await client.callError('system.ping', {})).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'expired' } });
  });

  it('logout revokes the session everywhere it was resumed', async () => {
    const first = await stack.connect();
    const { token } = await first.signIn(nurse.username, nurse.password);
    const second = await stack.connect();
    await second.call('auth.resume', { token });
    await expect(first.call('auth.logout', {})).resolves.toEqual({ ok: true });
    expect((await first.callError('system.ping', {})).code).toBe('UNAUTHENTICATED');
    expect(await second.callError('system.ping', {})).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'revoked' } });
    expect((await (await stack.connect()).callError('auth.resume', { token })).code).toBe('UNAUTHENTICATED');
  });
});

describe('auth.changePassword', () => {
  it('checks the current password and the policy, then signs out the other sessions', async () => {
    const user = await createTestUser(stack.db, 'doc.changer', ['doctor']);
    const here = await stack.connect();
    const elsewhere = await stack.connect();
    await here.signIn(user.username, user.password);
    await elsewhere.signIn(user.username, user.password);

    const wrong = await here.callError('auth.changePassword', { currentPassword: 'nope', newPassword: 'a brand new passphrase' });
    expect(wrong).toMatchObject({ code: 'VALIDATION', details: { fields: { currentPassword: expect.any(String) } } });
    const weak = await here.callError('auth.changePassword', { currentPassword: user.password, newPassword: 'short' });
    expect(weak).toMatchObject({ code: 'VALIDATION', details: { fields: { newPassword: expect.stringContaining('at least') } } });

    await expect(here.call('auth.changePassword', { currentPassword: user.password, newPassword: 'a brand new passphrase' })).resolves.toEqual({ ok: true });
    await expect(here.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });
    expect(await elsewhere.callError('system.ping', {})).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'revoked' } });
    expect((await (await stack.connect()).callError('auth.login', { username: user.username, password: user.password })).code).toBe('UNAUTHENTICATED');
    expect((await (await stack.connect()).signIn(user.username, 'a brand new passphrase')).user.username).toBe('doc.changer');
  });

  it('holds a user who must change the password to that until it is done', async () => {
    const user = await createTestUser(stack.db, 'new.clerk', ['receptionist'], { mustChangePassword: true });
    const client = await stack.connect();
    const signedIn = await client.signIn(user.username, user.password);
    expect(signedIn.user.mustChangePassword).toBe(true);
    expect(await client.callError('events.resume', { afterSeq: 0 })).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'password_change_required' } });
    await client.call('auth.changePassword', { currentPassword: user.password, newPassword: 'my own passphrase 1' });
    await expect(client.call('events.resume', { afterSeq: 0 })).resolves.toMatchObject({ lastSeq: expect.any(Number), complete: true });
  });
});

describe('disabled accounts', () => {
  it('disabling signs the user out and refuses new sign-ins', async () => {
    const user = await createTestUser(stack.db, 'leaver', ['cashier']);
    const theirs = await stack.connect();
    await theirs.signIn(user.username, user.password);
    const adminClient = await stack.connect();
    await adminClient.signIn(admin.username, admin.password);
    await adminClient.call('users.update', { id: user.id, disabled: true });
    expect(await theirs.callError('system.ping', {})).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await (await stack.connect()).callError('auth.login', { username: user.username, password: user.password })).toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'disabled' },
    });
  });
});

describe('changes made elsewhere (another server process, the IT command line)', () => {
  it('reach signed-in connections within moments, though sessions are cached for seconds', async () => {
    const user = await createTestUser(stack.db, 'cached.admin', ['admin']);
    const client = await stack.connect();
    await client.signIn(user.username, user.password);
    // The session is now cached.
    expect((await client.call('users.list', {})).items.map((item) => item.username)).toContain('cached.admin');
    // Straight in the database, as another process would: only its notification tells us.
    await stack.db('users').where({ id: user.id }).update({ roles: ['cashier'] });
    const outcome = () => client.call('users.list', {}).then(() => 'ok', (error: { code: string }) => error.code);
    await expect.poll(outcome, { timeout: 2_000, interval: 50 }).toBe('FORBIDDEN');
    await stack.db('sessions').where({ user_id: user.id }).update({ revoked_at: new Date(), revoked_reason: 'admin' });
    await expect.poll(outcome, { timeout: 2_000, interval: 50 }).toBe('UNAUTHENTICATED');
  });
});
