import type { Knex } from 'knex';
import type { AttemptRows, ThrottleRow } from './throttle-rules.js';

export const userKey = (username: string) => `user:${username}`;
export const addressKey = (address: string) => `address:${address}`;
/** One username at one address (not `user:`-prefixed, so that account locks are never mistaken for it). */
export const pairKey = (address: string, username: string) => `address-user:${address}|${username}`;

export interface AttemptKeys {
  account: string;
  address: string;
  pair: string;
}

export function attemptKeys(username: string, address: string): AttemptKeys {
  return { account: userKey(username), address: addressKey(address), pair: pairKey(address, username) };
}

interface Stored {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
}

/**
 * Locks the attempt's three counters for the rest of the transaction, creating any that is
 * missing. Always account, then address, then pair: every attempt takes one row of each kind
 * in that order, so two attempts never wait for each other in a cycle.
 */
export async function lockAttemptRows(trx: Knex.Transaction, keys: AttemptKeys, now: Date): Promise<AttemptRows> {
  return {
    account: await lockRow(trx, keys.account, now),
    address: await lockRow(trx, keys.address, now),
    pair: await lockRow(trx, keys.pair, now),
  };
}

export async function lockRow(trx: Knex.Transaction, key: string, now: Date): Promise<ThrottleRow> {
  // DO UPDATE (a no-op) rather than DO NOTHING: it locks an existing row and returns it.
  const { rows } = (await trx.raw(
    `insert into login_throttle as t (key, failures, window_started_at) values (?, 0, ?)
     on conflict (key) do update set key = excluded.key
     returning key, failures, window_started_at, blocked_until`,
    [key, now],
  )) as { rows: Stored[] };
  const row = rows[0];
  if (row === undefined) throw new Error(`login_throttle row ${key} was not returned`);
  return { failures: row.failures, windowStartedAt: row.window_started_at, blockedUntil: row.blocked_until };
}

export async function writeRow(trx: Knex.Transaction, key: string, row: ThrottleRow): Promise<void> {
  await trx('login_throttle').where({ key }).update({ failures: row.failures, window_started_at: row.windowStartedAt, blocked_until: row.blockedUntil });
}

export async function writeAttemptRows(trx: Knex.Transaction, keys: AttemptKeys, rows: AttemptRows): Promise<void> {
  await writeRow(trx, keys.account, rows.account);
  await writeRow(trx, keys.address, rows.address);
  await writeRow(trx, keys.pair, rows.pair);
}
