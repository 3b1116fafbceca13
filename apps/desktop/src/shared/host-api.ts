import type { ClientEvent, MethodName, ParamsIn, Result } from '@hms/core';
import type { HostBridge } from './ipc.js';
import type { HostEvents, HostRequest, HostResponses } from './protocol/channels.js';
import type { Announcement, CachedPatient, DiscoveredDevices, SubmitOutcome } from './protocol/records.js';
import type { HostInfo, HostStatus, OutboxStatus, SessionStatus } from './protocol/status.js';
import type { PrintDocumentInput, PrintOutcome, PrinterRole } from './printing/documents.js';
import type { HostResult } from './result.js';
import type { WorkstationSettings, WorkstationSettingsInput } from './settings.js';

export interface CallOptions {
  idempotencyKey?: string;
  timeoutMs?: number;
}

type Unsubscribe = () => void;

/** The reception desk's requests (patients, check-in, queue boards) and pushes. */
export interface ReceptionApi {
  overview(refresh?: boolean): Promise<HostResult<HostResponses['reception.overview']>>;
  search(query: string, limit?: number): Promise<HostResult<HostResponses['reception.search']>>;
  patient(ref: HostRequest<'reception.patient'>): Promise<HostResult<HostResponses['reception.patient']>>;
  register(input: HostRequest<'reception.register'>): Promise<HostResult<HostResponses['reception.register']>>;
  checkIn(input: HostRequest<'reception.checkIn'>): Promise<HostResult<HostResponses['reception.checkIn']>>;
  checkIns(): Promise<HostResult<HostResponses['reception.checkIns']>>;
  watchQueue(department: string): Promise<HostResult<HostResponses['reception.watchQueue']>>;
  unwatchQueue(department: string): Promise<HostResult<HostResponses['reception.unwatchQueue']>>;
  mrnCorrections(): Promise<HostResult<HostResponses['reception.mrnCorrections']>>;
  acknowledgeMrnCorrection(patientId: string, printedMrn: string): Promise<HostResult<HostResponses['reception.acknowledgeMrnCorrection']>>;
  onQueue(listener: (view: HostEvents['reception.queue']) => void): Unsubscribe;
  onChange(listener: (change: HostEvents['reception.changed']) => void): Unsubscribe;
}

/**
 * Everything a renderer may ask of its workstation. Every call resolves to a HostResult (never
 * throws, never `any`); pushes arrive through the `on...` subscriptions.
 */
export interface HostApi {
  info(): Promise<HostResult<HostInfo>>;
  status(): Promise<HostResult<HostStatus>>;
  onStatus(listener: (status: HostStatus) => void): Unsubscribe;

  /** A server method of the core contract, typed from it. */
  call<M extends MethodName>(method: M, params: ParamsIn<M>, options?: CallOptions): Promise<HostResult<Result<M>>>;
  /** A write that must not be lost: applied now, or queued while offline (desktop only). */
  submit<M extends MethodName>(method: M, params: ParamsIn<M>, label: string): Promise<HostResult<SubmitOutcome<Result<M>>>>;
  onServerEvent(listener: (event: ClientEvent) => void): Unsubscribe;
  onResync(listener: (info: HostEvents['server.resync']) => void): Unsubscribe;
  onOutboxApplied(listener: (info: HostEvents['outbox.applied']) => void): Unsubscribe;

  signIn(username: string, password: string): Promise<HostResult<SessionStatus>>;
  signOut(): Promise<HostResult<SessionStatus>>;
  lock(): Promise<HostResult<SessionStatus>>;
  unlock(password: string): Promise<HostResult<SessionStatus>>;

  settings(): Promise<HostResult<WorkstationSettings>>;
  updateSettings(settings: WorkstationSettingsInput): Promise<HostResult<WorkstationSettings>>;
  discoverDevices(): Promise<HostResult<DiscoveredDevices>>;

  printTestPage(role: PrinterRole): Promise<HostResult<PrintOutcome>>;
  print(document: PrintDocumentInput): Promise<HostResult<PrintOutcome>>;
  onScan(listener: (scan: HostEvents['scanner.scan']) => void): Unsubscribe;

  searchPatients(query: string, limit?: number): Promise<HostResult<CachedPatient[]>>;
  outbox(): Promise<HostResult<HostResponses['outbox.list']>>;
  retryOutbox(): Promise<HostResult<OutboxStatus>>;
  resolveConflict(id: number, resolution: string): Promise<HostResult<HostResponses['outbox.resolveConflict']>>;
  /** Sends a corrected conflict again; it is resolved once sent (or queued). */
  resendConflict(id: number, params: unknown, resolution: string): Promise<HostResult<HostResponses['outbox.resend']>>;
  announcements(): Promise<HostResult<Announcement[]>>;
  reception: ReceptionApi;
}

/** The typed HostApi over any bridge; the renderer cannot tell which bridge it is. */
export function createHostApi(bridge: HostBridge): HostApi {
  return {
    info: () => bridge.invoke('host.info', {}),
    status: () => bridge.invoke('status.get', {}),
    onStatus: (listener) => bridge.subscribe('status', listener),
    // The host validated the result against the contract's schema before sending it.
    call: (method, params, options = {}) =>
      bridge.invoke('server.call', { method, params, ...options }) as Promise<HostResult<Result<typeof method>>>,
    submit: (method, params, label) =>
      bridge.invoke('server.submit', { method, params, label }) as Promise<HostResult<SubmitOutcome<Result<typeof method>>>>,
    onServerEvent: (listener) => bridge.subscribe('server.event', listener),
    onResync: (listener) => bridge.subscribe('server.resync', listener),
    onOutboxApplied: (listener) => bridge.subscribe('outbox.applied', listener),
    signIn: (username, password) => bridge.invoke('session.signIn', { username, password }),
    signOut: () => bridge.invoke('session.signOut', {}),
    lock: () => bridge.invoke('session.lock', {}),
    unlock: (password) => bridge.invoke('session.unlock', { password }),
    settings: () => bridge.invoke('settings.get', {}),
    updateSettings: (settings) => bridge.invoke('settings.update', settings),
    discoverDevices: () => bridge.invoke('devices.discover', {}),
    printTestPage: (role) => bridge.invoke('printers.testPage', { role }),
    print: (document) => bridge.invoke('printers.print', { document }),
    onScan: (listener) => bridge.subscribe('scanner.scan', listener),
    searchPatients: (query, limit) => bridge.invoke('cache.searchPatients', limit === undefined ? { query } : { query, limit }),
    outbox: () => bridge.invoke('outbox.list', {}),
    retryOutbox: () => bridge.invoke('outbox.retry', {}),
    resolveConflict: (id, resolution) => bridge.invoke('outbox.resolveConflict', { id, resolution }),
    resendConflict: (id, params, resolution) => bridge.invoke('outbox.resend', { id, params, resolution }),
    announcements: () => bridge.invoke('announcements.recent', {}),
    reception: {
      overview: (refresh = false) => bridge.invoke('reception.overview', { refresh }),
      search: (query, limit) => bridge.invoke('reception.search', limit === undefined ? { query } : { query, limit }),
      patient: (ref) => bridge.invoke('reception.patient', ref),
      register: (input) => bridge.invoke('reception.register', input),
      checkIn: (input) => bridge.invoke('reception.checkIn', input),
      checkIns: () => bridge.invoke('reception.checkIns', {}),
      watchQueue: (department) => bridge.invoke('reception.watchQueue', { department }),
      unwatchQueue: (department) => bridge.invoke('reception.unwatchQueue', { department }),
      mrnCorrections: () => bridge.invoke('reception.mrnCorrections', {}),
      acknowledgeMrnCorrection: (patientId, printedMrn) => bridge.invoke('reception.acknowledgeMrnCorrection', { patientId, printedMrn }),
      onQueue: (listener) => bridge.subscribe('reception.queue', listener),
      onChange: (listener) => bridge.subscribe('reception.changed', listener),
    },
  };
}
