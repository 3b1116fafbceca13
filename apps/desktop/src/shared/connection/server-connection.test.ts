import { SERVER_CLOSE_CODES } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../protocol/status.js';
import type { OpenSocket, Runtime, SocketEvents } from './runtime.js';
import { ServerConnection, memoryCursorStore } from './server-connection.js';
import type { SessionChange } from './server-connection.js';

/** A runtime whose clock and timers a test moves by hand. */
class FakeRuntime implements Runtime {
  time = 0;
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  now = () => this.time;
  random = () => 0.5;
  schedule = (callback: () => void, ms: number) => {
    const timer = { at: this.time + ms, callback, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = this.timers.filter((timer) => !timer.cancelled && timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      next.cancelled = true;
      this.time = next.at;
      next.callback();
    }
    this.time = until;
  }
}

interface FakeSocket {
  url: string;
  events: SocketEvents;
  sent: { id: number; method: string; params: unknown }[];
  closed: boolean;
}

function fakeSockets() {
  const sockets: FakeSocket[] = [];
  const open: OpenSocket = (url, events) => {
    const socket: FakeSocket = { url, events, sent: [], closed: false };
    sockets.push(socket);
    return {
      send: (text) => {
        if (socket.closed) throw new Error('closed');
        socket.sent.push(JSON.parse(text) as FakeSocket['sent'][number]);
      },
      close: () => {
        socket.closed = true;
      },
    };
  };
  return { sockets, open };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function reply(socket: FakeSocket, method: string, result: unknown): void {
  const request = socket.sent.findLast((frame) => frame.method === method);
  if (request === undefined) throw new Error(`no ${method} sent`);
  socket.events.message(JSON.stringify({ id: request.id, result }));
}

function push(socket: FakeSocket, seq: number, message = `notice ${seq}`): void {
  socket.events.message(JSON.stringify({
    event: 'system.announcement',
    seq,
    data: { message, severity: 'info', from: 'Admin', at: '2026-03-02T08:00:00.000Z' },
  }));
}

const user = { id: '0b7f7c7e-3f6b-4a7c-9a57-2f7d1c8e9a10', username: 'reception', displayName: 'Rita', roles: ['receptionist'], mustChangePassword: false };

async function signedIn(cursorSeq?: number) {
  const runtime = new FakeRuntime();
  const { sockets, open } = fakeSockets();
  const cursor = memoryCursorStore();
  if (cursorSeq !== undefined) cursor.save('http://hms:7400', cursorSeq);
  const connection = new ServerConnection({
    serverUrl: 'http://hms:7400', openSocket: open, runtime, cursor, workstationId: 'desk-1',
    backoff: { baseMs: 1_000, capMs: 8_000 }, pingIntervalMs: 0,
  });
  const statuses: ConnectionStatus[] = [];
  const sessions: SessionChange[] = [];
  const seqs: number[] = [];
  connection.onStatus((status) => statuses.push(status));
  connection.onSession((change) => sessions.push(change));
  connection.onEvent((event) => seqs.push(event.seq));
  connection.start();
  const first = sockets[0]!;
  first.events.open();
  await flush();
  const signingIn = connection.signIn('reception', 'secret');
  await flush();
  reply(first, 'auth.login', { token: 'tok-1', user, expiresAt: '2026-03-02T20:00:00.000Z' });
  await flush();
  return { runtime, sockets, connection, cursor, statuses, sessions, seqs, first, signingIn };
}

describe('ServerConnection', () => {
  it('connects to the /ws address of the server', async () => {
    const { first, statuses } = await signedIn();
    expect(first.url).toBe('ws://hms:7400/ws');
    expect(statuses.map((status) => status.state)).toEqual(['connecting', 'connected']);
  });

  it('a workstation without a cursor starts from now, then follows live events', async () => {
    const { first, signingIn, connection, seqs } = await signedIn();
    expect(first.sent.at(-1)).toMatchObject({ method: 'events.resume', params: { afterSeq: Number.MAX_SAFE_INTEGER } });
    reply(first, 'events.resume', { lastSeq: 40, complete: false });
    await signingIn;
    expect(connection.eventCursor).toBe(40);
    push(first, 41);
    push(first, 41);
    expect(seqs).toEqual([41]);
    expect(connection.eventCursor).toBe(41);
  });

  it('after a reconnect resumes the session and the events; live events during the replay do not move the cursor', async () => {
    const { first, signingIn, connection, sockets, runtime, seqs, statuses } = await signedIn(10);
    reply(first, 'events.resume', { lastSeq: 12, complete: true });
    await signingIn;
    expect(connection.eventCursor).toBe(12);

    first.closed = true;
    first.events.close(1001, 'Server shutting down');
    expect(connection.status.state).toBe('offline');
    expect(connection.status.nextAttemptAt).toBeDefined();
    runtime.advance(1_000);
    const second = sockets[1]!;
    second.events.open();
    await flush();
    expect(second.sent[0]).toMatchObject({ method: 'auth.resume', params: { token: 'tok-1', workstationId: 'desk-1' } });
    reply(second, 'auth.resume', { user, expiresAt: '2026-03-02T20:00:00.000Z' });
    await flush();
    expect(second.sent[1]).toMatchObject({ method: 'events.resume', params: { afterSeq: 12 } });
    // A live event overtakes the replay: applied, but the cursor must wait for the reply.
    push(second, 20);
    push(second, 13);
    push(second, 14);
    expect(connection.eventCursor).toBe(12);
    reply(second, 'events.resume', { lastSeq: 19, complete: true });
    await flush();
    expect(connection.eventCursor).toBe(19);
    expect(seqs).toEqual([20, 13, 14]);
    // A replay of seq 20 after the next reconnect is not applied twice.
    push(second, 20);
    push(second, 21);
    expect(seqs).toEqual([20, 13, 14, 21]);
    expect(connection.eventCursor).toBe(21);
    expect(statuses.at(-1)?.state).toBe('connected');
  });

  it('a desk left at the sign-in screen past the server\'s deadline connects again at once without showing offline', async () => {
    const runtime = new FakeRuntime();
    const { sockets, open } = fakeSockets();
    const connection = new ServerConnection({
      serverUrl: 'http://hms:7400', openSocket: open, runtime, cursor: memoryCursorStore(), workstationId: 'desk-1',
      backoff: { baseMs: 1_000, capMs: 8_000 }, pingIntervalMs: 0,
    });
    const statuses: ConnectionStatus[] = [];
    connection.onStatus((status) => statuses.push(status));
    connection.start();
    sockets[0]!.events.open();
    await flush();
    sockets[0]!.closed = true;
    sockets[0]!.events.close(SERVER_CLOSE_CODES.signInDeadline, 'Not signed in within 30 s: connect again to sign in');
    // A new socket at once, no backoff, and no offline status on the way.
    expect(sockets).toHaveLength(2);
    sockets[1]!.events.open();
    await flush();
    expect(statuses.map((status) => status.state)).toEqual(['connecting', 'connected']);
    expect(connection.status.state).toBe('connected');
    // Signing in then goes over the new socket.
    const signingIn = connection.signIn('reception', 'secret');
    await flush();
    reply(sockets[1]!, 'auth.login', { token: 'tok-1', user, expiresAt: '2026-03-02T20:00:00.000Z' });
    await flush();
    reply(sockets[1]!, 'events.resume', { lastSeq: 3, complete: false });
    await signingIn;
    expect(connection.eventCursor).toBe(3);
  });

  it('a signed-in desk closed with the sign-in deadline code still goes offline and backs off', async () => {
    const { first, signingIn, connection } = await signedIn(1);
    reply(first, 'events.resume', { lastSeq: 1, complete: true });
    await signingIn;
    first.events.close(SERVER_CLOSE_CODES.signInDeadline, 'Not signed in');
    expect(connection.status.state).toBe('offline');
    expect(connection.status.nextAttemptAt).toBeDefined();
  });

  it('backs off with growing, capped delays while the server stays away', async () => {
    const { first, signingIn, runtime, sockets, connection } = await signedIn(1);
    reply(first, 'events.resume', { lastSeq: 1, complete: true });
    await signingIn;
    first.events.close(1006, '');
    const delays: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const due = Date.parse(connection.status.nextAttemptAt!) - runtime.now();
      delays.push(due);
      runtime.advance(due);
      sockets.at(-1)!.events.error('connect ECONNREFUSED');
      sockets.at(-1)!.events.close(1006, '');
    }
    expect(delays).toEqual([750, 1_500, 3_000, 6_000, 6_000, 6_000]);
    expect(connection.status.lastError).toBe('connect ECONNREFUSED');
  });

  it('reports a session the server ended while offline, and asks for a resync when events were pruned', async () => {
    const { first, signingIn, sockets, runtime, sessions, connection } = await signedIn(5);
    let resyncs = 0;
    connection.onResync(() => (resyncs += 1));
    reply(first, 'events.resume', { lastSeq: 5000, complete: false });
    await signingIn;
    expect(resyncs).toBe(1);
    first.events.close(1006, '');
    runtime.advance(1_000);
    const second = sockets[1]!;
    second.events.open();
    await flush();
    second.events.message(JSON.stringify({ id: second.sent[0]!.id, error: { code: 'UNAUTHENTICATED', message: 'Your session has expired.', details: { reason: 'expired' } } }));
    await flush();
    expect(sessions.at(-1)).toEqual({ state: 'signedOut', reason: 'expired', message: 'Your session has expired.' });
    expect(connection.status.state).toBe('connected');
    expect(connection.currentSession).toBeUndefined();
  });

  it('fails calls at once while offline, with UNAVAILABLE', async () => {
    const { first, signingIn, connection } = await signedIn(1);
    reply(first, 'events.resume', { lastSeq: 1, complete: true });
    await signingIn;
    const pending = connection.call('system.ping', {});
    first.events.close(1006, '');
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(connection.call('system.ping', {})).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { offline: true } });
  });
  it('redoes session steps (topic subscriptions) after every sign-in and resume, before the event replay', async () => {
    const { first, signingIn, connection, sockets, runtime } = await signedIn(3);
    reply(first, 'events.resume', { lastSeq: 3, complete: true });
    await signingIn;
    const boards: unknown[] = [];
    connection.addSessionStep('queue:OPD', async (call) => {
      boards.push(await call('queue.watch', { department: 'OPD' }));
    });
    // Signed in and connected: the step runs at once.
    await flush();
    expect(first.sent.at(-1)).toMatchObject({ method: 'queue.watch', params: { department: 'OPD' } });
    const removeRefused = connection.addSessionStep('patients', async (call) => {
      await call('patients.watch', {});
    });
    await flush();
    first.events.message(JSON.stringify({ id: first.sent.at(-1)!.id, error: { code: 'FORBIDDEN', message: 'Not for your role.' } }));
    await flush();
    expect(connection.currentSession).toBeDefined();

    first.events.close(1006, '');
    runtime.advance(1_000);
    const second = sockets[1]!;
    second.events.open();
    await flush();
    reply(second, 'auth.resume', { user, expiresAt: '2026-03-02T20:00:00.000Z' });
    await flush();
    // The subscriptions come back before events.resume, so nothing on those topics is missed.
    expect(second.sent.map((frame) => frame.method)).toEqual(['auth.resume', 'queue.watch']);
    const board = {
      department: 'OPD', departmentName: 'General Outpatient', serviceDate: '2026-03-02', version: 7, nowServing: [], waiting: [],
      limit: 50, waitingCount: 0, waitingByPriority: { emergency: 0, urgent: 0, normal: 0 }, typicalConsultationMinutes: 15, activeServers: 1, at: '2026-03-02T08:00:00.000Z',
    };
    reply(second, 'queue.watch', { topic: 'queue:OPD', board });
    await flush();
    expect(second.sent.map((frame) => frame.method)).toEqual(['auth.resume', 'queue.watch', 'patients.watch']);
    removeRefused();
    reply(second, 'patients.watch', { ok: true });
    await flush();
    expect(second.sent.at(-1)).toMatchObject({ method: 'events.resume', params: { afterSeq: 3 } });
    reply(second, 'events.resume', { lastSeq: 3, complete: true });
    await flush();
    expect(connection.status.state).toBe('connected');
    expect(boards).toEqual([{ topic: 'queue:OPD', board }]);
  });
});
