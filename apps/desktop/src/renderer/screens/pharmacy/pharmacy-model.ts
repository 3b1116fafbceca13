import type { ParamsIn } from '@hms/core';
import type { WorklistView } from '../../../shared/pharmacy/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { ScanEvent } from '../../../shared/protocol/records.js';
import type { HostError } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

export interface PharmacyState {
  worklist: WorklistView | undefined;
  worklistError: HostError | undefined;
  /** Items whose stock moved, so an open screen reads it again. */
  stockChanged: { itemIds: readonly string[]; serial: number };
  /** What the last scan at the worklist did not find. */
  scanMiss: string | undefined;
}

const EMPTY: PharmacyState = { worklist: undefined, worklistError: undefined, stockChanged: { itemIds: [], serial: 0 }, scanMiss: undefined };

/**
 * The pharmacy desk's state in the renderer: the worklist the host keeps live, and where a scan
 * goes. A screen that takes scans itself (the dispense screen verifies packs, the receiving
 * screen adds lines) claims them while it is open; otherwise a scan names a prescription.
 */
export class PharmacyModel implements DeskModel {
  readonly api: HostApi;
  private readonly context: DeskContext;
  private state: PharmacyState = EMPTY;
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

  getSnapshot = (): PharmacyState => this.state;

  start(): void {
    this.api.on('pharmacy.worklist', (worklist) => this.set({ worklist, worklistError: undefined }));
    this.api.on('pharmacy.stock', ({ itemIds }) => this.set({ stockChanged: { itemIds, serial: this.state.stockChanged.serial + 1 } }));
  }

  async load(): Promise<void> {
    await this.loadWorklist('');
  }

  reload(): Promise<void> {
    return this.loadWorklist('');
  }

  reset(): void {
    this.scanClaim = undefined;
    this.set(EMPTY);
  }

  async loadWorklist(query: string): Promise<void> {
    const result = await this.api.request('pharmacy.worklist', { query });
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
    else void this.openByCode(scan.code);
  }

  /** A prescription's RX- number or id, scanned or typed: its dispense screen opens. */
  async openByCode(code: string): Promise<boolean> {
    const result = await this.api.request('pharmacy.find', { code });
    const entry = result.ok ? result.value.entries[0] : undefined;
    if (entry === undefined) {
      const miss = result.ok ? `No prescription ${code.trim()} was found${result.value.source === 'cache' ? ' on the worklist kept here' : ''}.` : result.error.message;
      this.set({ scanMiss: miss });
      return false;
    }
    this.set({ scanMiss: undefined });
    this.context.navigate('dispense', entry.prescriptionId);
    return true;
  }

  openWorklist(): void {
    this.context.navigate('pharmacy');
  }

  prepare(prescriptionId: string) {
    return this.api.request('pharmacy.prepare', { prescriptionId });
  }

  verify(prescriptionId: string, scan: string) {
    return this.api.request('pharmacy.verify', { prescriptionId, scan });
  }

  dispense(params: ParamsIn<'dispensing.dispense'>) {
    return this.api.request('pharmacy.dispense', params);
  }

  receive(params: ParamsIn<'stock.receive'>) {
    return this.api.request('pharmacy.receive', params);
  }

  onHand(locationId?: string) {
    return this.api.request('pharmacy.onHand', locationId === undefined ? {} : { locationId });
  }

  locations() {
    return this.api.request('pharmacy.locations', {});
  }

  notify: DeskContext['notify'] = (notice) => this.context.notify(notice);

  private set(patch: Partial<PharmacyState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export const PHARMACY_MODEL = deskModelKey<PharmacyModel>('pharmacy');
