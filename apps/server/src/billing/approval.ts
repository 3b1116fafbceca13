import { HmsError } from '@hms/core';
import type { Role } from '@hms/core';
import type { Knex } from 'knex';
import { findUserByUsername, verifyPassword } from '../auth/index.js';
import type { Actor } from '../gateway/actor.js';

/**
 * The second person on a cashier's screen (issue 15): a billing supervisor approves a
 * reversal, refund or write-off by typing their own username and password. A supervisor
 * acting themself needs no one else; nobody approves their own request.
 */
export async function requireApproval(db: Knex, actor: Actor, approval: { username: string; password: string } | undefined): Promise<{ id: string; username: string } | null> {
  const supervisor: Role = 'billing_supervisor';
  if (actor.roles.includes(supervisor)) return null;
  if (approval === undefined) throw new HmsError('FORBIDDEN', 'A billing supervisor must approve this.', { reason: 'approval_required' });
  const user = await findUserByUsername(db, approval.username.toLowerCase());
  // One answer for every failure: the screen must not tell which usernames exist.
  const valid = user !== undefined && user.disabled_at === null && (await verifyPassword(approval.password, user.password_hash));
  if (!valid || !user.roles.includes(supervisor)) throw new HmsError('FORBIDDEN', 'The approval was not accepted: a billing supervisor\'s own username and password are needed.', { reason: 'approval_refused' });
  if (user.id === actor.userId) throw new HmsError('FORBIDDEN', 'Nobody approves their own request.', { reason: 'approval_refused' });
  return { id: user.id, username: user.username };
}
