import type { ErrorFrame, PushFrame, RequestId, SuccessFrame, WireError } from '@hms/core';
import type { WebSocket } from 'ws';
import type { Actor, Origin } from './actor.js';
import { OverRateStreak, TokenBucket } from './rate-limit.js';

export interface StoredEvent {
  seq: number;
  name: string;
  topic: string;
  data: unknown;
}

export interface ConnectionLimits {
  burst: number;
  perSecond: number;
  maxInFlight: number;
  /** A socket refused for this long without a quiet spell is closed as a flood (1008). */
  floodCloseAfterMs: number;
  /** A spell this long without a refusal ends the socket's over-rate streak. */
  floodQuietMs: number;
}

/** Told when a socket signs in or out, for the watch on sockets waiting to sign in. */
export type SignInListener = (connection: Connection, signedIn: boolean) => void;

/** Everyone signed in hears this topic (announcements). */
export const TOPIC_ALL = 'all';
/** How many live-pushed seqs a connection remembers, so a later replay does not repeat them. */
const LIVE_MEMORY = 5_000;

/**
 * One workstation's socket: its session, the topics it watches, its flood limits, and the
 * ordering of pushed events around `events.resume`.
 */
export class Connection {
  readonly id: string;
  readonly origin: Origin;
  readonly limits: ConnectionLimits;
  sessionId: string | undefined;
  inFlight = 0;
  private readonly socket: WebSocket;
  private readonly bucket: TokenBucket;
  private readonly overRate: OverRateStreak;
  private readonly onSignIn: SignInListener;
  private readonly watched = new Set<string>();
  /** seqs pushed live since the last resume (bounded), so the replay can skip them. */
  private readonly liveSent = new Set<number>();
  /** While a replay runs, live events wait here. */
  private held: StoredEvent[] | undefined;
  /** Live events at or below this seq were covered by the last replay. */
  private liveFloor = 0;

  constructor(id: string, socket: WebSocket, origin: Origin, limits: ConnectionLimits, nowMs: number, onSignIn: SignInListener = () => undefined) {
    this.id = id;
    this.socket = socket;
    this.origin = origin;
    this.limits = limits;
    this.bucket = new TokenBucket(limits.burst, limits.perSecond, nowMs);
    this.overRate = new OverRateStreak(limits.floodQuietMs);
    this.onSignIn = onSignIn;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  get topics(): ReadonlySet<string> {
    return this.watched;
  }

  admit(nowMs: number): boolean {
    return this.bucket.take(nowMs);
  }

  /** A request refused for the rate: true once the socket has stayed over it long enough to be closed. */
  floodedAfterRefusal(nowMs: number): boolean {
    return this.overRate.refused(nowMs) >= this.limits.floodCloseAfterMs;
  }

  bindSession(actor: Actor): void {
    const wasSignedIn = this.sessionId !== undefined;
    this.sessionId = actor.sessionId;
    this.watched.add(TOPIC_ALL);
    if (!wasSignedIn) this.onSignIn(this, true);
  }

  setWorkstation(workstationId: string | undefined): void {
    if (workstationId !== undefined) this.origin.workstationId = workstationId;
  }

  unbindSession(): void {
    const wasSignedIn = this.sessionId !== undefined;
    this.sessionId = undefined;
    this.watched.clear();
    if (wasSignedIn) this.onSignIn(this, false);
  }

  subscribe(topic: string): void {
    this.watched.add(topic);
  }

  unsubscribe(topic: string): void {
    this.watched.delete(topic);
  }

  reply(id: RequestId, result: unknown): void {
    const frame: SuccessFrame = { id, result };
    this.sendJson(frame);
  }

  fail(id: RequestId | null, error: WireError): void {
    const frame: ErrorFrame = { id, error };
    this.sendJson(frame);
  }

  /** A live event from the hub, in seq order. */
  deliver(event: StoredEvent): void {
    if (!this.watched.has(event.topic) || event.seq <= this.liveFloor) return;
    if (this.held !== undefined) {
      this.held.push(event);
      return;
    }
    this.push(event);
    this.liveSent.add(event.seq);
    if (this.liveSent.size > LIVE_MEMORY) {
      const oldest = this.liveSent.values().next().value;
      if (oldest !== undefined) this.liveSent.delete(oldest);
    }
  }

  /** Holds live delivery while `replay` sends what the connection missed, then releases it. */
  async replay(fetch: () => Promise<{ events: StoredEvent[]; lastSeq: number }>): Promise<number> {
    this.held = [];
    let lastSeq = this.liveFloor;
    try {
      const result = await fetch();
      for (const event of result.events) {
        if (this.watched.has(event.topic) && !this.liveSent.has(event.seq)) this.push(event);
      }
      lastSeq = Math.max(lastSeq, result.lastSeq);
      return lastSeq;
    } finally {
      const held = this.held;
      this.held = undefined;
      this.liveSent.clear();
      this.liveFloor = lastSeq;
      for (const event of held) this.deliver(event);
    }
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  private push(event: StoredEvent): void {
    const frame: PushFrame = { event: event.name, seq: event.seq, data: event.data };
    this.sendJson(frame);
  }

  private sendJson(frame: unknown): void {
    if (this.open) this.socket.send(JSON.stringify(frame));
  }
}
