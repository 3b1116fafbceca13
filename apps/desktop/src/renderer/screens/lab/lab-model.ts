import type { LabFindOutcome, LabWorklistView } from '../../../shared/lab/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { ScanEvent } from '../../../shared/protocol/records.js';
import type { HostError } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

export interface LabState {
  worklist: LabWorklistView | undefined;
  worklistError: HostError | undefined;
  /** What the last scan or typed code found (the worklist highlights it), or why not. */
  found: LabFindOutcome | undefined;
}

const EMPTY: LabState = { worklist: undefined, worklistError: undefined, found: undefined };

/**
 * The lab desk's state in the renderer: the worklist the host keeps live, and where a scan goes.
 * A screen that takes scans itself (receipt adds each tube to its batch) claims them while it is
 * open; otherwise a scan finds the specimen or request on the worklist.
 */
export class LabModel implements DeskModel {
  readonly api: HostApi;
  private readonly context: DeskContext;
  private state: LabState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private scanClaim: ((code: string) => void) | undefined;

  constructor(context: DeskContext) {
    this.context = context;
    this.api = context.api;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LabState => this.state;

  start(): void {
    this.api.on('lab.worklist', (worklist) => this.set({ worklist, worklistError: undefined }));
  }

  async load(): Promise<void> {
    await this.loadWorklist();
  }

  reload(): Promise<void> {
    return this.loadWorklist();
  }

  reset(): void {
    this.scanClaim = undefined;
    this.set(EMPTY);
  }

  async loadWorklist(): Promise<void> {
    const result = await this.api.request('lab.worklist', {});
    this.set(result.ok ? { worklist: result.value, worklistError: undefined } : { worklistError: result.error });
  }

  /** A screen takes scans while it is open; the returned function gives them back. */
  claimScans(handler: (code: string) => void): () => void {
    this.scanClaim = handler;
    return () => {
      if (this.scanClaim === handler) this.scanClaim = undefined;
    };
  }

  onScan(scan: ScanEvent): void {
    if (this.scanClaim !== undefined) this.scanClaim(scan.code);
    else void this.find(scan.code);
  }

  /** A specimen barcode or accession, scanned or typed: found on the worklist (or why not). */
  async find(code: string): Promise<LabFindOutcome> {
    const result = await this.api.request('lab.find', { code });
    const found: LabFindOutcome = result.ok ? result.value : { found: 'none', message: result.error.message };
    this.set({ found });
    return found;
  }

  clearFound(): void {
    this.set({ found: undefined });
  }

  navigate: DeskContext['navigate'] = (route, ...args) => this.context.navigate(route, ...args);
  notify: DeskContext['notify'] = (notice) => this.context.notify(notice);

  private set(patch: Partial<LabState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export const LAB_MODEL = deskModelKey<LabModel>('lab');
