import type { HostApi } from '../../shared/host-api.js';
import type { PrintOutcome, PrinterRole } from '../../shared/printing/documents.js';
import type { Announcement, DiscoveredDevices, ReferenceView, ScanEvent } from '../../shared/protocol/records.js';
import type { HostInfo, HostStatus, SessionStatus } from '../../shared/protocol/status.js';
import type { HostError, HostResult } from '../../shared/result.js';
import { printerOf } from '../../shared/settings.js';
import type { WorkstationSettings, WorkstationSettingsInput } from '../../shared/settings.js';
import type { AnyRendererDesk, DeskContext, DeskModel, DeskModelKey } from '../app/desk-module.js';
import type { DeskRegistry } from '../app/desk-registry.js';
import { deskStep } from './desk-lifecycle.js';
import { PrintJobs } from './print-jobs.js';

/** A short message for the person at the desk (a scan that found nobody, a print that went through). */
export interface Notice {
  id: number;
  intent: 'info' | 'success' | 'warning' | 'error';
  title: string;
  message: string;
}

export interface WorkstationState {
  /** The first answers from the host have arrived. */
  ready: boolean;
  /** The host itself could not be reached (only the loopback or IPC can fail this way). */
  hostError: HostError | undefined;
  info: HostInfo | undefined;
  status: HostStatus | undefined;
  settings: WorkstationSettings | undefined;
  announcements: Announcement[];
  lastScan: ScanEvent | undefined;
  /** The screen (`#/patient/<id>`: route 'patient', args ['<id>']). */
  route: string;
  routeArgs: string[];
  notices: Notice[];
  /** The hospital's settings, departments and doctors, for every desk (the header names the hospital from them). */
  reference: ReferenceView | undefined;
}

type Listener = () => void;

const NOTICE_VISIBLE_MS = 8_000;

function routeFromHash(hash: string): { route: string; routeArgs: string[] } {
  const match = /^#\/([a-z0-9-]+)((?:\/[^/]+)*)/.exec(hash);
  if (match === null) return { route: '', routeArgs: [] };
  const args = (match[2] ?? '').split('/').filter((part) => part !== '').map((part) => decodeURIComponent(part));
  return { route: match[1] ?? '', routeArgs: args };
}

/**
 * The renderer's single source of state, fed by the HostApi's answers and pushes. Components
 * read snapshots (useSyncExternalStore) and call these actions; they hold no rules themselves.
 */
export class WorkstationModel {
  readonly api: HostApi;
  readonly registry: DeskRegistry;
  readonly prints: PrintJobs;
  private readonly deskModels = new Map<string, DeskModel>();
  /** Whether the desks the user sees have loaded for this session. */
  private desksLoaded = false;
  private state: WorkstationState;
  private nextNotice = 1;
  private readonly listeners = new Set<Listener>();
  private readonly scanListeners = new Set<(scan: ScanEvent) => void>();

  constructor(api: HostApi, registry: DeskRegistry) {
    this.api = api;
    this.registry = registry;
    this.prints = new PrintJobs(api);
    this.state = {
      ready: false,
      hostError: undefined,
      info: undefined,
      status: undefined,
      settings: undefined,
      announcements: [],
      lastScan: undefined,
      ...routeFromHash(window.location.hash),
      notices: [],
      reference: undefined,
    };
    const context: DeskContext = {
      api,
      prints: this.prints,
      notify: (notice) => this.notify(notice),
      navigate: (route, ...args) => this.navigate(route, ...args),
      printsSilently: (role) => this.printsSilently(role),
    };
    for (const desk of registry.desks) this.deskModels.set(desk.id, desk.model.create(context));
  }

  /** A desk's model, by the key its module registered it under. */
  desk<M extends DeskModel>(key: DeskModelKey<M>): M {
    const model = this.deskModels.get(key.id);
    if (model === undefined) throw new Error(`No desk ${key.id} is registered on this workstation.`);
    // The registry created it from the module whose model key this is (defineDesk checks the id).
    return model as M;
  }

  /** The desks the signed-in user sees, with their models. */
  private visibleDesks(): { desk: AnyRendererDesk; model: DeskModel }[] {
    const session = this.session;
    if (session === undefined || session.state === 'signedOut') return [];
    return this.registry.desksFor(session.user.roles).flatMap((desk) => {
      const model = this.deskModels.get(desk.id);
      return model === undefined ? [] : [{ desk, model }];
    });
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WorkstationState => this.state;

  async start(): Promise<void> {
    this.api.on('status', (status) => this.onStatus(status));
    this.api.on('server.event', (event) => {
      if (event.event === 'system.announcement') {
        const announcement: Announcement = { ...event.data, seq: event.seq };
        if (!this.state.announcements.some((known) => known.seq === announcement.seq)) {
          this.set({ announcements: [announcement, ...this.state.announcements].slice(0, 20) });
        }
      }
    });
    this.api.on('scanner.scan', (scan) => this.recordScan(scan));
    // Events were missed beyond what the server keeps: every desk shown reads its data again.
    this.api.on('server.resync', () => this.reloadDesks());
    this.api.on('reference.updated', (reference) => this.set({ reference }));
    window.addEventListener('hashchange', () => this.set(routeFromHash(window.location.hash)));
    for (const model of this.deskModels.values()) model.start();
    const [info, status, settings] = await Promise.all([this.api.request('host.info', {}), this.api.request('status.get', {}), this.api.request('settings.get', {})]);
    const failure = [info, status, settings].find((result) => !result.ok);
    this.set({
      ready: true,
      hostError: failure !== undefined && !failure.ok ? failure.error : undefined,
      info: info.ok ? info.value : undefined,
      settings: settings.ok ? settings.value : undefined,
    });
    if (status.ok) this.onStatus(status.value);
  }

  get session(): SessionStatus | undefined {
    return this.state.status?.session;
  }

  navigate(route: string, ...args: string[]): void {
    window.location.hash = `#/${[route, ...args.map((arg) => encodeURIComponent(arg))].join('/')}`;
    this.set({ route, routeArgs: args });
  }

  notify(notice: Omit<Notice, 'id'>): void {
    const id = this.nextNotice++;
    this.set({ notices: [...this.state.notices.filter((known) => known.title !== notice.title || known.message !== notice.message), { ...notice, id }].slice(-3) });
    // Good news goes by itself; warnings and errors stay until dismissed.
    if (notice.intent === 'success' || notice.intent === 'info') window.setTimeout(() => this.dismissNotice(id), NOTICE_VISIBLE_MS);
  }

  dismissNotice(id: number): void {
    this.set({ notices: this.state.notices.filter((notice) => notice.id !== id) });
  }

  async signIn(username: string, password: string): Promise<HostError | undefined> {
    const result = await this.api.request('session.signIn', { username, password });
    if (!result.ok) return result.error;
    this.set({ status: this.state.status === undefined ? undefined : { ...this.state.status, session: result.value } });
    await this.afterSignIn();
    return undefined;
  }

  async signOut(): Promise<void> {
    await this.api.request('session.signOut', {});
    this.resetDesks();
    this.set({ announcements: [], notices: [] });
  }

  async lock(): Promise<void> {
    if (this.session?.state === 'signedIn') await this.api.request('session.lock', {});
  }

  async unlock(password: string): Promise<HostError | undefined> {
    const result = await this.api.request('session.unlock', { password });
    return result.ok ? undefined : result.error;
  }

  async saveSettings(input: WorkstationSettingsInput): Promise<HostResult<WorkstationSettings>> {
    const result = await this.api.request('settings.update', input);
    if (result.ok) this.set({ settings: result.value });
    return result;
  }

  printTestPage(role: PrinterRole): Promise<HostResult<PrintOutcome>> {
    return this.api.request('printers.testPage', { role });
  }

  discoverDevices(): Promise<HostResult<DiscoveredDevices>> {
    return this.api.request('devices.discover', {});
  }

  /** Every scan, from the keyboard wedge (seen here) or a serial scanner (pushed by the host). */
  recordScan(scan: ScanEvent): void {
    this.set({ lastScan: scan });
    for (const listener of this.scanListeners) listener(scan);
    const session = this.session;
    // A scan goes to the desk on screen (else the first desk that takes scans), but not where scans test the scanner.
    if (session?.state !== 'signedIn' || this.registry.workstationScreen(this.state.route)?.keepsScans === true) return;
    const here = this.registry.deskAt(this.state.route, session.user.roles);
    const desks = this.visibleDesks();
    const target = desks.find(({ desk, model }) => desk === here && model.onScan !== undefined) ?? desks.find(({ model }) => model.onScan !== undefined);
    target?.model.onScan?.(scan);
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  /** A desktop with a printer set up for this role prints without asking; a browser always asks (its dialog). */
  private printsSilently(role: PrinterRole): boolean {
    const { info, settings } = this.state;
    if (info?.silentPrinting !== true || settings === undefined) return false;
    return printerOf(settings, role).kind !== 'none';
  }

  /** Once per sign-in: every desk the user sees loads, and the announcements heard so far. */
  private async afterSignIn(): Promise<void> {
    if (this.desksLoaded) return;
    this.desksLoaded = true;
    for (const { model } of this.visibleDesks()) void model.load();
    void this.loadReference();
    const announcements = await this.api.request('announcements.recent', {});
    if (announcements.ok) this.set({ announcements: announcements.value });
  }

  private async loadReference(): Promise<void> {
    const result = await this.api.request('reference.get', {});
    if (result.ok) this.set({ reference: result.value });
  }

  private reloadDesks(): void {
    if (this.session?.state !== 'signedIn') return;
    for (const { model } of this.visibleDesks()) void model.reload();
  }

  private resetDesks(): void {
    this.desksLoaded = false;
    for (const model of this.deskModels.values()) model.reset();
    this.prints.reset();
  }

  private onStatus(status: HostStatus): void {
    const previous = this.state.status;
    this.set({ status });
    switch (deskStep(previous, status, this.desksLoaded)) {
      case 'load':
        void this.afterSignIn();
        return;
      case 'reload':
        this.reloadDesks();
        return;
      case 'reset':
        this.resetDesks();
        return;
      case undefined:
        return;
    }
  }

  private set(patch: Partial<WorkstationState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
