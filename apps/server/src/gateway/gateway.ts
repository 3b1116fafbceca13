import { HmsError, RequestFrameSchema, SERVER_CLOSE_CODES, isMethodName, mayCall, methods, validationErrorFrom } from '@hms/core';
import type { MethodName, MethodSpec, RequestId, WireError } from '@hms/core';
import type { Knex } from 'knex';
import type { AuditEntry, AuditKey } from '../audit/index.js';
import { ReadAudits } from '../audit/index.js';
import type { AuthService } from '../auth/index.js';
import type { Clock } from '../clock.js';
import { isPgCode, PG } from '../db/pg-errors.js';
import type { EventHub } from '../events/index.js';
import type { Metrics } from '../http/metrics.js';
import type { Logger } from '../log.js';
import type { Actor } from './actor.js';
import type { Connection } from './connection.js';
import { toWireError } from './errors.js';
import type { Handler, HandlerContext, Handlers } from './handler.js';
import { requestDigest, storedResult } from './idempotency.js';
import type { IdempotencyRequest } from './idempotency.js';
import { runWrite } from './write-scope.js';

export interface GatewayDeps {
  db: Knex;
  clock: Clock;
  log: Logger;
  auth: AuthService;
  handlers: Handlers;
  metrics: Metrics;
  hub: EventHub;
  /** Chains the audit rows (see audit/audit-key.ts). */
  auditKey: AuditKey;
}

/** Methods a user who must change the password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<MethodName>(['auth.changePassword', 'auth.logout', 'auth.resume', 'auth.login', 'system.ping']);

class WriteWithoutAudit extends Error {
  override name = 'WriteWithoutAudit';
}

/**
 * The single door of the protocol: frame checks, flood limits, authentication, RBAC, input
 * validation, idempotency, error mapping and metrics, in that order, for every method.
 */
export class Gateway {
  private readonly deps: GatewayDeps;
  /** Reads' audit rows, appended together when desks read at once (audit/read-audits.ts). */
  private readonly readAudits: ReadAudits;

  constructor(deps: GatewayDeps) {
    this.deps = deps;
    this.readAudits = new ReadAudits(deps.db, deps.auditKey);
  }

  async handleFrame(connection: Connection, raw: string): Promise<void> {
    const started = performance.now();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.reject(connection, null, 'BAD_REQUEST', 'The frame is not valid JSON.', '(malformed)', started);
      return;
    }
    const id = extractId(json);
    const nowMs = this.deps.clock.now().getTime();
    if (!connection.admit(nowMs) || connection.inFlight >= connection.limits.maxInFlight) {
      if (connection.floodedAfterRefusal(nowMs)) {
        this.deps.log.warn({ connection: connection.id, address: connection.origin.address }, 'closing a flooding connection');
        connection.close(SERVER_CLOSE_CODES.flooding, 'Too many requests for too long');
        return;
      }
      this.reject(connection, id, 'RATE_LIMITED', 'Too many requests from this connection. Slow down.', '(rate-limited)', started);
      return;
    }
    const frame = RequestFrameSchema.safeParse(json);
    if (!frame.success) {
      this.reject(connection, id, 'BAD_REQUEST', 'A request needs an "id", a "method" and optional "params".', '(malformed)', started);
      return;
    }
    const { method, params, idempotencyKey } = frame.data;
    if (!isMethodName(method)) {
      this.reject(connection, frame.data.id, 'NOT_FOUND', `There is no method "${method.slice(0, 100)}".`, '(unknown)', started);
      return;
    }
    connection.inFlight += 1;
    try {
      const result = await this.call(connection, method, params ?? {}, idempotencyKey);
      connection.reply(frame.data.id, result);
      this.deps.metrics.observe(method, 'ok', started);
    } catch (error) {
      const wire = toWireError(error, this.deps.log, method);
      connection.fail(frame.data.id, wire);
      this.deps.metrics.observe(method, wire.code, started);
    } finally {
      connection.inFlight -= 1;
    }
  }

  private async call(connection: Connection, method: MethodName, rawParams: unknown, idempotencyKey: string | undefined): Promise<unknown> {
    const spec: MethodSpec = methods[method];
    const actor = spec.access === 'public' ? null : await this.authenticate(connection);
    if (actor !== null) {
      if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(method)) {
        throw new HmsError('FORBIDDEN', 'Change your password before going on.', { reason: 'password_change_required' });
      }
      if (!mayCall(spec.access, actor.roles)) {
        throw new HmsError('FORBIDDEN', `Your role does not allow ${method}.`, { method });
      }
    }
    const parsed = spec.params.safeParse(rawParams);
    if (!parsed.success) throw validationErrorFrom(parsed.error);

    // A key is its caller's: user and workstation, and this very request (method and params).
    let claim: IdempotencyRequest | undefined;
    if (idempotencyKey !== undefined && spec.writes && actor !== null) {
      claim = {
        key: idempotencyKey, method, userId: actor.userId, workstationId: connection.origin.workstationId, digest: requestDigest(method, spec, parsed.data),
      };
      const stored = await storedResult(this.deps.db, this.deps.auditKey, claim, this.stampFor(connection, actor));
      if (stored !== undefined) return stored.result;
    }
    const handler = this.deps.handlers[method] as Handler<MethodName>;
    let result: unknown;
    try {
      result = spec.writes && spec.access !== 'public'
        ? await this.runWriteMethod(connection, actor, claim, (context) => handler(parsed.data as never, context))
        : await handler(parsed.data as never, this.readContext(connection, actor) as HandlerContext<Actor>);
    } catch (error) {
      // Two retries of one key raced: the loser returns the winner's result.
      if (claim !== undefined && isPgCode(error, PG.uniqueViolation, 'idempotency_keys_pkey')) {
        const stored = await storedResult(this.deps.db, this.deps.auditKey, claim, this.stampFor(connection, actor));
        if (stored !== undefined) return stored.result;
      }
      throw error;
    }
    // Sessions and accounts changed here are dropped from this process's cache at once (other
    // processes hear of it by notification).
    if (spec.writes && (method.startsWith('auth.') || method.startsWith('users.'))) this.deps.auth.sessionChanged('*');
    const checked = spec.result.safeParse(result);
    if (!checked.success) {
      this.deps.log.error({ method, issues: checked.error.issues.map((issue) => issue.path.join('.')) }, 'handler result breaks the contract');
      throw new HmsError('INTERNAL', 'The server produced an invalid reply.');
    }
    return checked.data;
  }

  private async authenticate(connection: Connection): Promise<Actor> {
    if (connection.sessionId === undefined) throw new HmsError('UNAUTHENTICATED', 'Please sign in.');
    try {
      return (await this.deps.auth.validate(connection.sessionId)).actor;
    } catch (error) {
      if (error instanceof HmsError && error.code === 'UNAUTHENTICATED') connection.unbindSession();
      throw error;
    }
  }

  /**
   * A write method runs whole in one transaction: its reads, its writes, its audit rows and
   * events, and its idempotency record holding the very result sent back.
   */
  private runWriteMethod(
    connection: Connection,
    actor: Actor | null,
    claim: IdempotencyRequest | undefined,
    handler: (context: HandlerContext<Actor>) => Promise<unknown>,
  ): Promise<unknown> {
    const stamp = this.stampFor(connection, actor);
    return runWrite(this.deps.db, { stamp, auditKey: this.deps.auditKey, ...(claim === undefined ? {} : { idempotency: claim }) }, async (scope) => {
      let wrote = false;
      const context: HandlerContext<Actor | null> = {
        ...this.baseContext(connection, actor),
        db: scope.trx,
        write: async (work) => {
          wrote = true;
          return work(scope);
        },
        auditRead: async (entry) => scope.audit(entry),
      };
      const result = await handler(context as HandlerContext<Actor>);
      if (wrote && !scope.hasAudit) throw new WriteWithoutAudit('every write must record an audit entry');
      return result;
    });
  }

  private readContext(connection: Connection, actor: Actor | null): HandlerContext<Actor | null> {
    const { db } = this.deps;
    const stamp = this.stampFor(connection, actor);
    return {
      ...this.baseContext(connection, actor),
      db,
      write: () => Promise.reject(new Error('a method declared writes: false tried to write')),
      auditRead: (entry: AuditEntry) => this.readAudits.append(stamp(), entry),
    };
  }

  private baseContext(connection: Connection, actor: Actor | null): Omit<HandlerContext<Actor | null>, 'db' | 'write' | 'auditRead'> {
    const { clock, log } = this.deps;
    return {
      actor,
      origin: connection.origin,
      clock,
      log,
      connection: {
        bindSession: (bound) => connection.bindSession(bound),
        setWorkstation: (workstationId) => connection.setWorkstation(workstationId),
        unbindSession: () => connection.unbindSession(),
        subscribe: (topic) => connection.subscribe(topic),
        unsubscribe: (topic) => connection.unsubscribe(topic),
        get topics() {
          return connection.topics;
        },
        resumeEvents: (afterSeq) => this.deps.hub.resume(connection, afterSeq),
      },
    };
  }

  private stampFor(connection: Connection, actor: Actor | null) {
    return () => ({
      at: this.deps.clock.now(),
      actor: actor === null ? null : { userId: actor.userId, username: actor.username },
      origin: connection.origin,
    });
  }

  private reject(connection: Connection, id: RequestId | null, code: WireError['code'], message: string, method: string, started: number): void {
    connection.fail(id, { code, message });
    this.deps.metrics.observe(method, code, started);
  }
}

function extractId(json: unknown): RequestId | null {
  if (typeof json !== 'object' || json === null) return null;
  const id = (json as { id?: unknown }).id;
  if (typeof id === 'string' && id.length > 0 && id.length <= 64) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  return null;
}
