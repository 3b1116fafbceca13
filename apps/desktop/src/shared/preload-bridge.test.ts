import { describe, expect, it } from 'vitest';
import { createPreloadBridge } from './preload-bridge.js';
import type { PreloadIpc } from './preload-bridge.js';
import { HOST_CHANNELS, HOST_EVENT_NAMES } from './protocol/channels.js';

function fakeIpc() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(event: unknown, data: unknown) => void>>();
  const ipc: PreloadIpc = {
    invoke: async (channel, payload) => {
      invoked.push([channel, payload]);
      return { ok: true, value: channel };
    },
    on: (channel, handler) => void listeners.set(channel, (listeners.get(channel) ?? new Set()).add(handler)),
    removeListener: (channel, handler) => void listeners.get(channel)?.delete(handler),
  };
  const push = (channel: string, data: unknown) => listeners.get(channel)?.forEach((handler) => handler({}, data));
  return { ipc, invoked, listeners, push };
}

describe('the preload bridge', () => {
  it('forwards every declared host request on its own IPC channel, and nothing else', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    for (const channel of HOST_CHANNELS) await bridge.invoke(channel, {} as never);
    expect(invoked.map(([channel]) => channel)).toEqual(HOST_CHANNELS.map((channel) => `hms:${channel}`));
    const refused = await bridge.invoke('fs.readFile' as never, {} as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(invoked).toHaveLength(HOST_CHANNELS.length);
  });

  it('subscribes to declared host events only, and unsubscribes', () => {
    const { ipc, listeners, push } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const seen: unknown[] = [];
    const stop = bridge.subscribe('reception.changed', (change) => seen.push(change));
    push('hms:event:reception.changed', { what: 'checkIns' });
    expect(seen).toEqual([{ what: 'checkIns' }]);
    stop();
    push('hms:event:reception.changed', { what: 'overview' });
    expect(seen).toHaveLength(1);
    bridge.subscribe('not.an.event' as never, () => undefined);
    expect([...listeners.keys()]).toEqual(['hms:event:reception.changed']);
    expect(HOST_EVENT_NAMES).toContain('reception.changed');
  });
});
