import { MAX_FRAME_BYTES } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let admin: TestUser;
let nurse: TestUser;

const stack = useTestStack({
  limits: { burst: 20, perSecond: 10, maxInFlight: 64, floodCloseAfterMs: 5_000, floodQuietMs: 1_000 },
  setup: async () => {
    admin = await createTestUser(stack.db, 'proto.admin', ['admin']);
    nurse = await createTestUser(stack.db, 'proto.nurse', ['nurse']);
  },
});

const adminClient = (): Promise<TestClient> => stack.signedIn(admin);

describe('frames that are not requests', () => {
  it('answers malformed JSON with BAD_REQUEST and id null, and keeps the connection', async () => {
    const client = await stack.connect();
    expect(await client.sendRaw('{"id": 1, "method": ')).toEqual({ id: null, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect(await client.sendRaw('[1,2,3]')).toMatchObject({ id: null, error: { code: 'BAD_REQUEST' } });
    expect(await client.sendRaw('"just a string"')).toMatchObject({ id: null, error: { code: 'BAD_REQUEST' } });
    expect(client.closed).toBeUndefined();
  });

  it('answers a frame without a method with BAD_REQUEST under its id', async () => {
    const client = await stack.connect();
    expect(await client.sendRaw(JSON.stringify({ id: 'a1', params: {} }))).toMatchObject({ id: 'a1', error: { code: 'BAD_REQUEST' } });
    expect(await client.sendRaw(JSON.stringify({ id: { nested: true }, method: 'system.ping' }))).toMatchObject({ id: null, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses binary frames', async () => {
    const client = await stack.connect();
    expect(await client.sendRaw(Buffer.from([0xde, 0xad, 0xbe, 0xef]), true)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('answers an unknown method with NOT_FOUND, even before sign-in', async () => {
    const client = await stack.connect();
    expect(await client.sendRaw(JSON.stringify({ id: 7, method: 'patients.teleport', params: {} }))).toMatchObject({
      id: 7,
      error: { code: 'NOT_FOUND' },
    });
    expect(await client.sendRaw(JSON.stringify({ id: 8, method: '__proto__' }))).toMatchObject({ id: 8, error: { code: 'NOT_FOUND' } });
    expect(await client.sendRaw(JSON.stringify({ id: 9, method: 'toString' }))).toMatchObject({ id: 9, error: { code: 'NOT_FOUND' } });
  });

  it('closes the socket on an oversized frame (1009) and the server carries on', async () => {
    const client = await stack.connect();
    client.socket.send(JSON.stringify({ id: 1, method: 'system.ping', params: { pad: 'x'.repeat(MAX_FRAME_BYTES) } }));
    await client.waitFor(() => client.closed !== undefined);
    expect(client.closed?.code).toBe(1009);
    const other = await stack.connect();
    await other.signIn(nurse.username, nurse.password);
    await expect(other.call('system.ping', {})).resolves.toBeTruthy();
  });
});

// A steady flood is closed (1008): socket-limits.int.test.ts, on a clock the test moves.
describe('floods', () => {
  it('lets a connection that slows down go on after RATE_LIMITED', async () => {
    const client = await stack.connect();
    await client.signIn(nurse.username, nurse.password);
    const replies = await Promise.allSettled(Array.from({ length: 30 }, () => client.call('system.ping', {})));
    expect(replies.some((reply) => reply.status === 'rejected' && (reply.reason as { code?: string }).code === 'RATE_LIMITED')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(client.call('system.ping', {})).resolves.toBeTruthy();
    expect(client.closed).toBeUndefined();
  });
});

describe('typed errors', () => {
  it('VALIDATION names each bad field by its path', async () => {
    const client = await adminClient();
    const error = await client.callError('users.create', { username: 'Bad Name!', displayName: '  ', roles: ['surgeon' as never], password: 'x' });
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.details?.fields as object).sort()).toEqual(['displayName', 'roles.0', 'username']);
  });

  it('CONFLICT for a username already taken, with the field named', async () => {
    const client = await adminClient();
    const params = { username: 'dup.user', displayName: 'Dup', roles: ['cashier' as const], password: 'a long passphrase 1' };
    await client.call('users.create', params);
    expect(await client.callError('users.create', params)).toMatchObject({ code: 'CONFLICT', details: { fields: { username: 'is taken' } } });
  });

  it('NOT_FOUND for a record that does not exist', async () => {
    const client = await adminClient();
    const error = await client.callError('users.update', { id: '00000000-0000-4000-8000-000000000000', displayName: 'Ghost' });
    expect(error.code).toBe('NOT_FOUND');
  });

  it('FORBIDDEN for a role without the permission, UNAUTHENTICATED without a session', async () => {
    const client = await stack.connect();
    expect((await client.callError('users.list', {})).code).toBe('UNAUTHENTICATED');
    await client.signIn(nurse.username, nurse.password);
    expect(await client.callError('users.list', {})).toMatchObject({ code: 'FORBIDDEN', details: { method: 'users.list' } });
  });

  it('a bad pagination cursor is VALIDATION, not INTERNAL', async () => {
    const client = await adminClient();
    expect(await client.callError('audit.query', { cursor: 'not-a-cursor' })).toMatchObject({ code: 'VALIDATION', details: { fields: { cursor: expect.any(String) } } });
  });
});

describe('idempotency keys', () => {
  it('applies a write once and returns the same result to a retry', async () => {
    const client = await adminClient();
    const params = { username: 'idem.user', displayName: 'Idem', roles: ['cashier' as const], password: 'a long passphrase 2' };
    const first = await client.call('users.create', params, { idempotencyKey: 'outbox-0001-users.create' });
    const retry = await client.call('users.create', params, { idempotencyKey: 'outbox-0001-users.create' });
    expect(retry).toEqual(first);
    expect(await stack.db('users').where({ username: 'idem.user' }).count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await stack.db('audit_log').where({ action: 'users.create', entity_id: first.user.id }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('applies a key once when its retries race from several connections', async () => {
    // Resumed, not signed in: eight password sign-ins of one account at once would lock it.
    const racers = await Promise.all(Array.from({ length: 8 }, () => stack.resumed(admin)));
    const params = { username: 'race.user', displayName: 'Race', roles: ['cashier' as const], password: 'a long passphrase 3' };
    const results = await Promise.all(racers.map((client) => client.call('users.create', params, { idempotencyKey: 'outbox-race-key-1' })));
    expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
    expect(await stack.db('users').where({ username: 'race.user' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('refuses a key reused for another method', async () => {
    const client = await adminClient();
    await client.call('system.announce', { message: 'one' }, { idempotencyKey: 'outbox-reuse-key' });
    const error = await client.callError('users.create', { username: 'reuse.user', displayName: 'R', roles: ['cashier'], password: 'a long passphrase 4' }, { idempotencyKey: 'outbox-reuse-key' });
    expect(error.code).toBe('CONFLICT');
  });

  it('does not store a key when the write failed, so the retry is judged afresh', async () => {
    const client = await adminClient();
    const bad = { username: 'weak.user', displayName: 'Weak', roles: ['cashier' as const], password: 'short' };
    expect((await client.callError('users.create', bad, { idempotencyKey: 'outbox-failed-key' })).code).toBe('VALIDATION');
    const fixed = await client.call('users.create', { ...bad, password: 'now a long passphrase' }, { idempotencyKey: 'outbox-failed-key' });
    expect(fixed.user.username).toBe('weak.user');
  });
});

describe('the server after all that', () => {
  it('still answers', async () => {
    const client = await adminClient();
    await expect(client.call('system.ping', {})).resolves.toHaveProperty('now');
  });
});
