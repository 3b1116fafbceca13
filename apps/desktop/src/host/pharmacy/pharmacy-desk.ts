import { HmsError, chosenBatchProblem, fefoFirst, isExpired, mayCall, methods } from '@hms/core';
import type { ClientEvent, ItemOnHand, MethodName, Params, Result, WorklistEntry } from '@hms/core';
import { medicationLabels } from '../../shared/pharmacy/labels.js';
import { verifyPack } from '../../shared/pharmacy/verify.js';
import type { DiscrepancyResolution, DiscrepancyView } from '../../shared/pharmacy/discrepancy-views.js';
import type { DispenseLineView, DispenseOutcome, DispenseView, LabelOutcome, SubstituteChoice, WorklistView } from '../../shared/pharmacy/views.js';
import type { OwnedHandlers } from '../../shared/protocol/channels.js';
import { toHostError } from '../../shared/result.js';
import type { DeskContext, DeskHost } from '../desk-module.js';
import type { OfflineWrites } from '../writes/offline-writes.js';
import { pharmacyOfflineWrites } from './offline-writes.js';
import { PharmacyStore } from './pharmacy-store.js';
import { stockLevelHandlers } from './stock-levels.js';

/** The events of one dispense or prescription arrive together: the worklist is read once after them. */
const SETTLE_MS = 150;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUnavailable(error: unknown): boolean {
  return error instanceof HmsError && error.code === 'UNAVAILABLE';
}

/** A worklist narrowed to patients whose name or MRN holds the query (case and spacing aside). */
export function matchesPatient(entry: WorklistEntry, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
  const haystack = `${entry.patient.name} ${entry.patient.mrn}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * The pharmacy desk's work in the host: the dispensing worklist (followed live on the pharmacy
 * topic, kept for offline), the dispense screen's stock picture (the dispensary's batches in
 * FEFO order, the GTINs to verify packs by), dispensing through the one write path with the
 * medication labels printed at once, and receiving goods. Offline it dispenses from the kept
 * worklist and stock picture, each line naming the batch it took; the server records any
 * shortfall as a discrepancy on replay.
 */
export class PharmacyDesk implements DeskHost<'pharmacy'> {
  readonly handlers: OwnedHandlers<'pharmacy'>;
  readonly writes: OfflineWrites<'pharmacy'>;
  readonly store: PharmacyStore;
  private readonly ctx: DeskContext<'pharmacy'>;
  private following = false;
  private live = false;
  private cancelRead: (() => void) | undefined;
  private locationId: string | undefined;
  private locationName = 'Dispensary';

  constructor(ctx: DeskContext<'pharmacy'>) {
    this.ctx = ctx;
    this.store = new PharmacyStore(ctx.values, () => ctx.settings().serverUrl);
    this.writes = pharmacyOfflineWrites({ ctx, store: this.store, worklistChanged: () => this.publish() });
    this.handlers = this.createHandlers();
  }

  offline(): void {
    this.live = false;
    // A read waiting to run would only find the link down (and, when the workstation is closing, its cache shut); whenOnline reads again.
    this.cancelRead?.();
    this.cancelRead = undefined;
    this.publish();
  }

  async whenOnline(): Promise<void> {
    // The session step re-subscribed; what was missed meanwhile is read again.
    if (this.following) this.scheduleRead(0);
  }

  onResync(): void {
    if (this.following) this.scheduleRead(0);
  }

  onSignOut(): void {
    this.following = false;
    this.live = false;
    this.cancelRead?.();
    this.cancelRead = undefined;
    this.locationId = undefined;
  }

  onServerEvent(event: ClientEvent): void {
    switch (event.event) {
      case 'prescriptions.changed':
      case 'dispensing.changed':
        if (this.following) this.scheduleRead(SETTLE_MS);
        return;
      case 'stock.changed':
        if (event.data.locationId === this.locationId) void this.refreshStock(event.data.locationId, event.data.itemIds).catch(() => undefined);
        this.ctx.publish('pharmacy.stock', { itemIds: [...event.data.itemIds] });
        return;
      case 'patients.changed':
      case 'system.announcement':
      case 'reference.changed':
        // The workstation's own (patient copy, announcements, reference data).
        return;
      case 'queue.changed':
      case 'vitals.recorded':
      case 'allergies.changed':
      case 'encounters.changed':
      case 'diagnoses.added':
      case 'problems.changed':
      case 'orders.changed':
      case 'lab.changed':
      case 'lab.critical':
      case 'lab.criticalAcknowledged':
      case 'lab.resultReleased':
        // Not what the pharmacy shows.
        return;
    }
  }

  private createHandlers(): OwnedHandlers<'pharmacy'> {
    const { ctx } = this;
    return {
      ...stockLevelHandlers(ctx),
      'pharmacy.worklist': async ({ query }) => {
        ctx.requireSession();
        this.requireAccess('dispensing.worklist');
        if (!this.following) await this.follow();
        return this.view(query);
      },
      'pharmacy.find': async ({ code }) => {
        ctx.requireSession();
        this.requireAccess('dispensing.worklist');
        return this.find(code);
      },
      'pharmacy.prepare': async ({ prescriptionId }) => {
        ctx.requireSession();
        this.requireAccess('dispensing.dispense');
        return this.prepare(prescriptionId);
      },
      'pharmacy.verify': async ({ prescriptionId, scan }) => {
        ctx.requireSession();
        // Offline the answer comes from the kept worklist: only a dispenser may read it.
        this.requireAccess('dispensing.dispense');
        const view = await this.prepare(prescriptionId);
        return verifyPack(scan, view.lines, ctx.now());
      },
      'pharmacy.dispense': async (params) => {
        ctx.requireSession();
        return this.dispense(params);
      },
      'pharmacy.printLabels': async ({ prescriptionId, dispensationId }) => {
        ctx.requireSession();
        this.requireAccess('dispensing.dispense');
        const entry = (await this.find(prescriptionId)).entries[0];
        if (entry === undefined) throw HmsError.notFound('The prescription');
        const kept = this.lastDispensations.get(dispensationId);
        if (kept === undefined) throw HmsError.notFound('That dispensation on this workstation');
        return this.printLabels(entry, kept.lines, kept.dispensedAt);
      },
      'pharmacy.receive': async (params) => {
        ctx.requireSession();
        this.requireAccess('stock.receive');
        return ctx.connection.call('stock.receive', params);
      },
      'pharmacy.onHand': async ({ locationId }) => {
        ctx.requireSession();
        this.requireAccess('stock.onHand');
        const at = locationId ?? await this.dispensary();
        const read = await ctx.connection.call('stock.onHand', { locationId: at });
        if (at === this.locationId) this.store.keepStock(at, read.today, read.items, ctx.now().toISOString());
        return read;
      },
      'pharmacy.locations': async () => {
        ctx.requireSession();
        this.requireAccess('stock.locations');
        return (await ctx.connection.call('stock.locations', {})).items;
      },
      'pharmacy.discrepancies': async ({ status }) => {
        ctx.requireSession();
        this.requireAccess('stock.discrepancies');
        return this.discrepancies(status);
      },
      'pharmacy.resolveDiscrepancy': async (params) => {
        ctx.requireSession();
        this.requireAccess('stock.adjust');
        return this.resolveDiscrepancy(params);
      },
    };
  }

  /** Dispensations made here this session, so their labels can be printed again. */
  private readonly lastDispensations = new Map<string, { dispensedAt: string; lines: Parameters<typeof medicationLabels>[1] }>();

  // --- the worklist ------------------------------------------------------------------------

  /** Subscribes (now and after every reconnect, a session step) and reads the worklist. */
  private async follow(): Promise<void> {
    this.following = true;
    this.ctx.connection.addSessionStep('pharmacy:worklist', async (call) => {
      await call('dispensing.worklist', { limit: 1 });
      await call('stock.watch', {});
    }, { runNow: false });
    await this.read().catch((error: unknown) => {
      if (!isUnavailable(error)) throw error;
    });
  }

  private async read(): Promise<void> {
    if (!this.ctx.online()) {
      this.live = false;
      return;
    }
    const { items } = await this.ctx.connection.call('dispensing.worklist', { limit: 200 });
    if (mayCall(methods['stock.watch'].access, this.ctx.roles())) await this.ctx.connection.call('stock.watch', {}).catch(() => undefined);
    this.store.keepWorklist(items, this.ctx.now().toISOString());
    this.live = true;
  }

  private scheduleRead(ms: number): void {
    if (this.cancelRead !== undefined) return;
    this.cancelRead = this.ctx.schedule(() => {
      this.cancelRead = undefined;
      // A read cut short by the workstation closing finds its cache shut: nothing is left to tell.
      void this.read().then(() => this.publish(), () => this.publish()).catch(() => undefined);
    }, ms);
  }

  private view(query = ''): WorklistView {
    const kept = this.store.worklist();
    const entries = (kept?.entries ?? []).filter((entry) => query === '' || matchesPatient(entry, query));
    return { entries, live: this.live && this.ctx.online(), source: kept === undefined ? 'none' : this.live ? 'server' : 'cache', asOf: kept?.asOf ?? null };
  }

  private publish(): void {
    this.ctx.publish('pharmacy.worklist', this.view());
  }

  /** The prescription a code names: its RX- number or its id; online the server finds it whatever its state. */
  private async find(code: string): Promise<WorklistView> {
    const trimmed = code.trim();
    if (this.ctx.online()) {
      try {
        const { items } = await this.ctx.connection.call('dispensing.worklist', { scan: trimmed, includeComplete: true });
        for (const entry of items) if (entry.status !== 'complete') this.store.keepEntry(entry);
        return { entries: items, live: true, source: 'server', asOf: this.ctx.now().toISOString() };
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    const kept = this.store.worklist();
    const wanted = trimmed.toUpperCase();
    const entries = (kept?.entries ?? []).filter((entry) => entry.number.toUpperCase() === wanted || (UUID.test(trimmed) && entry.prescriptionId === trimmed.toLowerCase()));
    return { entries, live: false, source: kept === undefined ? 'none' : 'cache', asOf: kept?.asOf ?? null };
  }

  /** The dispensary's stock moved (a dispense here or elsewhere, a receipt): the kept picture of those items is read again, for offline. */
  private async refreshStock(locationId: string, itemIds: readonly string[]): Promise<void> {
    if (!this.ctx.online() || !mayCall(methods['stock.onHand'].access, this.ctx.roles())) return;
    const reads = await Promise.all(itemIds.map((itemId) => this.ctx.connection.call('stock.onHand', { locationId, itemId })));
    const today = reads[0]?.today;
    if (today !== undefined) this.store.keepStock(locationId, today, reads.flatMap((read) => read.items), this.ctx.now().toISOString());
  }

  // --- the dispense screen -------------------------------------------------------------------

  private async dispensary(): Promise<string> {
    if (this.locationId !== undefined) return this.locationId;
    const kept = this.store.stock();
    if (!this.ctx.online() && kept !== undefined) return kept.locationId;
    const { items } = await this.ctx.connection.call('stock.locations', {});
    const location = items.find((item) => item.kind === 'dispensary' && item.active);
    if (location === undefined) throw HmsError.notFound('A dispensary stock location');
    this.locationId = location.id;
    this.locationName = location.name;
    return location.id;
  }

  async prepare(prescriptionId: string): Promise<DispenseView> {
    const found = (await this.find(prescriptionId)).entries[0];
    if (found === undefined) {
      throw this.ctx.online() ? HmsError.notFound('The prescription') : new HmsError('NOT_FOUND', 'This prescription is not on the worklist kept here (already dispensed, or written after the server went away), and the server cannot be reached to look it up.');
    }
    const drugIds = [...new Set(found.items.map((item) => item.drugId))];
    let source: DispenseView['source'] = 'cache';
    let locationId: string;
    let today: string;
    let stock: ItemOnHand[];
    const gtins = new Map<string, string[]>();
    let substitutes: Result<'dispensing.substitutes'>['items'] = [];
    try {
      if (!this.ctx.online()) throw new HmsError('UNAVAILABLE', 'offline');
      locationId = await this.dispensary();
      const reads = await Promise.all(drugIds.map((itemId) => this.ctx.connection.call('stock.onHand', { locationId, itemId })));
      today = reads[0]?.today ?? this.ctx.now().toISOString().slice(0, 10);
      stock = reads.flatMap((read) => read.items);
      this.store.keepStock(locationId, today, stock, this.ctx.now().toISOString());
      await Promise.all(drugIds.map(async (drugId) => {
        const batches = await this.ctx.connection.call('stock.batches', { itemId: drugId }).catch(() => undefined);
        gtins.set(drugId, [...new Set((batches?.batches ?? []).map((batch) => batch.gtin).filter((gtin): gtin is string => gtin !== null))]);
        await this.learnProduct(drugId);
      }));
      substitutes = (await this.ctx.connection.call('dispensing.substitutes', { prescriptionId: found.prescriptionId, locationId })).items;
      // A substitute's label is written from its own product facts.
      await Promise.all([...new Set(substitutes.flatMap((item) => item.substitutes.map((held) => held.item.id)))].map((drugId) => this.learnProduct(drugId)));
      source = 'server';
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      const kept = this.store.stock();
      if (kept === undefined) throw new HmsError('UNAVAILABLE', 'The server cannot be reached and this workstation keeps no stock picture of the dispensary yet.');
      locationId = kept.locationId;
      today = this.ctx.reference.today(this.ctx.now());
      stock = kept.items;
    }
    const byItem = new Map(stock.map((item) => [item.item.id, item]));
    const lines: DispenseLineView[] = found.items.map((item) => {
      const held = byItem.get(item.drugId);
      const batches = (held?.batches ?? []).map((batch) => ({ ...batch, expired: batch.expired || isExpired(batch.expiry, today), gtin: null }));
      const fefo = fefoFirst(batches, today);
      return {
        prescriptionItemId: item.id, itemId: item.drugId, name: item.name, outstanding: item.outstanding, usable: held?.usable ?? 0,
        fefoBatchId: fefo?.batchId ?? null, batches, gtins: gtins.get(item.drugId) ?? this.keptGtins(item.drugId),
        substitutes: (substitutes.find((candidate) => candidate.prescriptionItemId === item.id)?.substitutes ?? []).map((other) => substituteChoice(other, today)),
      };
    });
    for (const line of lines) this.gtinMemory.set(line.itemId, line.gtins);
    return { entry: found, locationId, today, lines, source };
  }

  private readonly gtinMemory = new Map<string, string[]>();

  private keptGtins(itemId: string): string[] {
    return this.gtinMemory.get(itemId) ?? [];
  }

  /** The product's facts for its labels' words, read once and kept (offline labels need them). */
  private async learnProduct(drugId: string): Promise<void> {
    if (this.store.product(drugId) !== undefined || !mayCall(methods['drugs.get'].access, this.ctx.roles())) return;
    const { drug } = await this.ctx.connection.call('drugs.get', { id: drugId });
    this.store.keepProduct(drugId, { genericName: drug.genericName, strengthText: drug.strengthText, strength: drug.strength, form: drug.form, components: [...drug.components] });
  }

  // --- dispensing ----------------------------------------------------------------------------

  private async dispense(params: Params<'dispensing.dispense'>): Promise<DispenseOutcome> {
    const { ctx } = this;
    this.requireAccess('dispensing.dispense');
    const entry = (await this.find(params.prescriptionId)).entries[0];
    const label = `Dispense ${entry?.number ?? 'a prescription'} · ${entry === undefined ? 'a patient' : `${entry.patient.name} (${entry.patient.mrn})`}`;
    let queuedLines: Array<{ prescriptionItemId: string; itemId: string; batchId: string; batchNumber: string; expiry: string; quantity: number }> = [];
    let dispensedAt = ctx.now().toISOString();
    const outcome = await ctx.writes.send('dispensing.dispense', params, {
      label,
      whenQueued: () => {
        // Offline: each line names the pack it took (the chosen batch, else FEFO's on the kept picture), dated now.
        if (entry === undefined) throw new HmsError('UNAVAILABLE', 'This prescription is not on the worklist kept here; it cannot be dispensed offline.');
        const stock = this.store.stock();
        const today = ctx.reference.today(ctx.now());
        queuedLines = params.lines.map((line) => {
          const item = entry.items.find((candidate) => candidate.id === line.prescriptionItemId);
          if (item === undefined) throw HmsError.validation({ 'lines.prescriptionItemId': `is not an item of ${entry.number}` });
          // The formulary's equivalence is the server's to check: offline only the prescribed product goes out.
          if (line.substituteItemId !== undefined) throw new HmsError('UNAVAILABLE', `${item.name}: generic substitution needs the server, which cannot be reached now.`);
          const batches = stock?.items.find((held) => held.item.id === item.drugId)?.batches ?? [];
          // What the server refuses online is refused here too (the replay would only warn): an
          // expired or recalled batch never goes out, another than FEFO's only with a reason. A
          // short balance is not refused: the pack is in hand, and the replay records the shortfall.
          if (line.batchId !== undefined) refuseOffline(batches, line.batchId, line.quantity, today, line.reason);
          const chosen = line.batchId === undefined ? fefoFirst(batches, today) : batches.find((batch) => batch.batchId === line.batchId);
          if (chosen === undefined) throw new HmsError('UNAVAILABLE', `${item.name}: no usable batch is on the stock picture kept here; it cannot be dispensed offline.`);
          return { prescriptionItemId: item.id, itemId: item.drugId, batchId: chosen.batchId, batchNumber: chosen.batchNumber, expiry: chosen.expiry, quantity: line.quantity };
        });
        return {
          params: { ...params, dispensedAt, lines: params.lines.map((line, index) => ({ ...line, batchId: queuedLines[index]!.batchId })) },
          alongside: () => {
            for (const line of queuedLines) this.store.takeStock(line.itemId, line.batchId, line.quantity);
            this.store.keepEntry(afterOfflineDispense(entry, queuedLines));
          },
        };
      },
    });
    if (outcome.status === 'applied') {
      const { dispensation, prescription } = outcome.result;
      dispensedAt = dispensation.dispensedAt;
      this.store.keepEntry(prescription);
      this.lastDispensations.set(dispensation.id, { dispensedAt, lines: dispensation.lines });
      this.publish();
      const labels = await this.printLabels(prescription, dispensation.lines, dispensedAt);
      return { status: 'applied', result: outcome.result, labels };
    }
    this.publish();
    const labels = entry === undefined ? { printed: [] } : await this.printLabels(entry, queuedLines, dispensedAt);
    return { status: 'queued', key: outcome.entry.idempotencyKey, labels };
  }

  /** The labels of one dispense, at once on the label printer; a failure is told, the dispense stands. */
  private async printLabels(entry: WorklistEntry, lines: Parameters<typeof medicationLabels>[1], dispensedAt: string): Promise<LabelOutcome> {
    try {
      const pharmacy = this.locationName;
      const { labels, missing } = medicationLabels(entry, lines, dispensedAt, (drugId) => this.store.product(drugId), pharmacy);
      const printed = [];
      for (const document of labels) printed.push(await this.ctx.printer.print(document));
      if (missing.length > 0) throw new HmsError('NOT_FOUND', `No label for ${missing.join(', ')}: the product is not known on this workstation yet.`);
      return { printed };
    } catch (error) {
      return { error: toHostError(error) };
    }
  }

  // --- discrepancies -------------------------------------------------------------------------

  /** The server's discrepancies, each named and beside its batch's balance now (read per item and location). */
  private async discrepancies(status: 'open' | 'resolved'): Promise<DiscrepancyView[]> {
    const { connection } = this.ctx;
    const [{ items }, locations] = await Promise.all([connection.call('stock.discrepancies', { status, limit: 100 }), connection.call('stock.locations', {})]);
    // stock.batches names the item and lists every batch with what each location holds, empty ones included.
    const byItem = new Map<string, Result<'stock.batches'>>();
    await Promise.all([...new Set(items.map((item) => item.itemId))].map(async (itemId) => {
      byItem.set(itemId, await connection.call('stock.batches', { itemId }));
    }));
    return items.map((discrepancy) => {
      const read = byItem.get(discrepancy.itemId);
      const batch = read?.batches.find((candidate) => candidate.id === discrepancy.batchId);
      return {
        discrepancy,
        itemName: read?.item.name ?? 'An item no longer stocked',
        unit: read?.item.unit ?? 'unit',
        locationName: locations.items.find((location) => location.id === discrepancy.locationId)?.name ?? 'Another location',
        bookNow: batch?.balances.find((balance) => balance.locationId === discrepancy.locationId)?.onHand ?? 0,
        expiry: batch?.expiry ?? null,
      };
    });
  }

  /**
   * A discrepancy resolved from a shelf count: the batch is corrected by counted less the books
   * (a count correction naming the discrepancy). The books are the server's, so this is online only.
   */
  private async resolveDiscrepancy({ discrepancyId, counted, note }: { discrepancyId: string; counted: number; note: string }): Promise<DiscrepancyResolution> {
    if (!this.ctx.online()) throw new HmsError('UNAVAILABLE', 'Resolving a discrepancy compares the count with the books on the server, which cannot be reached now. Try again when it is back.');
    const open = (await this.discrepancies('open')).find((view) => view.discrepancy.id === discrepancyId);
    if (open === undefined) throw HmsError.conflict('That discrepancy is not open any more (resolved at another desk?).', { reason: 'discrepancy_not_open' });
    const correction = counted - open.bookNow;
    const { discrepancy } = open;
    const offlineRefusal = () => {
      throw new HmsError('UNAVAILABLE', 'The server went away before the resolution was sent; nothing was recorded. Try again when it is back.');
    };
    if (correction === 0) {
      // Nothing to post: the server checks the count against its books and keeps it with the note.
      const agreed = await this.ctx.writes.send('stock.resolveDiscrepancy', { discrepancyId, counted, note }, { label: `Count of batch ${discrepancy.batchNumber} agrees`, whenQueued: offlineRefusal });
      if (agreed.status !== 'applied') throw new HmsError('UNAVAILABLE', 'The resolution was not sent.');
      return { adjustmentId: null, correction: 0 };
    }
    const outcome = await this.ctx.writes.send('stock.adjust', {
      locationId: discrepancy.locationId, reason: 'count_correction', note, discrepancyId,
      lines: [{ batchId: discrepancy.batchId, quantity: correction }],
    }, {
      label: `Count correction of batch ${discrepancy.batchNumber}`,
      whenQueued: offlineRefusal,
    });
    if (outcome.status !== 'applied') throw new HmsError('UNAVAILABLE', 'The correction was not sent.');
    return { adjustmentId: outcome.result.adjustmentId, correction };
  }

  private requireAccess(method: MethodName): void {
    if (!mayCall(methods[method].access, this.ctx.roles())) throw new HmsError('FORBIDDEN', 'The pharmacy desk is for pharmacists.', { method });
  }
}

/** A substitute as the dispense screen offers it: its batches in FEFO order, expiry by the hospital's day. */
function substituteChoice(held: ItemOnHand, today: string): SubstituteChoice {
  const batches = held.batches.map((batch) => ({ ...batch, expired: batch.expired || isExpired(batch.expiry, today), gtin: null }));
  return { itemId: held.item.id, name: held.item.name, unit: held.item.unit, usable: held.usable, fefoBatchId: fefoFirst(batches, today)?.batchId ?? null, batches, gtins: [] };
}

/** The server's refusals of a chosen batch, with its messages, for a dispense made offline. */
function refuseOffline(batches: readonly ItemOnHand['batches'][number][], batchId: string, quantity: number, today: string, reason: string | undefined): void {
  const problem = chosenBatchProblem(batches, batchId, quantity, today, reason);
  const batch = batches.find((candidate) => candidate.batchId === batchId);
  switch (problem) {
    case undefined:
    case 'insufficient_stock':
      return;
    case 'not_here':
      throw HmsError.validation({ 'lines.batchId': 'is not a batch of this item on the stock picture kept here' });
    case 'batch_recalled':
      throw HmsError.conflict(`Batch ${batch!.batchNumber} is recalled: it may not be dispensed.`, { reason: problem, batchId });
    case 'batch_expired':
      throw HmsError.conflict(`Batch ${batch!.batchNumber} expired on ${batch!.expiry}: it may not be dispensed.`, { reason: problem, batchId, expiry: batch!.expiry });
    case 'reason_required':
      throw HmsError.conflict(`FEFO takes batch ${fefoFirst(batches, today)?.batchNumber ?? ''} first: give a reason to dispense batch ${batch!.batchNumber}.`, { reason: problem, batchId });
  }
}

/** The kept entry after an offline dispense: what each item still owes, as the server will count it. */
export function afterOfflineDispense(entry: WorklistEntry, lines: readonly { prescriptionItemId: string; quantity: number }[]): WorklistEntry {
  const items = entry.items.map((item) => {
    const given = lines.filter((line) => line.prescriptionItemId === item.id).reduce((sum, line) => sum + line.quantity, 0);
    return { ...item, dispensed: item.dispensed + given, outstanding: Math.max(0, item.outstanding - given) };
  });
  const status = items.every((item) => item.outstanding === 0) ? 'complete' : 'partial';
  return { ...entry, items, status };
}
