import { describe, expect, it } from 'vitest';
import type { LoginThrottlePolicy } from '../config.js';
import { addressDelayMs, failedAttempt, reserveAttempt, succeededAttempt } from './throttle-rules.js';
import type { AttemptRows, Reservation, ThrottleRow } from './throttle-rules.js';

const policy: LoginThrottlePolicy = {
  account: { maxFailures: 5, windowSeconds: 900, lockoutSeconds: 900 },
  address: { freeFailures: 10, failuresPerUsername: 3, firstDelaySeconds: 1, maxDelaySeconds: 60, windowSeconds: 900 },
};
const t0 = new Date('2026-03-02T08:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const empty = (now = t0): ThrottleRow => ({ failures: 0, windowStartedAt: now, blockedUntil: null });
const fresh = (): AttemptRows => ({ account: empty(), address: empty(), pair: empty() });

function reserved(reservation: Reservation): Extract<Reservation, { kind: 'reserved' }> {
  if (reservation.kind !== 'reserved') throw new Error(`refused: ${reservation.reason}`);
  return reservation;
}

describe('reserveAttempt', () => {
  it('counts an attempt on the account, the address and the pair before its password is checked', () => {
    const reservation = reserved(reserveAttempt(fresh(), policy, t0));
    expect(reservation).toMatchObject({ countsOnAddress: true, position: 1 });
    expect([reservation.rows.account.failures, reservation.rows.address.failures, reservation.rows.pair.failures]).toEqual([1, 1, 1]);
  });

  it('lets at most the allowance through at once; the next one is refused and locks the account', () => {
    let rows = fresh();
    for (let n = 1; n <= 5; n += 1) rows = reserved(reserveAttempt(rows, policy, t0)).rows;
    const sixth = reserveAttempt(rows, policy, t0);
    expect(sixth).toMatchObject({ kind: 'refused', reason: 'account_locked', until: at(900_000), account: { failures: 0, blockedUntil: at(900_000) } });
  });

  it('refuses a locked account until the lockout ends, then starts counting again', () => {
    const rows = { ...fresh(), account: { failures: 0, windowStartedAt: t0, blockedUntil: at(900_000) } };
    expect(reserveAttempt(rows, policy, at(899_999))).toMatchObject({ kind: 'refused', reason: 'account_locked' });
    expect(reserved(reserveAttempt(rows, policy, at(900_000))).position).toBe(1);
  });

  it('forgets failures once their window is over', () => {
    const rows = { ...fresh(), account: { failures: 4, windowStartedAt: t0, blockedUntil: null } };
    expect(reserved(reserveAttempt(rows, policy, at(899_000))).position).toBe(5);
    expect(reserved(reserveAttempt(rows, policy, at(900_000))).rows.account).toEqual({ failures: 1, windowStartedAt: at(900_000), blockedUntil: null });
  });

  it('counts one username at most three times against its address', () => {
    const rows = { ...fresh(), address: { failures: 4, windowStartedAt: t0, blockedUntil: null }, pair: { failures: 3, windowStartedAt: t0, blockedUntil: null } };
    const reservation = reserved(reserveAttempt(rows, policy, t0));
    expect(reservation.countsOnAddress).toBe(false);
    expect([reservation.rows.address.failures, reservation.rows.pair.failures]).toEqual([4, 4]);
  });

  it('delays an address after its free failures, for every username, without touching the account', () => {
    const rows = { ...fresh(), address: { failures: 9, windowStartedAt: t0, blockedUntil: null } };
    const tenth = reserved(reserveAttempt(rows, policy, t0));
    expect(tenth.rows.address).toMatchObject({ failures: 10, blockedUntil: at(1_000) });
    const next = { ...fresh(), address: tenth.rows.address };
    expect(reserveAttempt(next, policy, at(999))).toMatchObject({ kind: 'refused', reason: 'address_slowed', until: at(1_000), account: { failures: 0 } });
    expect(reserved(reserveAttempt(next, policy, at(1_000))).rows.address).toMatchObject({ failures: 11, blockedUntil: at(3_000) });
  });
});

describe('addressDelayMs', () => {
  it('is nothing up to the free failures, then doubles from one second up to a minute', () => {
    expect([9, 10, 11, 12, 13, 14, 15, 16, 17, 40].map((failures) => addressDelayMs(failures, policy.address) / 1000)).toEqual([0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });
});

describe('failedAttempt', () => {
  it('keeps the reservation as a failure; the one that reaches the allowance locks the account', () => {
    expect(failedAttempt({ failures: 4, windowStartedAt: t0, blockedUntil: null }, policy.account, t0)).toEqual({
      kind: 'wrong',
      account: { failures: 4, windowStartedAt: t0, blockedUntil: null },
      lockedNow: false,
    });
    expect(failedAttempt({ failures: 5, windowStartedAt: t0, blockedUntil: null }, policy.account, at(10))).toEqual({
      kind: 'wrong',
      account: { failures: 0, windowStartedAt: at(10), blockedUntil: at(900_010) },
      lockedNow: true,
    });
  });

  it('reports a lock that another attempt set while this one was checked', () => {
    expect(failedAttempt({ failures: 0, windowStartedAt: t0, blockedUntil: at(900_000) }, policy.account, at(50))).toMatchObject({ kind: 'locked', until: at(900_000) });
  });
});

describe('succeededAttempt', () => {
  it('forgives the failures before it and gives the address and pair their reservation back', () => {
    const rows: AttemptRows = {
      account: { failures: 4, windowStartedAt: t0, blockedUntil: null },
      address: { failures: 6, windowStartedAt: t0, blockedUntil: null },
      pair: { failures: 4, windowStartedAt: t0, blockedUntil: null },
    };
    expect(succeededAttempt(rows, { countsOnAddress: true, position: 4 }, policy.address, t0)).toEqual({
      kind: 'signedIn',
      rows: { account: { ...rows.account, failures: 0 }, address: { ...rows.address, failures: 5 }, pair: { ...rows.pair, failures: 3 } },
    });
    expect(succeededAttempt(rows, { countsOnAddress: false, position: 4 }, policy.address, t0)).toMatchObject({ rows: { address: { failures: 6 } } });
  });

  it('ends the delay that sign-ins at once started, once the address is below its free failures again', () => {
    const rows: AttemptRows = { account: empty(), address: { failures: 10, windowStartedAt: t0, blockedUntil: at(1_000) }, pair: empty() };
    expect(succeededAttempt(rows, { countsOnAddress: true, position: 1 }, policy.address, t0)).toMatchObject({ rows: { address: { failures: 9, blockedUntil: null } } });
    const busier = { ...rows, address: { ...rows.address, failures: 12 } };
    expect(succeededAttempt(busier, { countsOnAddress: true, position: 1 }, policy.address, t0)).toMatchObject({ rows: { address: { failures: 11, blockedUntil: at(1_000) } } });
  });

  it('releases only its own attempt when guesses were counted after it', () => {
    const rows: AttemptRows = { account: { failures: 5, windowStartedAt: t0, blockedUntil: null }, address: empty(), pair: empty() };
    expect(succeededAttempt(rows, { countsOnAddress: true, position: 2 }, policy.address, t0)).toMatchObject({ kind: 'signedIn', rows: { account: { failures: 4 } } });
  });

  it('is refused when a concurrent attempt locked the account meanwhile', () => {
    const rows: AttemptRows = { account: { failures: 0, windowStartedAt: t0, blockedUntil: at(900_000) }, address: empty(), pair: empty() };
    expect(succeededAttempt(rows, { countsOnAddress: true, position: 3 }, policy.address, at(80))).toEqual({ kind: 'locked', until: at(900_000) });
  });
});
