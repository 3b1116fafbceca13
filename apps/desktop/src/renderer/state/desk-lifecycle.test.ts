import type { SessionUser } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { ConnectionState, HostStatus, SessionStatus } from '../../shared/protocol/status.js';
import { deskStep } from './desk-lifecycle.js';

const user = { id: '00000000-0000-4000-8000-000000000001', username: 'receptionist', displayName: 'Demo Receptionist', roles: ['receptionist'] } as unknown as SessionUser;
const signedIn: SessionStatus = { state: 'signedIn', user, expiresAt: '2026-12-02T12:00:00.000Z' };
const locked: SessionStatus = { state: 'locked', user, expiresAt: '2026-12-02T12:00:00.000Z' };
const signedOut: SessionStatus = { state: 'signedOut' };

function status(session: SessionStatus, connection: ConnectionState = 'connected'): HostStatus {
  return { session, connection: { state: connection, serverUrl: 'http://hms:7400', since: '2026-12-02T08:00:00.000Z' }, outbox: { pending: 0, conflicts: 0, draining: false } };
}

describe('when desks load, reload and reset', () => {
  it('loads once per sign-in, also when the page opens on a session still signed in', () => {
    expect(deskStep(status(signedOut), status(signedIn), false)).toBe('load');
    expect(deskStep(undefined, status(signedIn), false)).toBe('load');
    expect(deskStep(status(signedIn), status(signedIn), true)).toBeUndefined();
  });

  it('reloads when the link comes back while signed in, not while locked', () => {
    expect(deskStep(status(signedIn, 'offline'), status(signedIn, 'connected'), true)).toBe('reload');
    expect(deskStep(status(signedIn, 'connecting'), status(signedIn, 'connected'), true)).toBe('reload');
    expect(deskStep(status(locked, 'offline'), status(locked, 'connected'), true)).toBeUndefined();
    expect(deskStep(status(signedIn, 'connected'), status(signedIn, 'offline'), true)).toBeUndefined();
  });

  it('waits for the unlock of a page opened on a locked session, then loads', () => {
    expect(deskStep(undefined, status(locked), false)).toBeUndefined();
    expect(deskStep(status(locked), status(signedIn), false)).toBe('load');
    expect(deskStep(status(locked), status(signedIn), true)).toBeUndefined();
  });

  it('resets when the session ends, however it ends', () => {
    expect(deskStep(status(signedIn), status({ state: 'signedOut', reason: 'expired' }), true)).toBe('reset');
    expect(deskStep(status(locked), status({ state: 'signedOut', reason: 'lockedOut' }), true)).toBe('reset');
    expect(deskStep(undefined, status(signedOut), false)).toBeUndefined();
  });
});
