import type { ClientEvent } from '@hms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, createTestDatabase, createTestUser, startServerProcess, startTestServer } from '../test-support/index.js';
import type { ServerProcess, TestDatabase, TestServer, TestUser } from '../test-support/index.js';

let database: TestDatabase;
let server: TestServer;
let admin: TestUser;
let nurse: TestUser;
const clients: TestClient[] = [];

async function signedIn(user: TestUser, url = server.wsUrl): Promise<TestClient> {
  const client = await TestClient.connect(url);
  clients.push(client);
  await client.signIn(user.username, user.password);
  return client;
}

const messages = (events: ClientEvent[]) => events.map((event) => (event.event === 'system.announcement' ? event.data.message : event.event));

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ db: database.db, databaseUrl: database.url });
  admin = await createTestUser(database.db, 'ev.admin', ['admin']);
  nurse = await createTestUser(database.db, 'ev.nurse', ['nurse']);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.stop();
  await database.drop();
});

describe('live events', () => {
  it('reach every signed-in socket after the write commits, and no anonymous one', async () => {
    const sender = await signedIn(admin);
    const listener = await signedIn(nurse);
    const anonymous = await TestClient.connect(server.wsUrl);
    clients.push(anonymous);
    await sender.call('system.announce', { message: 'Fire drill at 10:00', severity: 'warning' });
    const event = await listener.waitForEvent((candidate) => candidate.event === 'system.announcement');
    expect(event).toMatchObject({ event: 'system.announcement', data: { message: 'Fire drill at 10:00', severity: 'warning', from: 'Test ev.admin' } });
    expect(event.seq).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(anonymous.events).toEqual([]);
  });

  it('are not sent when the write fails', async () => {
    const listener = await signedIn(nurse);
    const before = (await database.db('events').count({ n: '*' }))[0]!.n;
    const sender = await signedIn(admin);
    await sender.callError('system.announce', { message: '' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listener.events).toEqual([]);
    expect((await database.db('events').count({ n: '*' }))[0]!.n).toBe(before);
  });
});

describe('events.resume', () => {
  it('replays exactly what a reconnecting workstation missed, in order, with no gaps or repeats', async () => {
    const sender = await signedIn(admin);
    const desk = await signedIn(nurse);
    await sender.call('system.announce', { message: 'r1' });
    await desk.waitForEvent((event) => event.event === 'system.announcement' && event.data.message === 'r1');
    const lastSeen = desk.events.at(-1)!.seq;
    await desk.close();

    for (const message of ['r2', 'r3', 'r4']) await sender.call('system.announce', { message });

    const back = await signedIn(nurse);
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
    const sender = await signedIn(admin);
    const start = ((await database.db('events').max({ max: 'seq' }))[0]!.max as number | null) ?? 0;
    const flood = (async () => {
      for (let n = 0; n < 40; n += 1) await sender.call('system.announce', { message: `f${n}` });
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const desk = await signedIn(nurse);
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
    const desk = await signedIn(nurse);
    const resumed = await desk.call('events.resume', { afterSeq: 10_000_000 });
    expect(resumed.complete).toBe(false);
  });
});

describe('several server processes on one database', () => {
  let other: ServerProcess;

  beforeAll(async () => {
    other = await startServerProcess({ DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await other.stop();
  });

  it('deliver each other\'s events through LISTEN/NOTIFY', async () => {
    const onThis = await signedIn(nurse);
    const onOther = await signedIn(nurse, other.wsUrl);
    const senderOnOther = await signedIn(admin, other.wsUrl);
    const senderOnThis = await signedIn(admin);

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
