import type { RejectionReason, SpecimenContainer } from '@hms/core';
import type { LabFindOutcome, LabWorklistView } from '../../../shared/lab/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostRequest } from '../../../shared/protocol/channels.js';
import type { ScanEvent } from '../../../shared/protocol/records.js';
import { ok } from '../../../shared/result.js';
import type { HostError, HostResult } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

export interface LabState {
  worklist: LabWorklistView | undefined;
  worklistError: HostError | undefined;
  /** What the last scan or typed code found (the worklist highlights it), or why not. */
  found: LabFindOutcome | undefined;
}

/** A registered patient a walk-in is for, found on the server or, offline, in this workstation's copy. */
export interface WalkInPatient {
  id: string;
  mrn: string;
  name: string;
  birthDate: string | null;
}

type Work = { requestId: string } | { orderId: string };

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

  /** The collection screen of an entry: its request once it has one, else the doctor's order. */
  openCollection(entry: { requestId: string | null; orderId: string | null }): void {
    if (entry.requestId !== null) this.context.navigate('lab-collect', 'request', entry.requestId);
    else if (entry.orderId !== null) this.context.navigate('lab-collect', 'order', entry.orderId);
  }

  collectionPlan(work: Work) {
    return this.api.request('lab.collectionPlan', work);
  }

  collect(params: Work & { containers: Array<{ container: SpecimenContainer; tests: string[] }> }) {
    return this.api.request('lab.collect', params);
  }

  printLabels(barcodes: string[]) {
    return this.api.request('lab.printLabels', { barcodes });
  }

  receive(barcodes: string[]) {
    return this.api.request('lab.receive', { barcodes });
  }

  reject(barcode: string, reason: RejectionReason, note: string) {
    return this.api.request('lab.reject', note.trim() === '' ? { barcode, reason } : { barcode, reason, note: note.trim() });
  }

  registerWalkIn(params: HostRequest<'lab.registerWalkIn'>) {
    return this.api.request('lab.registerWalkIn', params);
  }

  catalogue() {
    return this.api.request('lab.catalogue', {});
  }

  accessions() {
    return this.api.request('lab.accessions', {});
  }

  /** Registered patients for a walk-in: the server's search, or this workstation's copy while it is away. */
  async searchPatients(query: string): Promise<HostResult<WalkInPatient[]>> {
    const online = await this.api.call('patients.search', { query, limit: 20 });
    if (online.ok) {
      return ok(online.value.items.map((item) => ({ id: item.id, mrn: item.mrn, name: [item.givenName, item.middleName, item.familyName].filter((part) => part !== null && part !== undefined && part !== '').join(' '), birthDate: item.birthDate })));
    }
    if (online.error.code !== 'UNAVAILABLE') return online;
    const kept = await this.api.request('cache.searchPatients', { query, limit: 20 });
    return kept.ok ? ok(kept.value.map((patient) => ({ id: patient.id, mrn: patient.mrn, name: patient.names, birthDate: patient.birthDate }))) : kept;
  }

  navigate: DeskContext['navigate'] = (route, ...args) => this.context.navigate(route, ...args);
  notify: DeskContext['notify'] = (notice) => this.context.notify(notice);

  private set(patch: Partial<LabState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export const LAB_MODEL = deskModelKey<LabModel>('lab');
