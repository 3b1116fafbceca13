import { HmsError, fieldErrorsFromIssues, mayCall, methods } from '@hms/core';
import type { MethodName, ParamsIn, Result } from '@hms/core';
import type { ServerConnection } from '../../shared/connection/server-connection.js';
import type { OutboxEntryView, SubmitOutcome } from '../../shared/protocol/records.js';
import type { LocalCache } from '../cache/local-cache.js';
import type { OfflineWriteHooks } from './offline-writes.js';
import type { Outbox } from './outbox.js';

export interface WritePathDeps {
  connection: ServerConnection;
  /** Absent where this runtime keeps no outbox (the browser): a write then needs the server now. */
  offline: { cache: LocalCache; outbox: Outbox } | undefined;
  hooks: OfflineWriteHooks;
  newIdempotencyKey: () => string;
  /** Replays the outbox now (when online); resolves when it stopped. */
  drainOutbox: () => Promise<void>;
}

/** What goes to the outbox instead, when the write cannot be sent now. */
export interface QueuedWrite<M extends MethodName> {
  params: ParamsIn<M>;
  label?: string;
  /**
   * A write of its own (other params than the attempt online: a registration with a block MRN)
   * gets a fresh idempotency key; by default it keeps the online attempt's, since that may have
   * reached the server.
   */
  freshKey?: boolean;
  /** Done in the same transaction as the enqueue (what the desk keeps beside the entry). */
  alongside?: (entry: OutboxEntryView) => void;
}

export interface WriteOptions<M extends MethodName> {
  label: string;
  idempotencyKey?: string;
  /** Runs inside the queueing transaction, so what it takes (an MRN) rolls back if the enqueue fails. */
  whenQueued?: () => QueuedWrite<M>;
}

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/**
 * The one way every desk writes: checked against the contract, then sent now (online, with
 * nothing queued before it) or queued in the outbox, in order. Desks are told through their
 * registered offline writes (OfflineWriteHooks).
 */
export class WritePath {
  private readonly deps: WritePathDeps;

  constructor(deps: WritePathDeps) {
    this.deps = deps;
  }

  /** Whether a write made now could wait in an outbox. */
  get canQueue(): boolean {
    return this.deps.offline !== undefined;
  }

  /**
   * The one check every write of every desk passes before it is sent or queued, online or
   * offline: the signed-in user's access and the params, against the contract (as the gateway
   * would on replay), so nothing is queued only for the server to refuse it later.
   */
  check(method: MethodName, params: unknown): void {
    const spec = methods[method];
    if (!mayCall(spec.access, this.deps.connection.currentSession?.user.roles)) {
      throw new HmsError('FORBIDDEN', 'Your account may not make this change.', { method });
    }
    const parsed = spec.params.safeParse(params);
    if (!parsed.success) throw HmsError.validation(fieldErrorsFromIssues(parsed.error.issues));
  }

  async send<M extends MethodName>(method: M, params: ParamsIn<M>, options: WriteOptions<M>): Promise<SubmitOutcome<Result<M>>> {
    const { connection, hooks } = this.deps;
    let attempted: { idempotencyKey: string; error: unknown } | undefined;
    if (await this.readyToSend()) {
      this.check(method, params);
      const idempotencyKey = options.idempotencyKey ?? this.deps.newIdempotencyKey();
      try {
        const result = await connection.call(method, params, { idempotencyKey });
        hooks.applied(method, idempotencyKey, result);
        return { status: 'applied', result, idempotencyKey };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        attempted = { idempotencyKey, error };
      }
    }
    const { offline } = this.deps;
    if (offline === undefined) {
      if (attempted !== undefined) throw attempted.error;
      throw new HmsError('UNAVAILABLE', 'The server cannot be reached, and this workstation keeps no changes to send later. Try again when the server is back.');
    }
    const entry = offline.cache.transaction(() => {
      const queued = options.whenQueued?.() ?? { params };
      // Refused here rolls back the rest of the transaction (an MRN taken for it).
      this.check(method, queued.params);
      const idempotencyKey = (queued.freshKey === true ? undefined : attempted?.idempotencyKey ?? options.idempotencyKey) ?? this.deps.newIdempotencyKey();
      const queuedBy = connection.currentSession?.user.username ?? null;
      const made = offline.outbox.enqueue({ method, params: queued.params, label: queued.label ?? options.label, idempotencyKey, queuedBy });
      queued.alongside?.(made);
      return made;
    });
    return { status: 'queued', entry };
  }

  /** Online with nothing queued before it: a write can go now (and in order). */
  private async readyToSend(): Promise<boolean> {
    const online = () => this.deps.connection.status.state === 'connected' && this.deps.connection.currentSession !== undefined;
    if (!online()) return false;
    const { offline } = this.deps;
    if (offline === undefined) return true;
    if (offline.outbox.status().pending > 0) await this.deps.drainOutbox();
    return online() && offline.outbox.status().pending === 0;
  }
}
