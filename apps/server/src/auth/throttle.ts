import type { Knex } from 'knex';
import type { LoginThrottlePolicy } from '../config.js';

export const userKey = (username: string) => `user:${username}`;
export const addressKey = (address: string) => `address:${address}`;

/** The latest block among the keys, if any is still in force. */
export async function blockedUntil(db: Knex, keys: readonly string[], now: Date): Promise<Map<string, Date>> {
  const rows: Array<{ key: string; blocked_until: Date }> = await db('login_throttle')
    .select('key', 'blocked_until')
    .whereIn('key', keys)
    .where('blocked_until', '>', now);
  return new Map(rows.map((row) => [row.key, row.blocked_until]));
}

/**
 * Counts one failure against a key; when the key reaches its limit within the window it is
 * blocked for the lockout period and its count starts again. Returns the block, if one began.
 */
export async function recordFailure(
  db: Knex | Knex.Transaction,
  key: string,
  limit: number,
  policy: LoginThrottlePolicy,
  now: Date,
): Promise<Date | undefined> {
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
  const [row] = (await db.raw(
    `insert into login_throttle as t (key, failures, window_started_at) values (?, 1, ?)
     on conflict (key) do update set
       failures = case when t.window_started_at < ? then 1 else t.failures + 1 end,
       window_started_at = case when t.window_started_at < ? then excluded.window_started_at else t.window_started_at end
     returning failures`,
    [key, now, windowStart, windowStart],
  )).rows as Array<{ failures: number }>;
  if (row === undefined || row.failures < limit) return undefined;
  const until = new Date(now.getTime() + policy.lockoutSeconds * 1000);
  await db('login_throttle').where({ key }).update({ blocked_until: until, failures: 0, window_started_at: now });
  return until;
}

export async function clearFailures(db: Knex | Knex.Transaction, key: string): Promise<void> {
  await db('login_throttle').where({ key }).delete();
}
