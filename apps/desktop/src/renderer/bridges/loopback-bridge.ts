import type { HostBridge, LoopbackServerFrame } from '../../shared/ipc.js';
import type { HostChannel, HostEventName, HostEvents, HostRequest, HostResponse } from '../../shared/protocol/channels.js';
import { isHostEventName } from '../../shared/protocol/channels.js';
import { fail } from '../../shared/result.js';
import type { HostResult } from '../../shared/result.js';

type AnyListener = (data: unknown) => void;

const REQUEST_TIMEOUT_MS = 120_000;

/**
 * The HostBridge of the dev/test host: requests and events over a loopback WebSocket. If the
 * host process restarts, the bridge reconnects and refreshes the status on its own.
 */
export function loopbackBridge(url: string): HostBridge {
  let socket: WebSocket | undefined;
  let open = false;
  let nextId = 1;
  const pending = new Map<number, (result: HostResult<unknown>) => void>();
  const queued: string[] = [];
  const listeners = new Map<HostEventName, Set<AnyListener>>();

  const emit = (event: HostEventName, data: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(data);
  };

  const connect = () => {
    const current = new WebSocket(url);
    socket = current;
    current.onopen = () => {
      open = true;
      for (const frame of queued.splice(0)) current.send(frame);
      // Whatever changed while we were cut off, the status bar shows it now.
      void invoke('status.get', {}).then((result) => {
        if (result.ok) emit('status', result.value);
      });
    };
    current.onmessage = (message: MessageEvent<string>) => {
      let frame: LoopbackServerFrame;
      try {
        frame = JSON.parse(message.data) as LoopbackServerFrame;
      } catch {
        return;
      }
      if ('id' in frame) {
        const resolve = pending.get(frame.id);
        pending.delete(frame.id);
        resolve?.(frame.result);
      } else if (isHostEventName(frame.event)) {
        emit(frame.event, frame.data);
      }
    };
    current.onclose = () => {
      open = false;
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve(fail('HOST_UNAVAILABLE', 'The workstation host stopped answering. Reconnecting...'));
      }
      setTimeout(connect, 1_000);
    };
  };

  function invoke<C extends HostChannel>(channel: C, request: HostRequest<C>): Promise<HostResult<HostResponse<C>>> {
    const id = nextId++;
    const frame = JSON.stringify({ id, channel, request });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (pending.delete(id)) resolve(fail('HOST_UNAVAILABLE', 'The workstation host did not answer.'));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as HostResult<HostResponse<C>>);
      });
      if (open && socket !== undefined) socket.send(frame);
      else queued.push(frame);
    });
  }

  connect();
  return {
    invoke,
    subscribe<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      const wrapped = listener as AnyListener;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
