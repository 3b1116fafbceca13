import type { MethodName, ParamsIn, Result } from '@hms/core';
import type { HostBridge } from './ipc.js';
import type { HostChannel, HostEventName, HostEvents, HostRequest, HostResponse } from './protocol/channels.js';
import type { SubmitOutcome } from './protocol/records.js';
import type { HostResult } from './result.js';

export interface CallOptions {
  idempotencyKey?: string;
  timeoutMs?: number;
}

type Unsubscribe = () => void;

/**
 * Everything a renderer may ask of its workstation, typed from the declarations: `request` and
 * `on` from the host's (src/shared/protocol/channels.ts), `call` and `submit` from the core
 * contract, so a server method needs no host declaration at all. Every call resolves to a
 * HostResult (never throws, never `any`).
 */
export interface HostApi {
  request<C extends HostChannel>(channel: C, payload: HostRequest<C>): Promise<HostResult<HostResponse<C>>>;
  on<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void): Unsubscribe;
  /** A server method of the core contract, typed from it. */
  call<M extends MethodName>(method: M, params: ParamsIn<M>, options?: CallOptions): Promise<HostResult<Result<M>>>;
  /** A write that must not be lost: applied now, or queued while offline (desktop only). */
  submit<M extends MethodName>(method: M, params: ParamsIn<M>, label: string): Promise<HostResult<SubmitOutcome<Result<M>>>>;
}

/** The typed HostApi over any bridge; the renderer cannot tell which bridge it is. */
export function createHostApi(bridge: HostBridge): HostApi {
  return {
    request: (channel, payload) => bridge.invoke(channel, payload),
    on: (event, listener) => bridge.subscribe(event, listener),
    // The host validated the result against the contract's schema before sending it.
    call: (method, params, options = {}) =>
      bridge.invoke('server.call', { method, params, ...options }) as Promise<HostResult<Result<typeof method>>>,
    submit: (method, params, label) =>
      bridge.invoke('server.submit', { method, params, label }) as Promise<HostResult<SubmitOutcome<Result<typeof method>>>>,
  };
}
