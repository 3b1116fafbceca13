import type { ClientEvent } from '@hms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, startServerProcess, useTestStack } from '../test-support/index.js';
import type { ServerProcess, TestUser } from '../test-support/index.js';

let admin: TestUser;
let nurse: TestUser;

const stack = useTestStack({
  setup: async () => {
    admin = await createTestUser(stack.db, 'ev.admin', ['admin']);
    nurse = await createTestUser(stack.db, 'ev.nurse', ['nurse']);
  },
});

const messages = (events: ClientEvent[]) => events.map((event) => (event.event === 'system.announcement' ? event.data.message : event.event));

describe('live events', () => {
  it('reach every signed-in socket after the write commits, and no anonymous one', async () => {
    const sender = await stack.signedIn(admin);
    const listener = await stack.signedIn(nurse);
    const anonymous = await stack.connect();
    await sender.call('system.announce', { message: 'Fire drill at 10:00', severity: 'warning' });
    const event = await listener.waitForEvent((candidate) => candidate.event === 'system.announcement');
    expect(event).toMatchObject({ event: 'system.announcement', data: { message: 'Fire drill at 10:00', severity: 'warning', from: 'Test ev.admin' } });
    expect(event.seq).toBeGreaterThan(0);
    // A later announcement, once the same socket has signed in, is the marker: had the first
    // one gone to it while anonymous, it would have arrived before this one.
    await anonymous.signIn(nurse.username, nurse.password);
    await sender.call('system.announce', { message: 'marker' });
    await anonymous.waitForEvent((candidate) => candidate.event === 'system.announcement' && candidate.data.message === 'marker');
    expect(messages(anonymous.events)).toEqual(['marker']);
  });

  it('are not sent when the write fails', async () => {
    const listener = await stack.signedIn(nurse);
    const before = (await stack.db('events').count({ n: '*' }))[0]!.n;
    const sender = await stack.signedIn(admin);
    await sender.callError('system.announce', { message: '' });
    // The next write's event is the marker: events reach a socket in commit order.
    await sender.call('system.announce', { message: 'after the failure' });
    await listener.waitForEvent((candidate) => candidate.event === 'system.announcement' && candidate.data.message === 'after the failure');
    expect(messages(listener.events)).toEqual(['after the failure']);
    expect((await stack.db('events').count({ n: '*' }))[0]!.n).toBe(Number(before) + 1);
  });
});

describe('events.resume', () => {
  it('replays exactly what a reconnecting workstation missed, in order, with no gaps or repeats', async () => {
    const sender = await stack.signedIn(admin);
    const desk = await stack.signedIn(nurse);
    await sender.call('system.announce', { message: 'r1' });
    await desk.waitForEvent((event) => event.event === 'system.announcement' && event.data.message === 'r1');
    const lastSeen = desk.events.at(-1)!.seq;
    await desk.close();

    for (const message of ['r2', 'r3', 'r4']) await sender.call('system.announce', { message });

    const back = await stack.signedIn(nurse);
    const resumed = await back.call('events.resume', { afterSeq: lastSeen });
    expect(resumed.complete).toBe(true);
    expect(messages(back.events)).toEqual(['r2', 'r3', 'r4']);
    expect(resumed.lastSeq).toBe(back.events.at(-1)!.seq);

    // Live delivery continues after the replay, without repeating it.
    await sender.call('system.announce', { message: 'r5' });
    await back.waitForEvent((event) => event.event === 'system.announcement' && event.data.message === 'r5');
    expect(messages(back.events)).toEqual(['r2', 'r3', 'r4', 'r5']);
  });

  it('has no gap or repeat when events keep coming during the resume', async () => {
    const sender = await stack.signedIn(admin);
    const start = ((await stack.db('events').max({ max: 'seq' }))[0]!.max as number | null) ?? 0;
    const flood = (async () => {
      for (let n = 0; n < 40; n += 1) await sender.call('system.announce', { message: `f${n}` });
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const desk = await stack.signedIn(nurse);
    await desk.call('events.resume', { afterSeq: start });
    await flood;
    await desk.waitFor(() => desk.events.filter((event) => event.event === 'system.announcement').length >= 40, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Live events may overtake the replay until its reply arrives; by seq, the stream is whole.
    const bySeq = [...desk.events].sort((a, b) => a.seq - b.seq);
    expect(messages(bySeq)).toEqual(Array.from({ length: 40 }, (_, n) => `f${n}`));
    expect(new Set(desk.events.map((event) => event.seq)).size).toBe(40);
  });

  it('says the replay is incomplete when the workstation knows a later seq than the server', async () => {
    const desk = await stack.signedIn(nurse);
    const resumed = await desk.call('events.resume', { afterSeq: 10_000_000 });
    expect(resumed.complete).toBe(false);
  });
});

describe('several server processes on one database', () => {
  let other: ServerProcess;

  beforeAll(async () => {
    other = await startServerProcess({ DATABASE_URL: stack.database.url });
  });

  afterAll(async () => {
    await other.stop();
  });

  it('deliver each other\'s events through LISTEN/NOTIFY', async () => {
    const onThis = await stack.signedIn(nurse);
    const onOther = await stack.connect(other.wsUrl);
    await onOther.signIn(nurse.username, nurse.password);
    const senderOnOther = await stack.connect(other.wsUrl);
    await senderOnOther.signIn(admin.username, admin.password);
    const senderOnThis = await stack.signedIn(admin);

    await senderOnOther.call('system.announce', { message: 'from the other process' });
    await onThis.waitForEvent((event) => event.event === 'system.announcement' && event.data.message === 'from the other process');
    await senderOnThis.call('system.announce', { message: 'from this process' });
    await onOther.waitForEvent((event) => event.event === 'system.announcement' && event.data.message === 'from this process');
    await onThis.waitForEvent((event) => event.event === 'system.announcement' && event.data.message === 'from this process');
    await onOther.waitForEvent((event) => event.event === 'system.announcement' && event.data.message === 'from the other process');
    expect(messages(onThis.events)).toEqual(messages(onOther.events));
    expect(onThis.events.map((event) => event.seq)).toEqual(onOther.events.map((event) => event.seq));
  });
});
