import { HmsError, WireErrorSchema } from '../errors.js';
import { ServerFrameSchema } from '../contract/frames.js';
import type { RequestFrame, RequestId } from '../contract/frames.js';
import { events, isEventName, methods } from '../contract/index.js';
import type { EventData, EventName, MethodName, ParamsIn, Result } from '../contract/index.js';

/** A push event as the client sees it, typed by name. */
export type ClientEvent = { [E in EventName]: { event: E; seq: number; data: EventData<E> } }[EventName];

export interface CallOptions {
  /** Makes a write safe to retry: the server applies each key at most once. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

export interface RpcClientDeps {
  /** Sends one frame; throws when the transport is closed. */
  send(frame: string): void;
  /** Schedules a timeout and returns its cancel function (injected: core has no clock). */
  schedule(callback: () => void, ms: number): () => void;
  defaultTimeoutMs?: number;
}

interface Pending {
  method: MethodName;
  resolve(value: unknown): void;
  reject(error: HmsError): void;
  cancelTimeout(): void;
}

/**
 * Transport-free, typed client of the contract: correlates replies with requests by id,
 * validates results and events against the schemas, and hands events to listeners.
 */
export class RpcClient {
  private readonly pending = new Map<RequestId, Pending>();
  private readonly listeners = new Set<(event: ClientEvent) => void>();
  private nextId = 1;
  private readonly deps: RpcClientDeps;

  constructor(deps: RpcClientDeps) {
    this.deps = deps;
  }

  call<M extends MethodName>(method: M, params: ParamsIn<M>, options: CallOptions = {}): Promise<Result<M>> {
    const id = this.nextId++;
    const frame: RequestFrame = { id, method, params };
    if (options.idempotencyKey !== undefined) frame.idempotencyKey = options.idempotencyKey;
    return new Promise<Result<M>>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.deps.defaultTimeoutMs ?? 30_000;
      const cancelTimeout = this.deps.schedule(() => {
        if (this.pending.delete(id)) {
          reject(new HmsError('UNAVAILABLE', `No reply to ${method} within ${timeoutMs} ms.`, { timeout: true }));
        }
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, cancelTimeout });
      try {
        this.deps.send(JSON.stringify(frame));
      } catch {
        this.pending.delete(id);
        cancelTimeout();
        reject(new HmsError('UNAVAILABLE', 'Not connected to the server.', { disconnected: true }));
      }
    });
  }

  onEvent(listener: (event: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feed every text frame received from the server. Frames that make no sense are ignored. */
  handleFrame(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = ServerFrameSchema.safeParse(json);
    if (!parsed.success) return;
    const frame = parsed.data;
    if ('event' in frame) {
      if (!isEventName(frame.event)) return;
      const data = events[frame.event].data.safeParse(frame.data);
      if (!data.success) return;
      const event = { event: frame.event, seq: frame.seq, data: data.data } as ClientEvent;
      for (const listener of this.listeners) listener(event);
      return;
    }
    if (frame.id === null) return;
    const pending = this.pending.get(frame.id);
    if (pending === undefined) return;
    this.pending.delete(frame.id);
    pending.cancelTimeout();
    if ('error' in frame) {
      pending.reject(HmsError.fromWire(WireErrorSchema.parse(frame.error)));
      return;
    }
    const result = methods[pending.method].result.safeParse(frame.result);
    if (result.success) pending.resolve(result.data);
    else pending.reject(new HmsError('INTERNAL', `The server's reply to ${pending.method} did not match the contract.`));
  }

  /** The transport closed: every call in flight fails, none is left hanging. */
  failAll(error = new HmsError('UNAVAILABLE', 'The connection to the server was lost.', { disconnected: true })): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const call of pending) {
      call.cancelTimeout();
      call.reject(error);
    }
  }

  get inFlight(): number {
    return this.pending.size;
  }
}
