import { planFefo } from '@hms/core';
import type { ParamsIn } from '@hms/core';
import type { DispenseLineView, DispenseOutcome, WorklistView } from '../../../shared/pharmacy/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { ScanEvent } from '../../../shared/protocol/records.js';
import type { HostError } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import { longDate } from '../../components/format.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

export interface PharmacyState {
  worklist: WorklistView | undefined;
  worklistError: HostError | undefined;
  /** Items whose stock moved, so an open screen reads it again. */
  stockChanged: { itemIds: readonly string[]; serial: number };
  /** What the last scan at the worklist did not find. */
  scanMiss: string | undefined;
}

/** A dispense made at this screen this session: what the screen shows of it, and its labels (printed or why not). */
export interface DispenseRecord {
  outcome: DispenseOutcome;
  /** What was handed out, in words (an offline dispense has no answer from the server yet). */
  handedOut: string[];
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
  /** The last dispense of each prescription this session, so leaving the screen (to fix the label printer) loses neither it nor its "Print the labels again". */
  private readonly dispenses = new Map<string, DispenseRecord>();

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
    this.dispenses.clear();
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

  keptDispense(prescriptionId: string): DispenseRecord | undefined {
    return this.dispenses.get(prescriptionId);
  }

  keepDispense(prescriptionId: string, record: DispenseRecord): void {
    this.dispenses.set(prescriptionId, record);
  }

  printLabels(prescriptionId: string, dispensationId: string) {
    return this.api.request('pharmacy.printLabels', { prescriptionId, dispensationId });
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

  discrepancies(status: 'open' | 'resolved') {
    return this.api.request('pharmacy.discrepancies', { status });
  }

  resolveDiscrepancy(discrepancyId: string, counted: number, note: string) {
    return this.api.request('pharmacy.resolveDiscrepancy', { discrepancyId, counted, note });
  }

  /** How many discrepancies are open (one light read: the worklist only says that some wait). */
  async openDiscrepancyCount(): Promise<number | undefined> {
    const result = await this.api.call('stock.discrepancies', { status: 'open', limit: 100 });
    return result.ok ? result.value.items.length : undefined;
  }

  openDiscrepancies(): void {
    this.context.navigate('pharmacy-discrepancies');
  }

  notify: DeskContext['notify'] = (notice) => this.context.notify(notice);

  private set(patch: Partial<PharmacyState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export const PHARMACY_MODEL = deskModelKey<PharmacyModel>('pharmacy');

/** What the pharmacist typed for one line at the dispense screen. */
export interface LineDraft {
  quantity: string;
  /** '' is the server's FEFO pick. */
  batchId: string;
  reason: string;
  verified: string | undefined;
  /** Generic substitution: '' hands out the prescribed product, else this one of its generic, with the reason. */
  substituteId?: string;
  substitutionReason?: string;
}

/** The line as the product handed out: the prescribed one, or the substitute chosen (its batches, FEFO pick and units). */
export function shownLine(line: DispenseLineView, draft: LineDraft | undefined): DispenseLineView {
  const substitute = line.substitutes.find((candidate) => candidate.itemId === (draft?.substituteId ?? ''));
  if (substitute === undefined) return line;
  return { ...line, itemId: substitute.itemId, name: substitute.name, usable: substitute.usable, fefoBatchId: substitute.fefoBatchId, batches: substitute.batches, gtins: substitute.gtins };
}

/** What the dispense screen says about a line before it is sent: a refusal stops the dispense, a note informs. */
export interface LineCheck {
  intent: 'error' | 'warning' | 'info';
  message: string;
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * The checks the server makes, shown as the pharmacist types (the server still decides): the
 * quantity against what is owed; an expired or recalled batch refused; another batch than
 * FEFO's only with a reason; and how FEFO will take the units (running on into the next
 * batch), or, offline, a shortfall against the stock picture kept here.
 */
export function checkLine(prescribed: DispenseLineView, draft: LineDraft | undefined, today: string, offline: boolean, unit = 'unit'): LineCheck[] {
  if (draft === undefined || draft.quantity.trim() === '') return [];
  const line = shownLine(prescribed, draft);
  if (line !== prescribed) {
    if (offline) return [{ intent: 'error', message: `${prescribed.name}: generic substitution is checked against the formulary on the server, which cannot be reached now. Hand out the prescribed product, or wait.` }];
    if ((draft.substitutionReason ?? '').trim() === '') return [{ intent: 'error', message: `${line.name} instead of ${prescribed.name}: give the reason for the substitution.` }];
  }
  const quantity = Number(draft.quantity);
  if (!Number.isInteger(quantity) || quantity <= 0) return [{ intent: 'error', message: `${line.name}: the quantity must be a whole number of ${unit}s.` }];
  if (quantity > line.outstanding) return [{ intent: 'error', message: `${line.name}: ${plural(line.outstanding, unit)} still to dispense, not ${quantity}.` }];
  if (draft.batchId !== '') {
    const batch = line.batches.find((candidate) => candidate.batchId === draft.batchId);
    if (batch === undefined) return [];
    if (batch.recalled) return [{ intent: 'error', message: `Batch ${batch.batchNumber} is recalled: it may not be dispensed. Set its packs aside for return to the supplier.` }];
    if (batch.expired) return [{ intent: 'error', message: `Batch ${batch.batchNumber} expired on ${longDate(batch.expiry)}: it may not be dispensed. Take its packs off the shelf; FEFO's batch is the one to hand out.` }];
    const fefo = line.batches.find((candidate) => candidate.batchId === line.fefoBatchId);
    const checks: LineCheck[] = [];
    if (draft.reason.trim() === '') checks.push({ intent: 'error', message: `FEFO takes batch ${fefo?.batchNumber ?? '(none)'} first: give a reason to hand out batch ${batch.batchNumber}.` });
    if (batch.onHand < quantity) {
      checks.push(offline
        ? { intent: 'warning', message: `The books kept here show ${plural(batch.onHand, unit)} of batch ${batch.batchNumber}. Handing out ${quantity} from it is recorded when the server is back, and the ${quantity - batch.onHand} the books lack become a stock discrepancy to resolve.` }
        : { intent: 'error', message: `Batch ${batch.batchNumber} has ${plural(batch.onHand, unit)} here, fewer than ${quantity}.` });
    }
    return checks;
  }
  const fefo = line.batches.find((candidate) => candidate.batchId === line.fefoBatchId);
  if (fefo === undefined) return [{ intent: 'error', message: `${line.name}: no batch here may be dispensed (none in stock that has not expired or been recalled).` }];
  if (fefo.onHand >= quantity) return [];
  if (offline) {
    return [{ intent: 'warning', message: `The books kept here show ${plural(fefo.onHand, unit)} of batch ${fefo.batchNumber}, FEFO's first. Handing out ${quantity} from it is recorded when the server is back, and the ${quantity - fefo.onHand} the books lack become a stock discrepancy to resolve. If the box holds fewer, hand out ${fefo.onHand} now and the rest from the next batch.` }];
  }
  const plan = planFefo(line.batches, quantity, today);
  if (!plan.ok) return [{ intent: 'error', message: `Only ${plural(plan.available, unit)} here may be dispensed, fewer than ${quantity}.` }];
  const numbers = new Map(line.batches.map((batch) => [batch.batchId, batch.batchNumber]));
  return [{ intent: 'info', message: `FEFO takes ${plan.allocations.map((allocation) => `${allocation.quantity} from batch ${numbers.get(allocation.batchId) ?? ''}`).join(', then ')}: one label per batch.` }];
}
