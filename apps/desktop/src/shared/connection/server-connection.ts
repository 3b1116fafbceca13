import { HmsError, RpcClient, SERVER_CLOSE_CODES } from '@hms/core';
import type { CallOptions, ClientEvent, MethodName, ParamsIn, Result, SessionUser } from '@hms/core';
import type { ConnectionState, ConnectionStatus, SessionEndReason } from '../protocol/status.js';
import { SESSION_END_REASONS } from '../protocol/status.js';
import { serverSocketUrl } from '../settings.js';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import type { OpenSocket, Runtime, Socket } from './runtime.js';

/** Where the last applied event seq is kept, per server, so a restart resumes where it stopped. */
export interface EventCursorStore {
  load(serverUrl: string): number | undefined;
  save(serverUrl: string, seq: number): void;
}

export function memoryCursorStore(): EventCursorStore {
  const cursors = new Map<string, number>();
  return { load: (url) => cursors.get(url), save: (url, seq) => void cursors.set(url, seq) };
}

export interface ServerConnectionOptions {
  /** The server as people type it: http://hms-server:7400. */
  serverUrl: string;
  openSocket: OpenSocket;
  runtime: Runtime;
  workstationId?: string;
  cursor?: EventCursorStore;
  backoff?: BackoffPolicy;
  callTimeoutMs?: number;
  /** While signed in, a ping this often finds a dead link that never said goodbye. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** How long a call made while (re)connecting waits before failing as UNAVAILABLE. */
  readyWaitMs?: number;
}

export interface SignedInSession {
  user: SessionUser;
  expiresAt: string;
}

export type SessionChange =
  | { state: 'signedIn'; session: SignedInSession }
  | { state: 'signedOut'; reason: SessionEndReason; message: string };

type Listener<T> = (value: T) => void;

/** A typed server call, as a session step makes it (while the link is still being resumed). */
export type StepCall = <M extends MethodName>(method: M, params: ParamsIn<M>) => Promise<Result<M>>;

/**
 * Something to do again on every fresh session of a socket, after `auth.login`/`auth.resume`
 * and before `events.resume`: topic subscriptions (`patients.watch`, `queue.watch`), which the
 * server keeps per socket. Run before the replay, so that events missed on those topics come back.
 */
export type SessionStep = (call: StepCall) => Promise<void>;

/** Remembers the last `capacity` event seqs, so a replayed event is applied once. */
class RecentSeqs {
  private readonly seqs = new Set<number>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** True when `seq` is new (and remembers it). */
  add(seq: number): boolean {
    if (this.seqs.has(seq)) return false;
    this.seqs.add(seq);
    if (this.seqs.size > this.capacity) {
      const oldest = this.seqs.values().next().value;
      if (oldest !== undefined) this.seqs.delete(oldest);
    }
    return true;
  }
}

function endReason(error: HmsError): SessionEndReason {
  const reason = error.details?.reason;
  return typeof reason === 'string' && (SESSION_END_REASONS as readonly string[]).includes(reason) ? (reason as SessionEndReason) : 'unknown';
}

function unavailable(message: string, details: Record<string, unknown> = {}): HmsError {
  return new HmsError('UNAVAILABLE', message, details);
}

/**
 * The workstation's one link to the LAN server: the typed core client over a WebSocket,
 * reconnecting with jittered backoff, resuming the session (auth.resume) and the event stream
 * (events.resume) after every reconnect so that no event is missed or applied twice.
 *
 * Event cursor invariant: the cursor only moves to a seq the server has confirmed as
 * delivered. While a resume is in flight, events are applied but do not move it (a live event
 * may overtake replayed ones); the resume reply's `lastSeq` then sets it.
 */
export class ServerConnection {
  private readonly options: ServerConnectionOptions;
  private readonly runtime: Runtime;
  private readonly cursorStore: EventCursorStore;
  private readonly rpc: RpcClient;
  private serverUrl: string;
  private workstationId: string | undefined;
  private socket: Socket | undefined;
  private statusValue: ConnectionStatus;
  private session: (SignedInSession & { token: string }) | undefined;
  private resuming = false;
  private cursor: number | undefined;
  private readonly recent = new RecentSeqs(5_000);
  private attempt = 0;
  private cancelRetry: (() => void) | undefined;
  private cancelPing: (() => void) | undefined;
  private running = false;
  private readonly readyWaiters = new Set<() => void>();
  private readonly statusListeners = new Set<Listener<ConnectionStatus>>();
  private readonly eventListeners = new Set<Listener<ClientEvent>>();
  private readonly sessionListeners = new Set<Listener<SessionChange>>();
  private readonly resyncListeners = new Set<Listener<void>>();
  private readonly sessionSteps = new Map<string, SessionStep>();

  constructor(options: ServerConnectionOptions) {
    this.options = options;
    this.runtime = options.runtime;
    this.serverUrl = options.serverUrl;
    this.workstationId = options.workstationId;
    this.cursorStore = options.cursor ?? memoryCursorStore();
    this.cursor = this.cursorStore.load(this.serverUrl);
    this.statusValue = { state: 'offline', serverUrl: this.serverUrl, since: this.iso() };
    this.rpc = new RpcClient({
      send: (frame) => {
        if (this.socket === undefined) throw new Error('not connected');
        this.socket.send(frame);
      },
      schedule: (callback, ms) => this.runtime.schedule(callback, ms),
      defaultTimeoutMs: options.callTimeoutMs ?? 15_000,
    });
    this.rpc.onEvent((event) => this.applyEvent(event));
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  get currentSession(): SignedInSession | undefined {
    return this.session === undefined ? undefined : { user: this.session.user, expiresAt: this.session.expiresAt };
  }

  /** The last event seq this workstation has fully applied (undefined before the first sign-in). */
  get eventCursor(): number | undefined {
    return this.cursor;
  }

  onStatus(listener: Listener<ConnectionStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvent(listener: Listener<ClientEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onSession(listener: Listener<SessionChange>): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  /** Events were pruned before this workstation could fetch them: desks must reload. */
  onResync(listener: Listener<void>): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /**
   * Adds (or replaces) a step run on every fresh session; when signed in and connected it also
   * runs now, unless `runNow` is false. Returns a function that removes it.
   */
  addSessionStep(key: string, step: SessionStep, options: { runNow?: boolean } = {}): () => void {
    this.sessionSteps.set(key, step);
    if (options.runNow !== false && this.session !== undefined && this.statusValue.state === 'connected' && !this.resuming) {
      void this.runStep(step, (method, params) => this.call(method, params)).catch(() => undefined);
    }
    return () => {
      if (this.sessionSteps.get(key) === step) this.sessionSteps.delete(key);
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.stopPing();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'Workstation closing');
    this.rpc.failAll(unavailable('The workstation is closing.'));
    this.setState('offline');
  }

  /** Points the workstation at another server: signs out locally (the token belongs to the old one) and reconnects. */
  setServerUrl(serverUrl: string): void {
    if (serverUrl === this.serverUrl) return;
    this.serverUrl = serverUrl;
    this.cursor = this.cursorStore.load(serverUrl);
    if (this.session !== undefined) this.endSession('signedOut', 'Signed out: the server address changed.');
    this.reconnectNow();
  }

  setWorkstationId(workstationId: string): void {
    this.workstationId = workstationId;
  }

  /** Drops the current socket (if any) and connects again at once. */
  reconnectNow(): void {
    if (!this.running) return;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.attempt = 0;
    const socket = this.socket;
    if (socket !== undefined) {
      this.detach(socket, 'Reconnecting.');
      socket.close(1000, 'Reconnecting');
    }
    this.open();
  }

  /** A method of the contract; throws HmsError (UNAVAILABLE when offline). */
  async call<M extends MethodName>(method: M, params: ParamsIn<M>, options: CallOptions = {}): Promise<Result<M>> {
    await this.ready();
    try {
      return await this.rpc.call(method, params, options);
    } catch (error) {
      this.noticeSessionEnd(error);
      throw error;
    }
  }

  async signIn(username: string, password: string): Promise<SignedInSession> {
    await this.ready();
    this.resuming = true;
    try {
      const params = { username, password, ...(this.workstationId === undefined ? {} : { workstationId: this.workstationId }) };
      const result = await this.rpc.call('auth.login', params);
      this.session = { token: result.token, user: result.user, expiresAt: result.expiresAt };
      try {
        await this.runSessionSteps();
        await this.resumeEvents();
      } catch {
        // Signed in, but the link dropped at once: the reconnect resumes session and events.
      }
    } finally {
      this.resuming = false;
    }
    const session: SignedInSession = { user: this.session.user, expiresAt: this.session.expiresAt };
    this.emitSession({ state: 'signedIn', session });
    this.schedulePing();
    return session;
  }

  /** Revokes the session on the server when reachable; locally it ends in any case. */
  async signOut(): Promise<void> {
    if (this.session === undefined) return;
    try {
      if (this.statusValue.state === 'connected') await this.rpc.call('auth.logout', {}, { timeoutMs: 5_000 });
    } catch {
      // Offline or already ended: the token is forgotten below, and it expires on the server.
    } finally {
      this.endSession('signedOut', 'Signed out.');
    }
  }

  // --- internals ---------------------------------------------------------------------------

  /** `quietly`: a routine reconnect the desk need not see (the status stays as it is). */
  private open(quietly = false): void {
    if (!this.running) return;
    if (!quietly) this.setState('connecting');
    let socket: Socket | undefined;
    let lastError: string | undefined;
    try {
      socket = this.options.openSocket(serverSocketUrl(this.serverUrl), {
        open: () => {
          if (socket !== undefined && socket === this.socket) void this.afterOpen(socket);
        },
        message: (text) => {
          if (socket !== undefined && socket === this.socket) this.rpc.handleFrame(text);
        },
        error: (message) => {
          lastError = message;
        },
        close: (code, reason) => {
          if (socket === undefined || socket !== this.socket) return;
          // The server closes a socket left at the sign-in screen past its deadline: that is
          // no outage, so connect again at once without showing the desk offline.
          if (code === SERVER_CLOSE_CODES.signInDeadline && this.session === undefined) {
            this.detach(socket, reason || 'sign-in deadline');
            this.open(true);
            return;
          }
          this.afterClose(socket, lastError ?? (reason || `closed (${code})`));
        },
      });
      this.socket = socket;
    } catch (error) {
      this.scheduleRetry(error instanceof Error ? error.message : String(error));
    }
  }

  private async afterOpen(socket: Socket): Promise<void> {
    this.resuming = true;
    try {
      if (this.session !== undefined) {
        try {
          const params = { token: this.session.token, ...(this.workstationId === undefined ? {} : { workstationId: this.workstationId }) };
          const resumed = await this.rpc.call('auth.resume', params);
          this.session = { ...this.session, user: resumed.user, expiresAt: resumed.expiresAt };
        } catch (error) {
          if (!(error instanceof HmsError) || error.code !== 'UNAUTHENTICATED') throw error;
          this.endSession(endReason(error), error.message);
        }
      }
      if (this.session !== undefined) {
        await this.runSessionSteps();
        await this.resumeEvents();
      }
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.setState('connected');
      this.schedulePing();
    } catch (error) {
      // The link failed half-way (timeout, server going down): start over.
      if (socket === this.socket) {
        this.afterClose(socket, error instanceof Error ? error.message : String(error));
        socket.close(4000, 'Resume failed');
      }
    } finally {
      this.resuming = false;
    }
  }

  /** Every session step in turn; a refusal (a role without the right) skips that step, a lost link stops them all. */
  private async runSessionSteps(): Promise<void> {
    const call: StepCall = (method, params) => this.rpc.call(method, params);
    // Steps added while these run are run too.
    const done = new Set<SessionStep>();
    for (;;) {
      const step = [...this.sessionSteps.values()].find((candidate) => !done.has(candidate));
      if (step === undefined) return;
      done.add(step);
      await this.runStep(step, call);
    }
  }

  private async runStep(step: SessionStep, call: StepCall): Promise<void> {
    try {
      await step(call);
    } catch (error) {
      if (error instanceof HmsError && error.code === 'UNAVAILABLE') throw error;
      this.noticeSessionEnd(error);
    }
  }

  /** Asks for what was missed since the cursor; a workstation with no cursor starts from now. */
  private async resumeEvents(): Promise<void> {
    const stored = this.cursor;
    const reply = await this.rpc.call('events.resume', { afterSeq: stored ?? Number.MAX_SAFE_INTEGER });
    // `lastSeq` is the server's watermark: everything up to it has now been delivered. When
    // the replay was incomplete (pruned, or another database) the cursor restarts from it.
    this.cursor = reply.lastSeq;
    this.cursorStore.save(this.serverUrl, reply.lastSeq);
    if (!reply.complete && stored !== undefined) for (const listener of this.resyncListeners) listener();
  }

  private applyEvent(event: ClientEvent): void {
    if (!this.recent.add(event.seq)) return;
    if (!this.resuming && (this.cursor === undefined || event.seq > this.cursor)) {
      this.cursor = event.seq;
      this.cursorStore.save(this.serverUrl, event.seq);
    }
    for (const listener of this.eventListeners) listener(event);
  }

  private afterClose(socket: Socket, why: string): void {
    this.detach(socket, why);
    this.scheduleRetry(why);
  }

  /** Forgets a socket: calls in flight fail as UNAVAILABLE, its late frames are ignored. */
  private detach(socket: Socket, why: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.stopPing();
    this.rpc.failAll(unavailable('The connection to the server was lost.', { disconnected: true, why }));
  }

  private scheduleRetry(why: string): void {
    if (!this.running) return;
    const delay = backoffDelay(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF, () => this.runtime.random());
    this.attempt += 1;
    this.setState('offline', { lastError: why, nextAttemptAt: new Date(this.runtime.now() + delay).toISOString() });
    this.cancelRetry?.();
    this.cancelRetry = this.runtime.schedule(() => {
      this.cancelRetry = undefined;
      this.open();
    }, delay);
  }

  private schedulePing(): void {
    this.stopPing();
    const interval = this.options.pingIntervalMs ?? 15_000;
    if (interval <= 0 || this.session === undefined || this.statusValue.state !== 'connected') return;
    this.cancelPing = this.runtime.schedule(() => {
      this.cancelPing = undefined;
      const socket = this.socket;
      this.rpc
        .call('system.ping', {}, { timeoutMs: this.options.pingTimeoutMs ?? 5_000 })
        .then(() => this.schedulePing())
        .catch((error: unknown) => {
          this.noticeSessionEnd(error);
          // No answer in time: the link is dead even if the socket never said so.
          if (error instanceof HmsError && error.code === 'UNAVAILABLE' && socket !== undefined && socket === this.socket) {
            this.afterClose(socket, 'The server stopped answering.');
            socket.close(4001, 'Ping timeout');
          } else {
            this.schedulePing();
          }
        });
    }, interval);
  }

  private stopPing(): void {
    this.cancelPing?.();
    this.cancelPing = undefined;
  }

  private noticeSessionEnd(error: unknown): void {
    if (this.session !== undefined && error instanceof HmsError && error.code === 'UNAUTHENTICATED') {
      this.endSession(endReason(error), error.message);
    }
  }

  private endSession(reason: SessionEndReason, message: string): void {
    if (this.session === undefined) return;
    this.session = undefined;
    this.stopPing();
    this.emitSession({ state: 'signedOut', reason, message });
  }

  private emitSession(change: SessionChange): void {
    for (const listener of this.sessionListeners) listener(change);
  }

  private ready(): Promise<void> {
    const state = this.statusValue.state;
    if (state === 'connected') return Promise.resolve();
    if (!this.running || state === 'offline') {
      return Promise.reject(unavailable('The server cannot be reached right now. Check the network, or wait: the workstation keeps trying.', { offline: true }));
    }
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        cancel();
        this.readyWaiters.delete(done);
        if (this.statusValue.state === 'connected') resolve();
        else reject(unavailable('The server cannot be reached right now.', { offline: true }));
      };
      const cancel = this.runtime.schedule(done, this.options.readyWaitMs ?? 5_000);
      this.readyWaiters.add(done);
    });
  }

  private setState(state: ConnectionState, extra: { lastError?: string; nextAttemptAt?: string } = {}): void {
    const previous = this.statusValue;
    if (previous.state === state && previous.serverUrl === this.serverUrl && extra.lastError === undefined) return;
    this.statusValue = { state, serverUrl: this.serverUrl, since: previous.state === state ? previous.since : this.iso(), ...extra };
    for (const listener of this.statusListeners) listener(this.statusValue);
    if (state !== 'connecting') for (const wake of [...this.readyWaiters]) wake();
  }

  private iso(): string {
    return new Date(this.runtime.now()).toISOString();
  }
}
