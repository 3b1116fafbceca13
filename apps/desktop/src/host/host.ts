import { HmsError } from '@hms/core';
import type { ClientEvent, MethodName, ParamsIn, Role } from '@hms/core';
import { z } from 'zod';
import type { BackoffPolicy } from '../shared/connection/backoff.js';
import { ServerConnection } from '../shared/connection/server-connection.js';
import type { EventCursorStore } from '../shared/connection/server-connection.js';
import type { HostEventName, HostEvents, HostHandlers, OwnedHandlers } from '../shared/protocol/channels.js';
import type { HostInfo, HostStatus, OutboxStatus, SessionStatus } from '../shared/protocol/status.js';
import { HostFailure } from '../shared/result.js';
import type { WorkstationSettingsInput } from '../shared/settings.js';
import { memoryKeyValues } from './cache/local-cache.js';
import type { KeyValueStore, LocalCache } from './cache/local-cache.js';
import { WORKSTATION_MIGRATIONS, cacheMigrations } from './cache/migrations.js';
import { PatientIndex } from './cache/patient-index.js';
import type { AnyDeskHost, DeskContext, DeskHost, DeskId, HostDeskModule, HostDeskModules } from './desk-module.js';
import type { HostPlatform, PrintService, SerialScannerPort } from './platform.js';
import { AnnouncementStore, MemoryAnnouncements } from './workstation/announcements.js';
import type { Announcements } from './workstation/announcements.js';
import { ChartTopics } from './workstation/chart-topics.js';
import { OfflineReadLog } from './workstation/offline-reads.js';
import { QueueTopics } from './workstation/queue-topics.js';
import { OfflineMrns } from './workstation/offline-mrns.js';
import { PatientCopy } from './workstation/patient-copy.js';
import { ReferenceDataService } from './workstation/reference-data.js';
import { SessionLock, serverPasswordCheck } from './workstation/session-lock.js';
import { SettingsStore } from './workstation/settings-store.js';
import { workstationHandlers } from './workstation/workstation-handlers.js';
import { OfflineWriteHooks } from './writes/offline-writes.js';
import { Outbox } from './writes/outbox.js';
import { WritePath } from './writes/write-path.js';

export interface HostOptions {
  platform: HostPlatform;
  /** Every desk's host part (HOST_DESKS from desks.ts). */
  desks: HostDeskModules;
  /** Settings for a first start; later starts use the stored ones. */
  defaults: WorkstationSettingsInput;
  version: string;
  backoff?: BackoffPolicy;
  pingIntervalMs?: number;
  now?: () => Date;
}

export type HostEventEnvelope = { [E in HostEventName]: { event: E; data: HostEvents[E] } }[HostEventName];

/** Retry the outbox this often while entries wait and the server is there. */
const OUTBOX_RETRY_MS = 30_000;
const NO_OUTBOX: OutboxStatus = { pending: 0, conflicts: 0, draining: false };

const CursorMapSchema = z.record(z.string(), z.number().int().nonnegative());

function cursorStore(values: KeyValueStore): EventCursorStore {
  const key = 'events.cursor';
  return {
    load: (serverUrl) => values.getValue(key, CursorMapSchema)?.[serverUrl],
    save: (serverUrl, seq) => values.setValue(key, { ...values.getValue(key, CursorMapSchema), [serverUrl]: seq }),
  };
}

/**
 * The workstation's host, the same in every runtime: the connection, the workstation's own
 * services (settings, session lock, reference data, offline MRNs, announcements, printing,
 * the outbox and the one write path) and every registered desk, looped over. What the runtime
 * can do comes from its platform (Node: the cache, the outbox, printers, serial devices; the
 * browser: none of those but its print dialog). Transports (Electron IPC, the loopback
 * WebSocket, the page itself) expose `handlers` and forward `onEvent`.
 */
export class Host {
  readonly platform: HostPlatform;
  readonly cache: LocalCache | undefined;
  readonly values: KeyValueStore;
  readonly settings: SettingsStore;
  readonly connection: ServerConnection;
  readonly outbox: Outbox | undefined;
  readonly patients: PatientIndex | undefined;
  readonly reference: ReferenceDataService;
  readonly offlineMrns: OfflineMrns | undefined;
  readonly patientCopy: PatientCopy;
  readonly announcements: Announcements;
  readonly printer: PrintService;
  readonly scanner: SerialScannerPort | undefined;
  readonly lock: SessionLock;
  readonly writeHooks = new OfflineWriteHooks();
  readonly queueTopics = new QueueTopics();
  readonly chartTopics: ChartTopics;
  readonly offlineReads: OfflineReadLog;
  readonly writes: WritePath;
  readonly desks: { readonly [D in DeskId]: DeskHost<D> };
  readonly handlers: HostHandlers;
  readonly now: () => Date;
  private readonly options: HostOptions;
  private readonly listeners = new Set<(event: HostEventEnvelope) => void>();
  private lastSignOut: Extract<SessionStatus, { state: 'signedOut' }> = { state: 'signedOut' };
  private cancelOutboxRetry: (() => void) | undefined;

  constructor(options: HostOptions) {
    this.options = options;
    const { platform } = options;
    this.platform = platform;
    const now = options.now ?? (() => new Date(platform.runtime.now()));
    this.now = now;
    const migrations = cacheMigrations([WORKSTATION_MIGRATIONS, ...Object.values(options.desks).map((desk) => desk.cacheMigrations)]);
    this.cache = platform.openCache?.(migrations);
    this.values = this.cache ?? memoryKeyValues();
    this.settings = new SettingsStore(platform.settingsValues ?? this.values, options.defaults, platform.pinSettings);
    this.patients = this.cache === undefined ? undefined : new PatientIndex(this.cache);
    this.announcements = this.cache === undefined ? new MemoryAnnouncements() : new AnnouncementStore(this.cache);
    const settings = this.settings.get();
    this.connection = new ServerConnection({
      serverUrl: settings.serverUrl,
      workstationId: settings.workstationId,
      openSocket: platform.openSocket,
      runtime: platform.runtime,
      cursor: cursorStore(this.values),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
    });
    this.chartTopics = new ChartTopics({ connection: this.connection, online: () => this.online() });
    this.offlineReads = new OfflineReadLog({
      values: this.values,
      send: (reads) => this.connection.call('audit.recordOfflineReads', { reads }),
      user: () => this.connection.currentSession?.user,
      online: () => this.online(),
      now,
      randomUUID: () => platform.randomUUID(),
    });
    this.lock = new SessionLock(platform.passwordCheck ?? serverPasswordCheck((password) => this.signInAgain(password)));
    this.outbox = this.cache === undefined ? undefined : new Outbox(this.cache, {
      onApplied: (entry, result) => {
        this.writeHooks.applied(entry.method, entry.idempotencyKey, result);
        this.emit({ event: 'outbox.applied', data: { idempotencyKey: entry.idempotencyKey, method: entry.method, result } });
      },
      onRejected: (conflict) => this.writeHooks.refused(conflict),
    });
    this.writes = new WritePath({
      connection: this.connection,
      offline: this.cache === undefined || this.outbox === undefined ? undefined : { cache: this.cache, outbox: this.outbox },
      hooks: this.writeHooks,
      newIdempotencyKey: () => this.newIdempotencyKey(),
      drainOutbox: () => this.drainOutbox(),
    });
    this.reference = new ReferenceDataService({
      values: this.values, connection: this.connection, serverUrl: () => this.settings.get().serverUrl, now, online: () => this.online(),
    });
    this.reference.onChange(() => this.emit({ event: 'reference.updated', data: this.reference.kept('server') }));
    this.offlineMrns = this.cache === undefined || this.outbox === undefined ? undefined : new OfflineMrns({
      cache: this.cache,
      connection: this.connection,
      settings: () => this.settings.get(),
      roles: () => this.roles(),
    });
    this.patientCopy = new PatientCopy({ connection: this.connection, index: this.patients, roles: () => this.roles(), now, online: () => this.online() });
    this.printer = platform.printing.create({
      settings: () => this.settings.get(),
      // Printouts carry the hospital's own name and address, as the server has them.
      hospital: () => this.reference.hospital(),
      now,
    });
    this.scanner = platform.devices?.serialScanner((code) => this.emit({ event: 'scanner.scan', data: { source: 'serial', code, at: now().toISOString() } }));
    this.desks = this.createDesks();
    for (const desk of this.deskList()) this.writeHooks.register(desk.writes);
    this.handlers = { ...workstationHandlers(this), ...this.deskHandlers() };
    this.wire();
  }

  onEvent(listener: (event: HostEventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.connection.start();
    await this.scanner?.configure(this.settings.get().scanner.serial);
  }

  async stop(): Promise<void> {
    this.cancelOutboxRetry?.();
    this.connection.stop();
    await this.scanner?.stop();
    this.cache?.close();
  }

  info(): HostInfo {
    const { platform } = this;
    return {
      kind: platform.kind,
      version: this.options.version,
      cache: this.cache !== undefined,
      outbox: this.outbox !== undefined,
      serial: platform.devices !== undefined,
      silentPrinting: platform.printing.silent,
    };
  }

  status(): HostStatus {
    return { connection: this.connection.status, session: this.sessionStatus(), outbox: this.outbox?.status() ?? NO_OUTBOX };
  }

  /** Replays the outbox when the server and a session are there. */
  async drainOutbox(): Promise<void> {
    const { outbox } = this;
    if (outbox === undefined || !this.online()) return;
    if (outbox.status().pending === 0) return;
    const report = await outbox.drain({
      send: (method, params, idempotencyKey) => this.connection.call(method, params as ParamsIn<MethodName>, { idempotencyKey }),
    });
    this.cancelOutboxRetry?.();
    this.cancelOutboxRetry = undefined;
    if (report.stoppedBy !== undefined && outbox.status().pending > 0) {
      this.cancelOutboxRetry = this.platform.runtime.schedule(() => void this.drainOutbox(), OUTBOX_RETRY_MS);
    }
  }

  /** The one check of every write (access, params against the contract) before it is sent or queued. */
  checkWrite(method: MethodName, params: unknown): void {
    this.writes.check(method, params);
  }

  sessionStatus(): SessionStatus {
    const session = this.connection.currentSession;
    if (session === undefined) return this.lastSignOut;
    return { state: this.lock.locked ? 'locked' : 'signedIn', user: session.user, expiresAt: session.expiresAt };
  }

  /** Records why the session ended, as the sign-in screen shows it. */
  signedOut(status: Extract<SessionStatus, { state: 'signedOut' }>): void {
    this.lock.clear();
    this.lastSignOut = status;
    for (const desk of this.deskList()) desk.onSignOut?.();
  }

  emit(event: HostEventEnvelope): void {
    for (const listener of this.listeners) listener(event);
  }

  emitStatus(): void {
    this.emit({ event: 'status', data: this.status() });
  }

  /** Patient data and queued writes are for a signed-in, unlocked user only. */
  requireSession(): void {
    const session = this.sessionStatus();
    if (session.state === 'signedOut') throw new HmsError('UNAUTHENTICATED', 'Please sign in.');
    if (session.state === 'locked') throw new HostFailure('LOCKED', 'The workstation is locked. Unlock it first.');
  }

  requireUnlocked(): void {
    if (this.lock.locked) throw new HostFailure('LOCKED', 'The workstation is locked. Unlock it first.');
  }

  online(): boolean {
    return this.connection.status.state === 'connected' && this.connection.currentSession !== undefined;
  }

  roles(): readonly Role[] {
    return this.connection.currentSession?.user.roles ?? [];
  }

  private newIdempotencyKey(): string {
    return `hms:${this.settings.get().workstationId.slice(0, 40)}:${this.platform.randomUUID()}`;
  }

  /** Without an offline verifier, the lock screen signs the same user in again (the server checks the password). */
  private async signInAgain(password: string): Promise<void> {
    const session = this.connection.currentSession;
    if (session === undefined) throw new HmsError('UNAUTHENTICATED', 'Please sign in.');
    await this.connection.signIn(session.user.username, password);
  }

  private deskList(): AnyDeskHost[] {
    return Object.values(this.desks);
  }

  /**
   * Every desk's handlers in one map. HostDeskModules makes each desk implement exactly its own
   * requests, so together they are every desk-owned request; TypeScript cannot follow that over
   * the union of desks, hence the one cast.
   */
  private deskHandlers(): OwnedHandlers<DeskId> {
    const merged: Partial<OwnedHandlers<DeskId>> = {};
    for (const desk of this.deskList()) Object.assign(merged, desk.handlers);
    return merged as OwnedHandlers<DeskId>;
  }

  private createDesks(): { readonly [D in DeskId]: DeskHost<D> } {
    const context = <D extends DeskId>(_id: D): DeskContext<D> => ({
      connection: this.connection,
      cache: this.cache,
      values: this.values,
      patients: this.patients,
      patientCopy: this.patientCopy,
      reference: this.reference,
      offlineMrns: this.offlineMrns,
      announcements: this.announcements,
      queueTopics: this.queueTopics,
      chartTopics: this.chartTopics,
      offlineReads: this.offlineReads,
      outbox: this.outbox,
      printer: this.printer,
      writes: this.writes,
      settings: () => this.settings.get(),
      now: this.now,
      schedule: (callback, ms) => this.platform.runtime.schedule(callback, ms),
      randomUUID: () => this.platform.randomUUID(),
      online: () => this.online(),
      roles: () => this.roles(),
      username: () => this.connection.currentSession?.user.username ?? null,
      requireSession: () => this.requireSession(),
      publish: (event, data) => this.emit({ event, data } as HostEventEnvelope),
    });
    const { desks } = this.options;
    const make = <D extends DeskId>(desk: HostDeskModule<D>): DeskHost<D> => desk.create(context(desk.id));
    // Each module made with its own id's context; the mapped type is what HostDeskModules guarantees.
    return Object.fromEntries((Object.values(desks) as HostDeskModule<DeskId>[]).map((desk) => [desk.id, make(desk)])) as { [D in DeskId]: DeskHost<D> };
  }

  /** Connected and signed in, the outbox drained: the workstation's services and every desk catch up. */
  private async whenOnline(): Promise<void> {
    if (!this.online()) return;
    await Promise.all([
      this.reference.refresh().catch(() => undefined),
      this.offlineMrns?.topUp(this.now()).catch(() => undefined),
      this.patientCopy.refreshStale(),
      this.offlineReads.flush(),
      ...this.deskList().map((desk) => desk.whenOnline?.()),
    ]);
  }

  private onServerEvent(event: ClientEvent): void {
    switch (event.event) {
      case 'system.announcement':
        this.announcements.add({ ...event.data, seq: event.seq });
        break;
      case 'reference.changed':
        void this.reference.refresh().catch(() => undefined);
        break;
      case 'patients.changed':
        void this.patientCopy.onChanged(event.data);
        break;
      case 'queue.changed':
      case 'vitals.recorded':
      case 'allergies.changed':
      case 'encounters.changed':
      case 'diagnoses.added':
      case 'problems.changed':
      case 'prescriptions.changed':
      case 'orders.changed':
      case 'stock.changed':
      case 'dispensing.changed':
      case 'lab.changed':
      case 'lab.critical':
      case 'lab.criticalAcknowledged':
      case 'lab.resultReleased':
        // The desks' own (a chart's events, issue 11, are the clinical desks'; stock and dispensing, issue 12, the pharmacy's; lab, issue 13).
        break;
    }
    for (const desk of this.deskList()) desk.onServerEvent?.(event);
    this.emit({ event: 'server.event', data: event });
  }

  private wire(): void {
    this.connection.onStatus((status) => {
      this.emitStatus();
      if (status.state === 'connected') void this.drainOutbox().then(() => this.whenOnline());
      else for (const desk of this.deskList()) desk.offline?.();
    });
    this.connection.onSession((change) => {
      if (change.state === 'signedOut') this.signedOut({ state: 'signedOut', reason: change.reason, message: change.message });
      this.emitStatus();
      if (change.state === 'signedIn') void this.drainOutbox().then(() => this.whenOnline());
    });
    this.connection.onEvent((event) => this.onServerEvent(event));
    this.connection.onResync(() => {
      for (const desk of this.deskList()) desk.onResync?.();
      this.emit({ event: 'server.resync', data: { reason: 'eventsPruned' } });
    });
    this.outbox?.onChange(() => this.emitStatus());
    this.settings.onChange((settings, previous) => {
      this.connection.setWorkstationId(settings.workstationId);
      if (settings.serverUrl !== previous.serverUrl) this.connection.setServerUrl(settings.serverUrl);
      if (JSON.stringify(settings.scanner.serial) !== JSON.stringify(previous.scanner.serial)) void this.scanner?.configure(settings.scanner.serial);
    });
  }
}
