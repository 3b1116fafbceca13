import { ipcEventChannel, ipcRequestChannel } from './ipc.js';
import type { HostBridge } from './ipc.js';
import { isHostChannel, isHostEventName } from './protocol/channels.js';
import type { HostChannel, HostRequest, HostResponse } from './protocol/channels.js';
import { fail } from './result.js';
import type { HostResult } from './result.js';

/** The little of Electron's ipcRenderer the bridge uses. */
export interface PreloadIpc {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, handler: (event: unknown, data: unknown) => void): void;
  removeListener(channel: string, handler: (event: unknown, data: unknown) => void): void;
}

/**
 * The HostBridge Electron's preload exposes to the page: only the declared host requests and
 * events (the allow-list is the declaration itself), each on its own IPC channel.
 */
export function createPreloadBridge(ipc: PreloadIpc): HostBridge {
  return {
    invoke<C extends HostChannel>(channel: C, request: HostRequest<C>): Promise<HostResult<HostResponse<C>>> {
      if (!isHostChannel(channel)) return Promise.resolve(fail<HostResponse<C>>('BAD_REQUEST', `There is no host request "${String(channel).slice(0, 60)}".`));
      // The main process answers HostResults only (main/ipc.ts, dispatchHostRequest).
      return ipc.invoke(ipcRequestChannel(channel), request) as Promise<HostResult<HostResponse<C>>>;
    },
    subscribe(event, listener) {
      if (!isHostEventName(event)) return () => undefined;
      const channel = ipcEventChannel(event);
      const handler = (_event: unknown, data: unknown) => listener(data as Parameters<typeof listener>[0]);
      ipc.on(channel, handler);
      return () => ipc.removeListener(channel, handler);
    },
  };
}
