import type { HostChannel, HostEventName, HostEvents, HostRequest, HostResponse } from './protocol/channels.js';
import type { HostResult } from './result.js';

/**
 * The one seam between a renderer and its host: request/response plus event subscription.
 * Electron's preload, the loopback WebSocket and the browser-only host each provide one.
 */
export interface HostBridge {
  invoke<C extends HostChannel>(channel: C, request: HostRequest<C>): Promise<HostResult<HostResponse<C>>>;
  subscribe<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void): () => void;
}

/** The global under which Electron's preload exposes its bridge to the page. */
export const BRIDGE_GLOBAL = 'hmsHost';

/** IPC channel names. The preload spells these out itself (a sandboxed preload loads no modules). */
export type IpcRequestChannel = `hms:${HostChannel}`;
export type IpcEventChannel = `hms:event:${HostEventName}`;

export function ipcRequestChannel(channel: HostChannel): IpcRequestChannel {
  return `hms:${channel}`;
}

export function ipcEventChannel(event: HostEventName): IpcEventChannel {
  return `hms:event:${event}`;
}

/** Frames of the loopback WebSocket between a renderer and the dev/test host. */
export type LoopbackClientFrame = { id: number; channel: string; request: unknown };
export type LoopbackServerFrame =
  | { id: number; result: HostResult<unknown> }
  | { event: HostEventName; data: unknown };

/** The path of the loopback WebSocket on the dev/test host. */
export const LOOPBACK_PATH = '/host';
/** The URL fragment key that carries the loopback token to the page. */
export const LOOPBACK_TOKEN_PARAM = 'hostToken';
