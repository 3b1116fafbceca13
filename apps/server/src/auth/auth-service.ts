import { HmsError } from '@hms/core';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { LoginThrottlePolicy, SessionPolicy } from '../config.js';
import type { Actor, Origin } from '../gateway/actor.js';
import type { AuditKey } from '../audit/index.js';
import { runWrite } from '../gateway/write-scope.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { findUserById, findUserByUsername } from './accounts.js';
import type { UserRow } from './accounts.js';
import { burnPasswordCheck, verifyPassword } from './password.js';
import { SessionCache } from './session-cache.js';
import { attemptKeys, lockAttemptRows, lockRow, userKey, writeAttemptRows, writeRow } from './throttle.js';
import { failedAttempt, reserveAttempt, succeededAttempt } from './throttle-rules.js';
import type { RefusalReason } from './throttle-rules.js';
import { hashToken, newSessionToken } from './tokens.js';

export type RevokeReason = 'logout' | 'password_changed' | 'password_reset' | 'disabled' | 'admin';

export interface AuthServiceDeps {
  db: Knex;
  clock: Clock;
  sessions: SessionPolicy;
  throttle: LoginThrottlePolicy;
  /** Chains the audit rows of sign-ins (see audit/audit-key.ts). */
  auditKey: AuditKey;
  /** How long a validated session is trusted without asking the database again. */
  cacheTtlMs?: number;
}

export interface SignedIn {
  actor: Actor;
  expiresAt: Date;
}

interface SessionJoinRow {
  id: string;
  user_id: string;
  expires_at: Date;
  last_seen_at: Date;
  idle_timeout_seconds: number;
  revoked_at: Date | null;
  username: string;
  display_name: string;
  roles: Actor['roles'];
  must_change_password: boolean;
  disabled_at: Date | null;
}

const WRONG_CREDENTIALS = 'Wrong username or password.';
/** last_seen_at is written at most this often per session, to keep every call a pure read. */
const TOUCH_INTERVAL_MS = 30_000;

export class AuthService {
  private readonly deps: AuthServiceDeps;
  private readonly cache: SessionCache<SessionJoinRow & { userId: string }>;

  constructor(deps: AuthServiceDeps) {
    this.deps = deps;
    this.cache = new SessionCache(deps.cacheTtlMs ?? 10_000);
  }

  /** A session or account changed (`session:<id>`, `user:<id>`; anything else: all of them). */
  sessionChanged(key: string): void {
    this.cache.invalidate(key);
  }

  /**
   * The attempt is counted before the password is checked (one short transaction holding the
   * throttle rows), so that guesses sent at once count like guesses sent one by one; a locked
   * account refuses even the right password. See throttle-rules.ts for the rules.
   */
  async login(username: string, password: string, origin: Origin): Promise<SignedIn & { token: string }> {
    const { db, clock } = this.deps;
    const keys = attemptKeys(username, origin.address);
    // One address allowance for every origin today; enrolled workstations (issue 16) get their own here.
    const policy = this.deps.throttle;
    const reservation = await db.transaction(async (trx) => {
      const now = clock.now();
      const decision = reserveAttempt(await lockAttemptRows(trx, keys, now), policy, now);
      if (decision.kind === 'refused') await writeRow(trx, keys.account, decision.account);
      else await writeAttemptRows(trx, keys, decision.rows);
      return decision;
    });
    if (reservation.kind === 'refused') throw refusal(reservation.reason, reservation.until, clock.now());

    const user = await findUserByUsername(db, username);
    const valid = user === undefined ? (await burnPasswordCheck(password), false) : await verifyPassword(password, user.password_hash);
    if (!valid || user === undefined) {
      await this.recordFailedLogin(username, user, origin);
      throw new HmsError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    const token = newSessionToken();
    const signedIn = await runWrite(db, { stamp: () => this.stamp(origin, user), auditKey: this.deps.auditKey }, async (scope) => {
      const now = clock.now();
      const outcome = succeededAttempt(await lockAttemptRows(scope.trx, keys, now), reservation, policy.address, now);
      if (outcome.kind === 'locked') {
        scope.audit({ action: 'auth.login_refused', entityType: 'user', entityId: user.id, details: { reason: 'account_locked' } });
        return { refused: refusal('account_locked', outcome.until, now) };
      }
      await writeAttemptRows(scope.trx, keys, outcome.rows);
      if (user.disabled_at !== null) {
        scope.audit({ action: 'auth.login_refused', entityType: 'user', entityId: user.id, details: { reason: 'disabled' } });
        return { refused: new HmsError('UNAUTHENTICATED', 'This account is disabled. Ask an administrator.', { reason: 'disabled' }) };
      }
      const expiresAt = new Date(now.getTime() + this.deps.sessions.absoluteTimeoutSeconds * 1000);
      const [session] = await scope.trx('sessions')
        .insert({
          token_hash: hashToken(token),
          user_id: user.id,
          workstation_id: origin.workstationId,
          address: origin.address,
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
          idle_timeout_seconds: this.deps.sessions.idleTimeoutSeconds,
        })
        .returning('id');
      const sessionId = (session as { id: string }).id;
      scope.audit({ action: 'auth.login', entityType: 'user', entityId: user.id, details: { sessionId } });
      return { actor: actorOf(user, sessionId), expiresAt };
    });
    // Refusals are thrown after commit, so that their audit rows stay.
    if ('refused' in signedIn) throw signedIn.refused;
    return { token, ...signedIn };
  }

  /** A known token on a new connection: the same session, if it is still valid. */
  async resume(token: string): Promise<SignedIn> {
    return this.check({ 's.token_hash': hashToken(token) });
  }

  /**
   * Checks a session on every call: expiry, revocation, a disabled account, current roles. A
   * session checked in the last seconds is taken from the cache, which every change to
   * sessions or accounts empties (by notification, in every server process).
   */
  async validate(sessionId: string): Promise<SignedIn> {
    const now = this.deps.clock.now();
    const cached = this.cache.get(sessionId, now.getTime());
    if (cached !== undefined && now.getTime() - cached.last_seen_at.getTime() <= TOUCH_INTERVAL_MS) {
      return signedInFrom(cached, now);
    }
    return this.check({ 's.id': sessionId });
  }

  private async check(where: { 's.id': string } | { 's.token_hash': Buffer }): Promise<SignedIn> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const row: SessionJoinRow | undefined = await db('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .select(
        's.id', 's.user_id', 's.expires_at', 's.last_seen_at', 's.idle_timeout_seconds', 's.revoked_at',
        'u.username', 'u.display_name', 'u.roles', 'u.must_change_password', 'u.disabled_at',
      )
      .where(where)
      .first();
    if (row === undefined) throw sessionEnded('unknown');
    const signedIn = signedInFrom(row, now);
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await db('sessions').where({ id: row.id }).update({ last_seen_at: now });
      row.last_seen_at = now;
    }
    this.cache.set(row.id, { ...row, userId: row.user_id }, now.getTime());
    return signedIn;
  }

  async logout(scope: WriteScope, actor: Actor): Promise<void> {
    await revokeSession(scope.trx, actor.sessionId, 'logout', this.deps.clock.now());
    scope.audit({ action: 'auth.logout', entityType: 'user', entityId: actor.userId, details: { sessionId: actor.sessionId } });
  }

  async changePassword(scope: WriteScope, actor: Actor, currentPassword: string, newHash: () => Promise<string>): Promise<void> {
    const user = await findUserById(scope.trx, actor.userId, true);
    if (user === undefined) throw sessionEnded('unknown');
    if (!(await verifyPassword(currentPassword, user.password_hash))) {
      throw HmsError.validation({ currentPassword: 'is not your current password' });
    }
    const now = this.deps.clock.now();
    await scope.trx('users').where({ id: user.id }).update({ password_hash: await newHash(), must_change_password: false, updated_at: now });
    const revoked = await revokeUserSessions(scope.trx, user.id, 'password_changed', now, actor.sessionId);
    scope.audit({ action: 'auth.changePassword', entityType: 'user', entityId: user.id, details: { otherSessionsRevoked: revoked } });
  }

  /** A wrong password (or no such user): the reservation stays a failure; a concurrent lock answers RATE_LIMITED. */
  private async recordFailedLogin(username: string, user: UserRow | undefined, origin: Origin): Promise<void> {
    const { throttle, clock } = this.deps;
    const locked = await runWrite(this.deps.db, { stamp: () => this.stamp(origin, null), auditKey: this.deps.auditKey }, async (scope) => {
      const now = clock.now();
      const key = userKey(username);
      const outcome = failedAttempt(await lockRow(scope.trx, key, now), throttle.account, now);
      await writeRow(scope.trx, key, outcome.account);
      scope.audit({
        action: 'auth.login_failed',
        entityType: user === undefined ? undefined : 'user',
        entityId: user?.id,
        details: { username, accountLocked: outcome.kind === 'locked' || outcome.lockedNow },
      });
      return outcome.kind === 'locked' ? refusal('account_locked', outcome.until, now) : undefined;
    });
    if (locked !== undefined) throw locked;
  }

  private async audit(origin: Origin, user: UserRow | null, entry: Parameters<WriteScope['audit']>[0]): Promise<void> {
    await runWrite(this.deps.db, { stamp: () => this.stamp(origin, user), auditKey: this.deps.auditKey }, async (scope) => scope.audit(entry));
  }

  private stamp(origin: Origin, user: UserRow | null) {
    return { at: this.deps.clock.now(), actor: user === null ? null : { userId: user.id, username: user.username }, origin };
  }
}

function refusal(reason: RefusalReason, until: Date, now: Date): HmsError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return reason === 'account_locked'
    ? new HmsError('RATE_LIMITED', 'Too many failed sign-ins: this account is locked for a while. An administrator can unlock it.', {
        reason,
        retryAfterSeconds,
      })
    : new HmsError('RATE_LIMITED', `Too many failed sign-ins from this workstation: wait ${retryAfterSeconds} s, then try again.`, {
        reason,
        retryAfterSeconds,
      });
}

/** The rules a session must pass at `now`; throws UNAUTHENTICATED with the reason. */
function signedInFrom(row: SessionJoinRow, now: Date): SignedIn {
  if (row.revoked_at !== null) throw sessionEnded('revoked');
  if (row.disabled_at !== null) throw sessionEnded('disabled');
  if (row.expires_at <= now) throw sessionEnded('expired');
  if (row.last_seen_at.getTime() + row.idle_timeout_seconds * 1000 <= now.getTime()) throw sessionEnded('idle');
  return {
    actor: {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      sessionId: row.id,
      mustChangePassword: row.must_change_password,
    },
    expiresAt: row.expires_at,
  };
}

function actorOf(user: UserRow, sessionId: string): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles,
    sessionId,
    mustChangePassword: user.must_change_password,
  };
}

function sessionEnded(reason: 'unknown' | 'revoked' | 'disabled' | 'expired' | 'idle'): HmsError {
  const messages = {
    unknown: 'Please sign in.',
    revoked: 'You were signed out. Please sign in again.',
    disabled: 'This account is disabled.',
    expired: 'Your session has expired. Please sign in again.',
    idle: 'Your session ended after a period of inactivity. Please sign in again.',
  } as const;
  return new HmsError('UNAUTHENTICATED', messages[reason], { reason });
}

export async function revokeSession(trx: Knex.Transaction, sessionId: string, reason: RevokeReason, now: Date): Promise<void> {
  await trx('sessions').where({ id: sessionId }).whereNull('revoked_at').update({ revoked_at: now, revoked_reason: reason });
}

/** Signs a user out everywhere (but `exceptSessionId`); returns how many sessions ended. */
export async function revokeUserSessions(
  trx: Knex.Transaction,
  userId: string,
  reason: RevokeReason,
  now: Date,
  exceptSessionId?: string,
): Promise<number> {
  const query = trx('sessions').where({ user_id: userId }).whereNull('revoked_at').where('expires_at', '>', now);
  if (exceptSessionId !== undefined) query.whereNot({ id: exceptSessionId });
  return query.update({ revoked_at: now, revoked_reason: reason });
}
