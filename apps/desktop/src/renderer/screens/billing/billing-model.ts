import type { ParamsIn, Result } from '@hms/core';
import type { AccountView, PaymentOutcome, PrintResult, ReceiptView, ShiftStateView } from '../../../shared/billing/views.js';
import type { HostApi } from '../../../shared/host-api.js';
import type { HostRequest } from '../../../shared/protocol/channels.js';
import type { ScanEvent } from '../../../shared/protocol/records.js';
import { ok } from '../../../shared/result.js';
import type { HostResult } from '../../../shared/result.js';
import { deskModelKey } from '../../app/desk-module.js';
import type { DeskContext, DeskModel } from '../../app/desk-module.js';

/** A patient at the cashier's window, found on the server or, offline, in this workstation's copy. */
export interface CashierPatient {
  id: string;
  mrn: string;
  name: string;
  birthDate: string | null;
}

export interface BillingState {
  /** The patient whose account is open. */
  patient: CashierPatient | undefined;
  /** The last scanned code (an MRN): the find screen searches it. */
  scanned: { code: string; at: string } | undefined;
  /** Bumped when a receipt of a patient reached the server or was refused on replay. */
  receiptsChanged: { serial: number; patientId: string | undefined };
}

const EMPTY: BillingState = { patient: undefined, scanned: undefined, receiptsChanged: { serial: 0, patientId: undefined } };

const nameOf = (item: { givenName: string; middleName: string | null; familyName: string }) => [item.givenName, item.middleName, item.familyName].filter((part) => part !== null && part !== '').join(' ');

/**
 * The cashier desk's state in the renderer: the patient at the window and where a scan goes.
 * Accounts, payments and the shift go through the desk's host part (kept for offline, receipts
 * numbered there); the catalogue, charges and invoices straight to the server.
 */
export class BillingModel implements DeskModel {
  readonly api: HostApi;
  private readonly context: DeskContext;
  private state: BillingState = EMPTY;
  private readonly listeners = new Set<() => void>();

  constructor(context: DeskContext) {
    this.context = context;
    this.api = context.api;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): BillingState => this.state;

  start(): void {
    this.api.on('billing.receipts', ({ patientId }) => this.set({ receiptsChanged: { serial: this.state.receiptsChanged.serial + 1, patientId } }));
  }

  load(): Promise<void> {
    return Promise.resolve();
  }

  reload(): Promise<void> {
    this.set({ receiptsChanged: { serial: this.state.receiptsChanged.serial + 1, patientId: undefined } });
    return Promise.resolve();
  }

  reset(): void {
    this.set(EMPTY);
  }

  onScan(scan: ScanEvent): void {
    this.set({ scanned: { code: scan.code, at: scan.at } });
    this.context.navigate('cashier');
  }

  /** Patients by name or MRN: the server's search, or this workstation's copy while it is away. */
  async searchPatients(query: string): Promise<HostResult<CashierPatient[]>> {
    const online = await this.api.call('patients.search', { query, limit: 20 });
    if (online.ok) return ok(online.value.items.map((item) => ({ id: item.id, mrn: item.mrn, name: nameOf(item), birthDate: item.birthDate })));
    if (online.error.code !== 'UNAVAILABLE') return online;
    const kept = await this.api.request('cache.searchPatients', { query, limit: 20 });
    return kept.ok ? ok(kept.value.map((patient) => ({ id: patient.id, mrn: patient.mrn, name: patient.names, birthDate: patient.birthDate }))) : kept;
  }

  open(patient: CashierPatient): void {
    this.set({ patient });
    this.context.navigate('cashier-account', patient.id);
  }

  /** The patient of a route opened without the find screen (a reload): read again. */
  async patientById(id: string): Promise<HostResult<CashierPatient>> {
    if (this.state.patient?.id === id) return ok(this.state.patient);
    const read = await this.api.call('patients.get', { id });
    if (!read.ok) return read;
    const { patient } = read.value;
    const found = { id: patient.id, mrn: patient.mrn, name: nameOf(patient), birthDate: patient.birthDate };
    this.set({ patient: found });
    return ok(found);
  }

  account(patientId: string): Promise<HostResult<AccountView>> {
    return this.api.request('billing.account', { patientId });
  }

  pay(params: HostRequest<'billing.pay'>): Promise<HostResult<PaymentOutcome>> {
    return this.api.request('billing.pay', params);
  }

  printReceipt(receiptNumber: string, patient: { name: string; mrn: string }): Promise<HostResult<PrintResult>> {
    return this.api.request('billing.printReceipt', { receiptNumber, patient });
  }

  refund(params: HostRequest<'billing.refund'>): Promise<HostResult<ReceiptView>> {
    return this.api.request('billing.refund', params);
  }

  shift(): Promise<HostResult<ShiftStateView>> {
    return this.api.request('billing.shift', {});
  }

  openShift(floatMinor: number): Promise<HostResult<ShiftStateView>> {
    return this.api.request('billing.openShift', { floatMinor });
  }

  closeShift(params: HostRequest<'billing.closeShift'>): Promise<HostResult<ShiftStateView>> {
    return this.api.request('billing.closeShift', params);
  }

  services(query: string): Promise<HostResult<Result<'prices.list'>>> {
    return this.api.call('prices.list', query.trim() === '' ? { limit: 50 } : { query: query.trim(), limit: 50 });
  }

  /** Writes straight to the server (online only: charges and invoices are numbered and checked there). */
  addCharge(params: ParamsIn<'charges.add'>) {
    return this.api.call('charges.add', params, { idempotencyKey: crypto.randomUUID() });
  }

  reverseCharge(params: ParamsIn<'charges.reverse'>) {
    return this.api.call('charges.reverse', params, { idempotencyKey: crypto.randomUUID() });
  }

  createInvoice(params: ParamsIn<'invoices.create'>) {
    return this.api.call('invoices.create', params, { idempotencyKey: crypto.randomUUID() });
  }

  setCoverage(params: ParamsIn<'coverage.set'>) {
    return this.api.call('coverage.set', params, { idempotencyKey: crypto.randomUUID() });
  }

  navigate: DeskContext['navigate'] = (route, ...args) => this.context.navigate(route, ...args);
  notify: DeskContext['notify'] = (notice) => this.context.notify(notice);

  private set(patch: Partial<BillingState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

export const BILLING_MODEL = deskModelKey<BillingModel>('billing');
