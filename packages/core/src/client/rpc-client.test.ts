import { describe, expect, it } from 'vitest';
import { HmsError } from '../errors.js';
import { RpcClient } from './rpc-client.js';

function harness() {
  const sent: Array<{ id: number; method: string; params: unknown; idempotencyKey?: string }> = [];
  const timers: Array<{ callback: () => void; cancelled: boolean }> = [];
  let connected = true;
  const client = new RpcClient({
    send: (frame) => {
      if (!connected) throw new Error('closed');
      sent.push(JSON.parse(frame));
    },
    schedule: (callback) => {
      const timer = { callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  return { client, sent, timers, disconnect: () => (connected = false) };
}

describe('RpcClient', () => {
  it('correlates replies by id, whatever their order, and parses results with the contract', async () => {
    const { client, sent } = harness();
    const ping = client.call('system.ping', {});
    const list = client.call('users.list', {});
    expect(sent.map((frame) => frame.method)).toEqual(['system.ping', 'users.list']);
    client.handleFrame(JSON.stringify({ id: sent[1]!.id, result: { items: [] } }));
    client.handleFrame(JSON.stringify({ id: sent[0]!.id, result: { now: '2026-03-02T08:00:00.000Z' } }));
    await expect(list).resolves.toEqual({ items: [] });
    await expect(ping).resolves.toEqual({ now: '2026-03-02T08:00:00.000Z' });
    expect(client.inFlight).toBe(0);
  });

  it('rejects with the typed error from the wire', async () => {
    const { client, sent } = harness();
    const call = client.call('users.list', {});
    client.handleFrame(JSON.stringify({ id: sent[0]!.id, error: { code: 'FORBIDDEN', message: 'No.', details: { method: 'users.list' } } }));
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HmsError);
    expect(error).toMatchObject({ code: 'FORBIDDEN', details: { method: 'users.list' } });
  });

  it('rejects a reply that breaks the contract instead of passing it on', async () => {
    const { client, sent } = harness();
    const call = client.call('system.ping', {});
    client.handleFrame(JSON.stringify({ id: sent[0]!.id, result: { now: 42 } }));
    await expect(call).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('sends the idempotency key with the request', () => {
    const { client, sent } = harness();
    void client.call('system.announce', { message: 'x' }, { idempotencyKey: 'desk-1:000042' }).catch(() => undefined);
    expect(sent[0]).toMatchObject({ method: 'system.announce', idempotencyKey: 'desk-1:000042' });
  });

  it('times out a call with UNAVAILABLE, and fails every call in flight when the transport closes', async () => {
    const { client, timers, disconnect } = harness();
    const slow = client.call('system.ping', {});
    timers[0]!.callback();
    await expect(slow).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { timeout: true } });
    const a = client.call('system.ping', {});
    const b = client.call('users.list', {});
    client.failAll();
    await expect(a).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(b).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    disconnect();
    await expect(client.call('system.ping', {})).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { disconnected: true } });
    expect(timers.slice(1).every((timer) => timer.cancelled)).toBe(true);
  });

  it('hands valid events to listeners and ignores junk and unknown events', () => {
    const { client } = harness();
    const seen: unknown[] = [];
    client.onEvent((event) => seen.push(event));
    client.handleFrame('not json');
    client.handleFrame(JSON.stringify({ event: 'made.up', seq: 1, data: {} }));
    client.handleFrame(JSON.stringify({ event: 'system.announcement', seq: 2, data: { message: 'missing fields' } }));
    client.handleFrame(JSON.stringify({ event: 'system.announcement', seq: 3, data: { message: 'Hi', severity: 'info', from: 'IT', at: '2026-03-02T08:00:00.000Z' } }));
    client.handleFrame(JSON.stringify({ id: 999, result: {} }));
    expect(seen).toEqual([{ event: 'system.announcement', seq: 3, data: { message: 'Hi', severity: 'info', from: 'IT', at: '2026-03-02T08:00:00.000Z' } }]);
  });
});
