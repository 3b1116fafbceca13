import type { HostBridge } from '../shared/ipc.js';
import { dispatchHostRequest } from '../shared/protocol/channels.js';
import type { HostChannel, HostEventName, HostEvents, HostRequest, HostResponse } from '../shared/protocol/channels.js';
import type { HostResult } from '../shared/result.js';
import type { Host } from './host.js';

/**
 * The HostBridge of a host running in the same page (the browser workstation): requests go
 * through the same dispatcher as IPC and the loopback socket (payload checked, errors typed).
 */
export function inPageBridge(host: Host): HostBridge {
  return {
    invoke<C extends HostChannel>(channel: C, request: HostRequest<C>): Promise<HostResult<HostResponse<C>>> {
      return dispatchHostRequest(host.handlers, channel, request) as Promise<HostResult<HostResponse<C>>>;
    },
    subscribe<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void) {
      return host.onEvent((envelope) => {
        if (envelope.event === event) listener(envelope.data as HostEvents[E]);
      });
    },
  };
}
