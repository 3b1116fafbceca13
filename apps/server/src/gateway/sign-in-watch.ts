import { SERVER_CLOSE_CODES } from '@hms/core';
import type { SocketPolicy } from '../config.js';

/** What the watch needs of a socket. */
export interface WatchedSocket {
  readonly origin: { readonly address: string };
  close(code: number, reason: string): void;
}

/**
 * Sockets that are not signed in: at most `maxUnauthenticatedPerAddress` of them per address
 * at once, and each closed once it has stayed signed out for `signInDeadlineMs` (a socket
 * that never signs in costs the server and tells it nothing). A signed-in socket is not counted.
 */
export class SignInWatch<S extends WatchedSocket> {
  private readonly policy: SocketPolicy;
  private readonly waiting = new Map<string, Set<S>>();
  private readonly deadlines = new Map<S, NodeJS.Timeout>();

  constructor(policy: SocketPolicy) {
    this.policy = policy;
  }

  /** A new socket: refused (false) when its address already has its fill waiting to sign in. */
  admit(socket: S): boolean {
    if ((this.waiting.get(socket.origin.address)?.size ?? 0) >= this.policy.maxUnauthenticatedPerAddress) return false;
    this.signedOut(socket);
    return true;
  }

  /** Waiting to sign in (new, or signed out): its deadline runs. Never refuses a socket already open. */
  signedOut(socket: S): void {
    const address = socket.origin.address;
    let sockets = this.waiting.get(address);
    if (sockets === undefined) {
      sockets = new Set();
      this.waiting.set(address, sockets);
    }
    sockets.add(socket);
    if (this.deadlines.has(socket)) return;
    const timer = setTimeout(() => {
      this.forget(socket);
      const seconds = Math.round(this.policy.signInDeadlineMs / 1000);
      socket.close(SERVER_CLOSE_CODES.signInDeadline, `Not signed in within ${seconds} s: connect again to sign in`);
    }, this.policy.signInDeadlineMs);
    timer.unref();
    this.deadlines.set(socket, timer);
  }

  signedIn(socket: S): void {
    this.forget(socket);
  }

  closed(socket: S): void {
    this.forget(socket);
  }

  private forget(socket: S): void {
    clearTimeout(this.deadlines.get(socket));
    this.deadlines.delete(socket);
    const sockets = this.waiting.get(socket.origin.address);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.waiting.delete(socket.origin.address);
  }
}
