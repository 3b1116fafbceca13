/**
 * The sign-in throttle's rules, pure: the server locks the rows, asks these what to do, writes
 * what they return. An attempt is counted (reserved) before its password is checked, so that
 * guesses sent at once are counted like guesses sent one by one; a right password then
 * releases its reservation.
 */
import type { AccountThrottlePolicy, AddressThrottlePolicy, LoginThrottlePolicy } from '../config.js';

/** One counter: failures (and attempts still being checked) since `windowStartedAt`. */
export interface ThrottleRow {
  failures: number;
  windowStartedAt: Date;
  /** Account: locked until. Address: no attempt before (the growing delay). */
  blockedUntil: Date | null;
}

/** The three counters an attempt touches: the username, the address, and the username at that address. */
export interface AttemptRows {
  account: ThrottleRow;
  address: ThrottleRow;
  pair: ThrottleRow;
}

export type RefusalReason = 'account_locked' | 'address_slowed';

export type Reservation =
  | { kind: 'refused'; reason: RefusalReason; until: Date; account: ThrottleRow }
  /** `position`: the account's count with this attempt, which tells a success whether others were counted after it. */
  | { kind: 'reserved'; countsOnAddress: boolean; position: number; rows: AttemptRows };

/** The counter as of `now`: a window that is over starts again from nothing. */
export function current(row: ThrottleRow, windowSeconds: number, now: Date): ThrottleRow {
  if (row.windowStartedAt.getTime() + windowSeconds * 1000 > now.getTime()) return row;
  return { failures: 0, windowStartedAt: now, blockedUntil: row.blockedUntil };
}

const inForce = (until: Date | null, now: Date): until is Date => until !== null && until.getTime() > now.getTime();

function lock(policy: AccountThrottlePolicy, now: Date): ThrottleRow {
  return { failures: 0, windowStartedAt: now, blockedUntil: new Date(now.getTime() + policy.lockoutSeconds * 1000) };
}

/** The wait before the next attempt from an address that has `failures` counted. */
export function addressDelayMs(failures: number, policy: AddressThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.firstDelaySeconds * 2 ** doublings, policy.maxDelaySeconds) * 1000;
}

/**
 * Before the password is checked. A locked account is refused (even the right password); so
 * is an attempt beyond the account's allowance while others are still being checked, and that
 * locks the account. An address in its delay is refused for every username until it ends.
 * Otherwise the attempt counts as a failure on all three counters until it is shown right.
 */
export function reserveAttempt(rows: AttemptRows, policy: LoginThrottlePolicy, now: Date): Reservation {
  const account = current(rows.account, policy.account.windowSeconds, now);
  if (inForce(account.blockedUntil, now)) return { kind: 'refused', reason: 'account_locked', until: account.blockedUntil, account };
  if (account.failures >= policy.account.maxFailures) {
    const locked = lock(policy.account, now);
    return { kind: 'refused', reason: 'account_locked', until: locked.blockedUntil as Date, account: locked };
  }
  const address = current(rows.address, policy.address.windowSeconds, now);
  if (inForce(address.blockedUntil, now)) return { kind: 'refused', reason: 'address_slowed', until: address.blockedUntil, account };
  const pair = current(rows.pair, policy.address.windowSeconds, now);
  const countsOnAddress = pair.failures < policy.address.failuresPerUsername;
  const addressFailures = address.failures + (countsOnAddress ? 1 : 0);
  const delay = addressDelayMs(addressFailures, policy.address);
  return {
    kind: 'reserved',
    countsOnAddress,
    position: account.failures + 1,
    rows: {
      account: { ...account, failures: account.failures + 1 },
      address: { ...address, failures: addressFailures, blockedUntil: delay > 0 ? new Date(now.getTime() + delay) : address.blockedUntil },
      pair: { ...pair, failures: pair.failures + 1 },
    },
  };
}

export type FailureOutcome =
  /** The account has room left, or this very failure used the last of it (then it is locked now). */
  | { kind: 'wrong'; account: ThrottleRow; lockedNow: boolean }
  /** Another attempt locked the account while this one was checked. */
  | { kind: 'locked'; until: Date; account: ThrottleRow };

/** A wrong password: its reservation stays a failure; the one that reaches the allowance locks. */
export function failedAttempt(account: ThrottleRow, policy: AccountThrottlePolicy, now: Date): FailureOutcome {
  if (inForce(account.blockedUntil, now)) return { kind: 'locked', until: account.blockedUntil, account };
  const counted = current(account, policy.windowSeconds, now);
  if (counted.failures >= policy.maxFailures) return { kind: 'wrong', account: lock(policy, now), lockedNow: true };
  return { kind: 'wrong', account: counted, lockedNow: false };
}

export type SuccessOutcome =
  | { kind: 'signedIn'; rows: AttemptRows }
  | { kind: 'locked'; until: Date };

/**
 * A right password. If a concurrent attempt locked the account meanwhile it is refused like
 * any other. Else the failures before it are forgiven (the user is back), unless attempts were
 * counted after it (guesses still being checked): then only its own is released, so that a
 * right password among a burst of guesses does not reopen the account to more of them. The
 * address and the pair get this attempt's reservation back, and the address its delay if it
 * falls below the free failures again.
 */
export function succeededAttempt(
  rows: AttemptRows,
  reservation: { countsOnAddress: boolean; position: number },
  policy: AddressThrottlePolicy,
  now: Date,
): SuccessOutcome {
  if (inForce(rows.account.blockedUntil, now)) return { kind: 'locked', until: rows.account.blockedUntil };
  const release = (row: ThrottleRow): ThrottleRow => ({ ...row, failures: Math.max(0, row.failures - 1) });
  const releaseAddress = (row: ThrottleRow): ThrottleRow => {
    const released = release(row);
    // Sign-ins at once from one address (a NAT at shift change) were counted while checked: the
    // delay they started ends when they turn out right.
    return released.failures < policy.freeFailures ? { ...released, blockedUntil: null } : released;
  };
  const { failures } = rows.account;
  // Fewer than its position: the count started again since (a new window), without this attempt in it.
  const account = failures === reservation.position ? { ...rows.account, failures: 0 } : failures > reservation.position ? release(rows.account) : rows.account;
  return {
    kind: 'signedIn',
    rows: {
      account,
      address: reservation.countsOnAddress ? releaseAddress(rows.address) : rows.address,
      pair: release(rows.pair),
    },
  };
}
