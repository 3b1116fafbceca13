import type { MethodName, Methods, Params, ResultIn } from '@hms/core';
import type { Knex } from 'knex';
import type { AuditEntry } from '../audit/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Actor, Origin } from './actor.js';
import type { WriteScope } from './write-scope.js';

/** What a handler may do to its own connection (sign in and out, watch topics, resume). */
export interface ConnectionControl {
  bindSession(actor: Actor): void;
  setWorkstation(workstationId: string | undefined): void;
  unbindSession(): void;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  readonly topics: ReadonlySet<string>;
  /** Replays missed events on this connection's topics, then resumes live delivery. */
  resumeEvents(afterSeq: number): Promise<{ lastSeq: number; complete: boolean }>;
}

export interface HandlerContext<A extends Actor | null = Actor> {
  readonly actor: A;
  readonly origin: Origin;
  readonly clock: Clock;
  /** For reads. Writes go through `write`. */
  readonly db: Knex;
  readonly log: Logger;
  readonly connection: ConnectionControl;
  /** One transaction with its audit rows, events and (when the request carried one) idempotency key. */
  write<T>(work: (scope: WriteScope) => Promise<T>): Promise<T>;
  /** Records a read of a patient's record (or any audited read) in its own transaction. */
  auditRead(entry: AuditEntry): Promise<void>;
}

type ActorFor<M extends MethodName> = Methods[M]['access'] extends 'public' ? Actor | null : Actor;

export type Handler<M extends MethodName> = (params: Params<M>, ctx: HandlerContext<ActorFor<M>>) => Promise<ResultIn<M>>;

/** One handler per method of the contract: a missing one is a compile error in app.ts. */
export type Handlers = { [M in MethodName]: Handler<M> };
