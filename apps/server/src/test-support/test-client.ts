import { HmsError, RpcClient } from '@hms/core';
import type { CallOptions, ClientEvent, MethodName, ParamsIn, Result } from '@hms/core';
import WebSocket from 'ws';

/** A workstation as the tests see it: the typed core client over a real WebSocket. */
export class TestClient {
  readonly events: ClientEvent[] = [];
  readonly socket: WebSocket;
  private readonly rpc: RpcClient;
  private readonly raw: string[] = [];
  private readonly waiters = new Set<() => void>();
  closed: { code: number; reason: string } | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.rpc = new RpcClient({
      send: (frame) => {
        if (socket.readyState !== WebSocket.OPEN) throw new Error('closed');
        socket.send(frame);
      },
      schedule: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
      defaultTimeoutMs: 20_000,
    });
    this.rpc.onEvent((event) => this.events.push(event));
    socket.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      this.rpc.handleFrame(text);
      for (const wake of this.waiters) wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.rpc.failAll();
      for (const wake of this.waiters) wake();
    });
  }

  /** `localAddress` (another 127.x.y.z) makes the connection come from another address. */
  static connect(url: string, options: { localAddress?: string } = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options.localAddress === undefined ? {} : { localAddress: options.localAddress });
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  call<M extends MethodName>(method: M, params: ParamsIn<M>, options?: CallOptions): Promise<Result<M>> {
    return this.rpc.call(method, params, options);
  }

  /** Calls and returns the typed error; fails the test if the call succeeds. */
  async callError<M extends MethodName>(method: M, params: ParamsIn<M>, options?: CallOptions): Promise<HmsError> {
    try {
      await this.rpc.call(method, params, options);
    } catch (error) {
      if (error instanceof HmsError) return error;
      throw error;
    }
    throw new Error(`${method} succeeded, but an error was expected`);
  }

  async signIn(username: string, password: string, workstationId?: string): Promise<Result<'auth.login'>> {
    return this.call('auth.login', { username, password, ...(workstationId === undefined ? {} : { workstationId }) });
  }

  /** Sends a raw frame and returns the next frame that answers it (by id, or with id null). */
  async sendRaw(text: string | Buffer, binary = false): Promise<unknown> {
    const before = this.raw.length;
    this.socket.send(text, { binary });
    await this.waitFor(() => this.raw.length > before || this.closed !== undefined);
    const frame = this.raw[before];
    return frame === undefined ? undefined : JSON.parse(frame);
  }

  /** Frames received so far, parsed. */
  frames(): unknown[] {
    return this.raw.map((text) => JSON.parse(text) as unknown);
  }

  async waitForEvent(predicate: (event: ClientEvent) => boolean, timeoutMs = 5_000): Promise<ClientEvent> {
    await this.waitFor(() => this.events.some(predicate), timeoutMs);
    return this.events.find(predicate)!;
  }

  waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
