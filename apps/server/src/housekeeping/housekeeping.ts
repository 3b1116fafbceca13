import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { pruneInterfaceMessageBodies } from '../interfaces/index.js';
import type { Logger } from '../log.js';

/**
 * How long operational bookkeeping is kept. None of it is clinical or financial (that is never
 * deleted); the audit log keeps the history of sign-ins and changes.
 */
export interface RetentionPolicy {
  /** Events a reconnecting workstation can still replay; older ones make `events.resume` incomplete. */
  eventsDays: number;
  /** Idempotency keys outlive the longest offline replay a desk may send (registrations: 90 days). */
  idempotencyDays: number;
  /** Ended sessions (expired or revoked) are dropped this long after their end. */
  endedSessionsDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { eventsDays: 7, idempotencyDays: 120, endedSessionsDays: 30 };

export interface HousekeepingReport {
  events: number;
  idempotencyKeys: number;
  sessions: number;
  loginThrottle: number;
  /** Raw instrument message bodies past the log's retention (their rows stay). */
  interfaceMessageBodies: number;
}

const DAY_MS = 86_400_000;

/** One pass; safe to run from several server processes at once. */
export async function runHousekeeping(db: Knex, now: Date, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<HousekeepingReport> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  // The newest event always stays, so that max(seq) (the resume watermark) survives quiet weeks.
  const events = await db('events')
    .where('at', '<', before(policy.eventsDays))
    .where('seq', '<', db('events').max('seq'))
    .delete();
  const idempotencyKeys = await db('idempotency_keys').where('created_at', '<', before(policy.idempotencyDays)).delete();
  const sessions = await db('sessions')
    .where((ended) => ended.where('expires_at', '<', before(policy.endedSessionsDays)).orWhere('revoked_at', '<', before(policy.endedSessionsDays)))
    .delete();
  // A failure window long over and no block in force: nothing left to remember.
  const loginThrottle = await db('login_throttle')
    .where('window_started_at', '<', before(1))
    .where((open) => open.whereNull('blocked_until').orWhere('blocked_until', '<', now))
    .delete();
  const interfaceMessageBodies = await pruneInterfaceMessageBodies(db, now);
  return { events, idempotencyKeys, sessions, loginThrottle, interfaceMessageBodies };
}

/** Runs housekeeping now and then every `intervalMs` until stopped. */
export function scheduleHousekeeping(db: Knex, clock: Clock, log: Logger, intervalMs = 3_600_000): () => void {
  const run = () => {
    runHousekeeping(db, clock.now())
      .then((report) => {
        if (Object.values(report).some((count) => count > 0)) log.info({ removed: report }, 'housekeeping');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'housekeeping failed; will retry'));
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
