import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { HostBridge } from './ipc.js';
import { HOST_CHANNELS } from './protocol/channels.js';

// The bundled preload (npm test builds it: build:renderer) as a sandboxed Electron preload runs
// it: CommonJS, with `require('electron')` and nothing else.
const bundle = fileURLToPath(new URL('../../dist/preload/bridge.cjs', import.meta.url));

describe('the bundled preload', () => {
  it('needs only electron, and exposes the declared allow-list as window.hmsHost', async () => {
    const required: string[] = [];
    const exposed = new Map<string, unknown>();
    const invoked: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
      ipcRenderer: { invoke: async (channel: string) => (invoked.push(channel), { ok: true, value: null }), on: () => undefined, removeListener: () => undefined },
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(bundle, 'utf8'), {
      module, exports: module.exports,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });
    expect(required).toEqual(['electron']);
    const bridge = exposed.get('hmsHost') as HostBridge;
    await bridge.invoke('reception.checkIns', {});
    expect(await bridge.invoke('shell.openExternal' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(invoked).toEqual(['hms:reception.checkIns']);
    expect(HOST_CHANNELS).toContain('reception.checkIns');
  });
});
