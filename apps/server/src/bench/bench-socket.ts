import type { MethodName, ParamsIn, Result } from '@hms/core';
import WebSocket from 'ws';

/**
 * A load generator's workstation: the protocol's frames over a real WebSocket, without the
 * typed client's contract validation of every reply. The load generator shares the machine
 * with the server under test; its own CPU per call should be as small as a desk's would be
 * on a machine of its own. Replies are checked against the contract separately (`sampled`).
 */
export class BenchSocket {
  private readonly socket: WebSocket;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private readonly methods = new Map<number, MethodName>();
  /** Raw replies kept for a later contract check: every `sampleEvery`-th. */
  readonly sampled: Array<{ method: MethodName; text: string }> = [];
  private readonly sampleEvery: number;
  private replies = 0;

  private constructor(socket: WebSocket, sampleEvery: number) {
    this.socket = socket;
    this.sampleEvery = sampleEvery;
    socket.on('message', (data) => {
      const text = String(data);
      const frame = JSON.parse(text) as { id?: number | null; result?: unknown; error?: { code: string; message: string } };
      if (typeof frame.id !== 'number') return;
      const pending = this.pending.get(frame.id);
      if (pending === undefined) return;
      this.pending.delete(frame.id);
      if (frame.error !== undefined) {
        pending.reject(Object.assign(new Error(frame.error.message), { code: frame.error.code }));
        return;
      }
      this.replies += 1;
      if (this.sampleEvery > 0 && this.replies % this.sampleEvery === 0) this.sampled.push({ method: this.methods.get(frame.id) ?? 'system.ping', text });
      this.methods.delete(frame.id);
      pending.resolve(frame.result);
    });
    socket.on('close', () => {
      for (const pending of this.pending.values()) pending.reject(new Error('closed'));
      this.pending.clear();
    });
  }

  static connect(url: string, sampleEvery = 0): Promise<BenchSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.once('open', () => resolve(new BenchSocket(socket, sampleEvery)));
      socket.once('error', reject);
    });
  }

  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
    const id = this.nextId++;
    if (this.sampleEvery > 0) this.methods.set(id, method);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
