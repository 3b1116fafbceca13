import { HmsError, fieldErrorsFromIssues, mayCall, methods } from '@hms/core';
import type { MethodName, ParamsIn } from '@hms/core';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { BackoffPolicy } from '../shared/connection/backoff.js';
import type { OpenSocket, Runtime } from '../shared/connection/runtime.js';
import { ServerConnection } from '../shared/connection/server-connection.js';
import type { EventCursorStore } from '../shared/connection/server-connection.js';
import type { HostEventName, HostEvents, HostHandlers } from '../shared/protocol/channels.js';
import type { SubmitOutcome } from '../shared/protocol/records.js';
import type { HostInfo, HostStatus, SessionStatus } from '../shared/protocol/status.js';
import { HostFailure } from '../shared/result.js';
import type { WorkstationSettingsInput } from '../shared/settings.js';
import { AnnouncementStore } from './cache/announcements.js';
import { CacheDb } from './cache/cache-db.js';
import { PatientIndex } from './cache/patient-index.js';
import { nodeRuntime, openWsSocket } from './connection/node-runtime.js';
import { discoverDevices } from './devices/discover.js';
import { SerialScanner } from './devices/serial-scanner.js';
import { Outbox } from './outbox/outbox.js';
import { PrinterService } from './printing/printer-service.js';
import { Reception } from './reception/reception.js';
import type { PrinterTimeouts } from './printing/transports.js';
import { SessionLock } from './session/session-lock.js';
import { SettingsStore } from './settings/settings-store.js';

export interface HostOptions {
  /** Folder of this workstation's cache database. */
  dataDir: string;
  /** Settings for a first start; later starts use the stored ones. */
  defaults: WorkstationSettingsInput;
  version: string;
  runtime?: Runtime;
  openSocket?: OpenSocket;
  backoff?: BackoffPolicy;
  pingIntervalMs?: number;
  lpCommand?: string;
  printerTimeouts?: Partial<PrinterTimeouts>;
  now?: () => Date;
}

export type HostEventEnvelope = { [E in HostEventName]: { event: E; data: HostEvents[E] } }[HostEventName];

/** Methods the host keeps for itself: the session token never leaves it. */
const SESSION_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['auth.login', 'auth.resume', 'auth.logout']);
/** Retry the outbox this often while entries wait and the server is there. */
const OUTBOX_RETRY_MS = 30_000;

const CursorMapSchema = z.record(z.string(), z.number().int().nonnegative());

function cursorStore(cache: CacheDb): EventCursorStore {
  const key = 'events.cursor';
  return {
    load: (serverUrl) => cache.getValue(key, CursorMapSchema)?.[serverUrl],
    save: (serverUrl, seq) => cache.setValue(key, { ...cache.getValue(key, CursorMapSchema), [serverUrl]: seq }),
  };
}

/**
 * The workstation's host, composed: cache, settings, connection, outbox, printing, scanner.
 * Transports (Electron IPC, the loopback WebSocket) expose `handlers` and forward `onEvent`.
 */
export class Host {
  readonly cache: CacheDb;
  readonly settings: SettingsStore;
  readonly connection: ServerConnection;
  readonly outbox: Outbox;
  readonly patients: PatientIndex;
  readonly announcements: AnnouncementStore;
  readonly printers: PrinterService;
  readonly scanner: SerialScanner;
  readonly reception: Reception;
  readonly handlers: HostHandlers;
  private readonly options: HostOptions;
  private readonly runtime: Runtime;
  private readonly lock = new SessionLock();
  private readonly listeners = new Set<(event: HostEventEnvelope) => void>();
  private lastSignOut: Extract<SessionStatus, { state: 'signedOut' }> = { state: 'signedOut' };
  private cancelOutboxRetry: (() => void) | undefined;

  constructor(options: HostOptions) {
    this.options = options;
    this.runtime = options.runtime ?? nodeRuntime;
    const now = options.now ?? (() => new Date(this.runtime.now()));
    mkdirSync(options.dataDir, { recursive: true });
    this.cache = CacheDb.open(join(options.dataDir, 'workstation-cache.sqlite'), { now });
    this.settings = new SettingsStore(this.cache, options.defaults);
    this.patients = new PatientIndex(this.cache);
    this.announcements = new AnnouncementStore(this.cache);
    const settings = this.settings.get();
    this.connection = new ServerConnection({
      serverUrl: settings.serverUrl,
      workstationId: settings.workstationId,
      openSocket: options.openSocket ?? openWsSocket(),
      runtime: this.runtime,
      cursor: cursorStore(this.cache),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
    });
    this.outbox = new Outbox(this.cache, {
      onApplied: (entry, result) => {
        this.reception.onApplied(entry.method, entry.idempotencyKey, result);
        this.emit({ event: 'outbox.applied', data: { idempotencyKey: entry.idempotencyKey, method: entry.method, result } });
      },
      onRejected: (conflict) => this.reception.onRejected(conflict),
    });
    this.reception = new Reception({
      cache: this.cache,
      patients: this.patients,
      outbox: this.outbox,
      connection: this.connection,
      settings: () => this.settings.get(),
      now,
      schedule: (callback, ms) => this.runtime.schedule(callback, ms),
      newIdempotencyKey: () => this.newIdempotencyKey(),
      drainOutbox: () => this.drainOutbox(),
      requireSession: () => this.requireSession(),
      checkWrite: (method, params) => this.checkWrite(method, params),
      publishQueue: (view) => this.emit({ event: 'reception.queue', data: view }),
      publishChange: (change) => this.emit({ event: 'reception.changed', data: change }),
    });
    this.printers = new PrinterService({
      settings: () => this.settings.get(),
      // Printouts carry the hospital's own name and address, as the server has them.
      hospital: () => this.reception.reference.hospital(this.settings.get().serverUrl),
      now,
      ...(options.lpCommand === undefined ? {} : { lpCommand: options.lpCommand }),
      ...(options.printerTimeouts === undefined ? {} : { timeouts: options.printerTimeouts }),
    });
    this.scanner = new SerialScanner({
      onScan: (code) => this.emit({ event: 'scanner.scan', data: { source: 'serial', code, at: now().toISOString() } }),
    });
    this.handlers = this.createHandlers();
    this.wire();
  }

  onEvent(listener: (event: HostEventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.connection.start();
    await this.scanner.configure(this.settings.get().scanner.serial);
  }

  async stop(): Promise<void> {
    this.cancelOutboxRetry?.();
    this.connection.stop();
    await this.scanner.stop();
    this.cache.close();
  }

  info(): HostInfo {
    return { kind: 'desktop', version: this.options.version, cache: true, outbox: true, serial: true, silentPrinting: true };
  }

  status(): HostStatus {
    return { connection: this.connection.status, session: this.sessionStatus(), outbox: this.outbox.status() };
  }

  /** Replays the outbox when the server and a session are there. */
  async drainOutbox(): Promise<void> {
    if (this.connection.status.state !== 'connected' || this.connection.currentSession === undefined) return;
    if (this.outbox.status().pending === 0) return;
    const report = await this.outbox.drain({
      send: (method, params, idempotencyKey) => this.connection.call(method, params as ParamsIn<MethodName>, { idempotencyKey }),
    });
    this.cancelOutboxRetry?.();
    this.cancelOutboxRetry = undefined;
    if (report.stoppedBy !== undefined && this.outbox.status().pending > 0) {
      this.cancelOutboxRetry = this.runtime.schedule(() => void this.drainOutbox(), OUTBOX_RETRY_MS);
    }
  }

  private sessionStatus(): SessionStatus {
    const session = this.connection.currentSession;
    if (session === undefined) return this.lastSignOut;
    return { state: this.lock.locked ? 'locked' : 'signedIn', user: session.user, expiresAt: session.expiresAt };
  }

  private emit(event: HostEventEnvelope): void {
    for (const listener of this.listeners) listener(event);
  }

  private emitStatus(): void {
    this.emit({ event: 'status', data: this.status() });
  }

  private wire(): void {
    this.connection.onStatus((status) => {
      this.emitStatus();
      if (status.state === 'connected') void this.drainOutbox().then(() => this.reception.whenOnline());
      else this.reception.offline();
    });
    this.connection.onSession((change) => {
      if (change.state === 'signedOut') {
        this.lock.clear();
        this.lastSignOut = { state: 'signedOut', reason: change.reason, message: change.message };
      }
      this.emitStatus();
      if (change.state === 'signedIn') void this.drainOutbox().then(() => this.reception.whenOnline());
    });
    this.connection.onEvent((event) => {
      if (event.event === 'system.announcement') this.announcements.add({ ...event.data, seq: event.seq });
      this.reception.onServerEvent(event);
      this.emit({ event: 'server.event', data: event });
    });
    this.connection.onResync(() => {
      this.reception.onResync();
      this.emit({ event: 'server.resync', data: { reason: 'eventsPruned' } });
    });
    this.outbox.onChange(() => this.emitStatus());
    this.settings.onChange((settings, previous) => {
      this.connection.setWorkstationId(settings.workstationId);
      if (settings.serverUrl !== previous.serverUrl) this.connection.setServerUrl(settings.serverUrl);
      if (JSON.stringify(settings.scanner.serial) !== JSON.stringify(previous.scanner.serial)) void this.scanner.configure(settings.scanner.serial);
    });
  }

  /** Patient data and queued writes are for a signed-in, unlocked user only. */
  private requireSession(): void {
    const session = this.sessionStatus();
    if (session.state === 'signedOut') throw new HmsError('UNAUTHENTICATED', 'Please sign in.');
    if (session.state === 'locked') throw new HostFailure('LOCKED', 'The workstation is locked. Unlock it first.');
  }

  private requireUnlocked(): void {
    if (this.lock.locked) throw new HostFailure('LOCKED', 'The workstation is locked. Unlock it first.');
  }

  /**
   * The one check every write of every desk passes before it is sent or queued, online or
   * offline: the signed-in user's access and the params, against the contract (as the gateway
   * would on replay), so nothing is queued only for the server to refuse it later.
   */
  checkWrite(method: MethodName, params: unknown): void {
    const spec = methods[method];
    if (!mayCall(spec.access, this.connection.currentSession?.user.roles)) {
      throw new HmsError('FORBIDDEN', 'Your account may not make this change.', { method });
    }
    const parsed = spec.params.safeParse(params);
    if (!parsed.success) throw HmsError.validation(fieldErrorsFromIssues(parsed.error.issues));
  }

  /** A write that must not be lost: checked, then sent now with a fresh idempotency key, or queued (behind queued ones, in order). */
  private async submit(method: MethodName, params: unknown, label: string): Promise<SubmitOutcome> {
    this.checkWrite(method, params);
    const queuedBy = this.connection.currentSession?.user.username ?? null;
    if (this.outbox.status().pending === 0) {
      const idempotencyKey = this.newIdempotencyKey();
      try {
        const result = await this.connection.call(method, params as ParamsIn<MethodName>, { idempotencyKey });
        this.reception.onApplied(method, idempotencyKey, result);
        return { status: 'applied', result, idempotencyKey };
      } catch (error) {
        if (!(error instanceof HmsError) || error.code !== 'UNAVAILABLE') throw error;
        // It may have reached the server before the link dropped: the same key makes the replay safe.
        const entry = this.outbox.enqueue({ method, params, label, idempotencyKey, queuedBy });
        return { status: 'queued', entry };
      }
    }
    const entry = this.outbox.enqueue({ method, params, label, idempotencyKey: this.newIdempotencyKey(), queuedBy });
    void this.drainOutbox();
    return { status: 'queued', entry };
  }

  private newIdempotencyKey(): string {
    return `hms:${this.settings.get().workstationId.slice(0, 40)}:${randomUUID()}`;
  }

  private createHandlers(): HostHandlers {
    return {
      'host.info': async () => this.info(),
      'status.get': async () => this.status(),
      'server.call': async ({ method, params, idempotencyKey, timeoutMs }) => {
        if (SESSION_METHODS.has(method)) throw new HmsError('FORBIDDEN', 'Sign in and out through the workstation, not directly.');
        this.requireUnlocked();
        const options = { ...(idempotencyKey === undefined ? {} : { idempotencyKey }), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
        return this.connection.call(method, params as ParamsIn<MethodName>, options);
      },
      'server.submit': async ({ method, params, label }) => {
        this.requireSession();
        return this.submit(method, params, label);
      },
      'session.signIn': async ({ username, password }) => {
        if (this.connection.currentSession !== undefined) await this.connection.signOut();
        await this.connection.signIn(username, password);
        await this.lock.arm(password);
        this.emitStatus();
        return this.sessionStatus();
      },
      'session.signOut': async () => {
        await this.connection.signOut();
        this.lock.clear();
        this.lastSignOut = { state: 'signedOut', reason: 'signedOut' };
        this.emitStatus();
        return this.sessionStatus();
      },
      'session.lock': async () => {
        this.lock.lock();
        this.emitStatus();
        return this.sessionStatus();
      },
      'session.unlock': async ({ password }) => {
        if (!this.lock.locked) return this.sessionStatus();
        const verdict = await this.lock.unlock(password);
        switch (verdict) {
          case 'unlocked':
            this.emitStatus();
            return this.sessionStatus();
          case 'wrong':
            throw new HmsError('UNAUTHENTICATED', 'Wrong password.', { reason: 'wrong_password' });
          case 'exhausted':
            await this.connection.signOut();
            this.lastSignOut = { state: 'signedOut', reason: 'lockedOut', message: 'Signed out after too many wrong passwords.' };
            this.emitStatus();
            throw new HmsError('UNAUTHENTICATED', 'Signed out after too many wrong passwords.', { reason: 'lockedOut' });
        }
      },
      'settings.get': async () => this.settings.get(),
      'settings.update': async (settings) => {
        this.requireUnlocked();
        return this.settings.update(settings);
      },
      'devices.discover': async () => discoverDevices(),
      'printers.testPage': async ({ role }) => {
        this.requireUnlocked();
        return this.printers.print({ kind: 'testPage', role });
      },
      'printers.print': async ({ document }) => {
        this.requireSession();
        return this.printers.print(document);
      },
      'cache.searchPatients': async ({ query, limit }) => {
        this.requireSession();
        return this.patients.search(query, limit);
      },
      'outbox.list': async () => {
        this.requireSession();
        return { pending: this.outbox.pending(), conflicts: this.outbox.conflicts() };
      },
      'outbox.retry': async () => {
        this.requireSession();
        await this.drainOutbox();
        return this.outbox.status();
      },
      'outbox.resolveConflict': async ({ id, resolution }) => {
        this.requireSession();
        const conflict = this.outbox.resolveConflict(id, resolution);
        this.reception.onDiscarded(conflict);
        this.emit({ event: 'reception.changed', data: { what: 'checkIns' } });
        return conflict;
      },
      'outbox.resend': async ({ id, params, resolution }) => {
        this.requireSession();
        const conflict = this.outbox.conflict(id);
        if (conflict === undefined || conflict.resolvedAt !== null) throw HmsError.notFound('An open conflict with this id', { id });
        // Checked like every write (Host.checkWrite, in submit); refused again (online): the conflict stays open and the desk shows why.
        const outcome = await this.submit(conflict.method, params, conflict.label);
        const key = outcome.status === 'applied' ? outcome.idempotencyKey : outcome.entry.idempotencyKey;
        this.outbox.resolveConflict(id, `${resolution} Sent again as ${key}.`);
        this.emit({ event: 'reception.changed', data: { what: 'checkIns' } });
        return outcome;
      },
      ...this.reception.handlers(),
      'announcements.recent': async () => {
        this.requireSession();
        return this.announcements.recent();
      },
    };
  }
}
