import { SERVER_CLOSE_CODES } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { ManualClock, createTestSession, createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

const clock = new ManualClock();
const SIGN_IN_DEADLINE_MS = 2_000;
let nurse: TestUser;

const stack = useTestStack({
  clock,
  limits: { burst: 20, perSecond: 10, maxInFlight: 64, floodCloseAfterMs: 3_000, floodQuietMs: 1_000 },
  sockets: { signInDeadlineMs: SIGN_IN_DEADLINE_MS, maxUnauthenticatedPerAddress: 5 },
  setup: async () => {
    nurse = await createTestUser(stack.db, 'limits.nurse', ['nurse']);
  },
});

/** Signed in from `localAddress` through a session made directly (no password hashing). */
async function resumedFrom(localAddress: string): Promise<TestClient> {
  const client = await stack.connect(undefined, { localAddress });
  await client.call('auth.resume', { token: await createTestSession(stack.db, nurse.id, clock.now()) });
  return client;
}

const closedWith = async (client: TestClient, timeoutMs = 5_000) => {
  await client.waitFor(() => client.closed !== undefined, timeoutMs);
  return client.closed;
};

describe('sockets that do not sign in', () => {
  it('are closed at the sign-in deadline (4401, with the reason); signed-in ones stay', async () => {
    const opened = performance.now();
    const idle = await stack.connect(undefined, { localAddress: '127.0.1.1' });
    const working = await resumedFrom('127.0.1.1');
    expect(await closedWith(idle)).toEqual({ code: SERVER_CLOSE_CODES.signInDeadline, reason: 'Not signed in within 2 s: connect again to sign in' });
    expect(performance.now() - opened).toBeGreaterThanOrEqual(SIGN_IN_DEADLINE_MS - 50);
    expect(working.closed).toBeUndefined();
    await expect(working.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });
  });

  it('get the deadline again after signing out', async () => {
    const client = await resumedFrom('127.0.1.2');
    await expect(client.call('auth.logout', {})).resolves.toEqual({ ok: true });
    expect((await closedWith(client))?.code).toBe(SERVER_CLOSE_CODES.signInDeadline);
  });

  it('are capped per address (1013 for one more); signed-in sockets and other addresses do not count', async () => {
    const signedIn = await resumedFrom('127.0.1.3');
    const waiting = await Promise.all(Array.from({ length: 5 }, () => stack.connect(undefined, { localAddress: '127.0.1.3' })));
    const oneMore = await stack.connect(undefined, { localAddress: '127.0.1.3' });
    expect(await closedWith(oneMore)).toEqual({
      code: SERVER_CLOSE_CODES.tooManyWaiting,
      reason: 'Too many connections waiting to sign in from this address: try again later',
    });
    const otherDesk = await stack.connect(undefined, { localAddress: '127.0.1.4' });

    // One of the five signs in: its place is free for the next one.
    await waiting[0]!.call('auth.resume', { token: await createTestSession(stack.db, nurse.id, clock.now()) });
    const next = await stack.connect(undefined, { localAddress: '127.0.1.3' });
    await expect(next.call('system.ping', {}).catch((error: { code: string }) => error.code)).resolves.toBe('UNAUTHENTICATED');

    for (const client of [...waiting, signedIn, otherDesk, next]) expect(client.closed).toBeUndefined();
  });
});

describe('floods', () => {
  /** Sends `count` pings at once and waits for every answer; returns how many were answered ok. */
  async function burst(client: TestClient, count: number): Promise<number> {
    const replies = await Promise.allSettled(Array.from({ length: count }, () => client.call('system.ping', {})));
    return replies.filter((reply) => reply.status === 'fulfilled').length;
  }

  it('closes (1008) a socket that stays over its rate for the flood time, though some of its requests get through', async () => {
    const client = await resumedFrom('127.0.1.5');
    await burst(client, 20); // the burst allowance spent
    let answered = 0;
    let steps = 0;
    // Twice its rate, on end: every 100 ms one request has a token, the other is refused.
    while (client.closed === undefined && steps < 60) {
      answered += await burst(client, 2);
      clock.advance(100);
      steps += 1;
    }
    expect(client.closed).toEqual({ code: SERVER_CLOSE_CODES.flooding, reason: 'Too many requests for too long' });
    expect(steps * 100).toBeGreaterThanOrEqual(3_000);
    expect(steps * 100).toBeLessThanOrEqual(3_300);
    expect(answered).toBeGreaterThanOrEqual(25);
  });

  it('keeps a socket whose bursts are refused but that goes quiet in between', async () => {
    const client = await resumedFrom('127.0.1.6');
    for (let round = 0; round < 6; round += 1) {
      expect(await burst(client, 40)).toBeLessThan(40);
      clock.advance(1_500);
    }
    await expect(client.call('system.ping', {})).resolves.toEqual({ now: clock.now().toISOString() });
    expect(client.closed).toBeUndefined();
  });
});
