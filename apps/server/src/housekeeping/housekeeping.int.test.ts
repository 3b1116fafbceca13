import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser } from '../test-support/index.js';
import type { TestDatabase } from '../test-support/index.js';
import { runHousekeeping } from './housekeeping.js';

let database: TestDatabase;
const now = new Date('2026-06-30T12:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe('housekeeping', () => {
  it('drops old events (never the newest), old idempotency keys, long-ended sessions and spent throttle rows; keeps the rest', async () => {
    const { db } = database;
    await db('events').insert([
      { at: daysAgo(30), name: 'system.announcement', topic: 'all', data: '{}' },
      { at: daysAgo(8), name: 'system.announcement', topic: 'all', data: '{}' },
      { at: daysAgo(1), name: 'system.announcement', topic: 'all', data: '{}' },
    ]);
    await db('idempotency_keys').insert([
      { key: 'old-key-0001', method: 'visits.checkIn', result: '{}', created_at: daysAgo(200) },
      { key: 'new-key-0001', method: 'visits.checkIn', result: '{}', created_at: daysAgo(100) },
    ]);
    const user = await createTestUser(db, 'keeper', ['nurse']);
    const session = (hash: string, expires: Date, revoked: Date | null) => ({
      token_hash: Buffer.from(hash), user_id: user.id, created_at: daysAgo(90), last_seen_at: daysAgo(90),
      expires_at: expires, idle_timeout_seconds: 3600, revoked_at: revoked, revoked_reason: revoked === null ? null : 'logout',
    });
    await db('sessions').insert([session('a', daysAgo(60), null), session('b', daysAgo(1), null), session('c', daysAgo(-1), daysAgo(45)), session('d', daysAgo(-1), null)]);
    await db('login_throttle').insert([
      { key: 'user:old', failures: 2, window_started_at: daysAgo(3), blocked_until: null },
      { key: 'user:blocked', failures: 0, window_started_at: daysAgo(3), blocked_until: daysAgo(-1) },
      { key: 'user:recent', failures: 1, window_started_at: daysAgo(0.1), blocked_until: null },
    ]);

    expect(await runHousekeeping(db, now)).toEqual({ events: 2, idempotencyKeys: 1, sessions: 2, loginThrottle: 1, interfaceMessageBodies: 0 });
    expect(await db('events').count('* as n')).toEqual([{ n: 1 }]);
    expect((await db('idempotency_keys').select('key')).map((row) => row.key)).toEqual(['new-key-0001']);
    expect((await db('sessions').select(db.raw("convert_from(token_hash, 'UTF8') as t")).orderBy('t')).map((row) => row.t)).toEqual(['b', 'd']);
    expect((await db('login_throttle').select('key').orderBy('key')).map((row) => row.key)).toEqual(['user:blocked', 'user:recent']);

    // With nothing newer, the last event stays: it carries the watermark workstations resume from.
    expect((await runHousekeeping(db, new Date(now.getTime() + 60 * 86_400_000))).events).toBe(0);
    expect(await db('events').count('* as n')).toEqual([{ n: 1 }]);
  });
});
