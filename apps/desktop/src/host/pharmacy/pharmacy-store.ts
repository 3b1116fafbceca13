import { FormularyDrugSchema, ItemOnHandSchema, WorklistEntrySchema } from '@hms/core';
import type { ItemOnHand, WorklistEntry } from '@hms/core';
import { z } from 'zod';
import type { KeyValueStore } from '../cache/local-cache.js';

const WORKLIST_KEY = 'pharmacy.worklist';
const STOCK_KEY = 'pharmacy.stock';
const PRODUCTS_KEY = 'pharmacy.products';

const StoredWorklistSchema = z.object({ serverUrl: z.string(), asOf: z.string(), entries: z.array(WorklistEntrySchema) });
const StoredStockSchema = z.object({ serverUrl: z.string(), locationId: z.string(), today: z.string(), asOf: z.string(), items: z.array(ItemOnHandSchema) });
/** What writing an item out in words needs of its product (core sig.ts). */
export const ProductFactsSchema = FormularyDrugSchema.pick({ genericName: true, strengthText: true, strength: true, form: true, components: true });
export type ProductFacts = z.infer<typeof ProductFactsSchema>;
const StoredProductsSchema = z.object({ serverUrl: z.string(), products: z.record(z.string(), ProductFactsSchema) });

export type StoredStock = z.infer<typeof StoredStockSchema>;

/**
 * What the pharmacy desk keeps in the workstation's key/value area, per server: the last
 * worklist, the dispensary's stock picture and the products' facts for labels. Offline the desk
 * dispenses from these; the server's answers replace them when the link is back.
 */
export class PharmacyStore {
  private readonly values: KeyValueStore;
  private readonly serverUrl: () => string;

  constructor(values: KeyValueStore, serverUrl: () => string) {
    this.values = values;
    this.serverUrl = serverUrl;
  }

  worklist(): { asOf: string; entries: WorklistEntry[] } | undefined {
    const stored = this.values.getValue(WORKLIST_KEY, StoredWorklistSchema);
    return stored?.serverUrl === this.serverUrl() ? stored : undefined;
  }

  keepWorklist(entries: readonly WorklistEntry[], asOf: string): void {
    this.values.setValue(WORKLIST_KEY, { serverUrl: this.serverUrl(), asOf, entries });
  }

  /** One prescription's entry replaced (a dispense answered it, or a scan found it); a complete one leaves the list. */
  keepEntry(entry: WorklistEntry): void {
    const kept = this.worklist() ?? { asOf: new Date(0).toISOString(), entries: [] };
    const others = kept.entries.filter((other) => other.prescriptionId !== entry.prescriptionId);
    const entries = entry.status === 'complete' || entry.prescriptionStatus === 'cancelled' ? others : [entry, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    this.keepWorklist(entries, kept.asOf);
  }

  stock(): StoredStock | undefined {
    const stored = this.values.getValue(STOCK_KEY, StoredStockSchema);
    return stored?.serverUrl === this.serverUrl() ? stored : undefined;
  }

  /** Items read again replace their kept picture; the others stay. */
  keepStock(locationId: string, today: string, items: readonly ItemOnHand[], asOf: string): void {
    const kept = this.stock();
    const read = new Set(items.map((item) => item.item.id));
    const others = kept?.locationId === locationId ? kept.items.filter((item) => !read.has(item.item.id)) : [];
    this.values.setValue(STOCK_KEY, { serverUrl: this.serverUrl(), locationId, today, asOf, items: [...others, ...items] });
  }

  /** Takes units off the kept picture (an offline dispense), never below zero. */
  takeStock(itemId: string, batchId: string, quantity: number): void {
    const kept = this.stock();
    if (kept === undefined) return;
    const items = kept.items.map((item) => item.item.id !== itemId ? item : {
      ...item,
      onHand: Math.max(0, item.onHand - quantity),
      usable: Math.max(0, item.usable - quantity),
      batches: item.batches.map((batch) => batch.batchId === batchId ? { ...batch, onHand: Math.max(0, batch.onHand - quantity) } : batch),
    });
    this.values.setValue(STOCK_KEY, { ...kept, items });
  }

  product(drugId: string): ProductFacts | undefined {
    const stored = this.values.getValue(PRODUCTS_KEY, StoredProductsSchema);
    return stored?.serverUrl === this.serverUrl() ? stored.products[drugId] : undefined;
  }

  keepProduct(drugId: string, facts: ProductFacts): void {
    const stored = this.values.getValue(PRODUCTS_KEY, StoredProductsSchema);
    const products = stored?.serverUrl === this.serverUrl() ? stored.products : {};
    this.values.setValue(PRODUCTS_KEY, { serverUrl: this.serverUrl(), products: { ...products, [drugId]: facts } });
  }
}
