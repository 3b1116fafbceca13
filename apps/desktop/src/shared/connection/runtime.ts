/**
 * What the shared code needs from its runtime (Node in the host, the browser in the
 * browser workstation, fakes in tests): time, timers and randomness, injected.
 */
export interface Runtime {
  now(): number;
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  schedule(callback: () => void, ms: number): () => void;
  /** A number in [0, 1). */
  random(): number;
}

export interface SocketEvents {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
  error(message: string): void;
}

/** A WebSocket as the connection uses it; `send` throws when the socket is not open. */
export interface Socket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

export type OpenSocket = (url: string, events: SocketEvents) => Socket;
