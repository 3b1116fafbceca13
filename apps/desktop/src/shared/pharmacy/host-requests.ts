import { Gs1ScanSchema, UuidSchema, methods } from '@hms/core';
import type { MethodName, Result } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type { DiscrepancyResolution, DiscrepancyView } from './discrepancy-views.js';
import type { StockLevelsView } from './stock-views.js';
import type { DispenseOutcome, DispenseView, ItemOnHand, VerifyOutcome, WorklistView } from './views.js';

/** The pharmacy desk's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites). */
export const pharmacyWrites = ['dispensing.dispense'] as const satisfies readonly MethodName[];
export type PharmacyWrite = (typeof pharmacyWrites)[number];

// The pharmacy desk's host requests: the worklist it follows and keeps, the dispense screen's
// stock picture, and the writes (a dispense prints its labels at once).
export const pharmacyRequests = {
  'pharmacy.worklist': hostRequest<WorklistView>()({
    owner: 'pharmacy',
    summary: 'Follows the dispensing worklist (live: a new prescription arrives by its event) and answers it, narrowed to patients whose name or MRN holds `query`; offline, the copy kept here.',
    payload: z.object({ query: z.string().max(100).default('') }).strict(),
  }),
  'pharmacy.find': hostRequest<WorklistView>()({
    owner: 'pharmacy',
    summary: 'The prescription a scanned or typed code names (its RX- number or its id), whatever its state; offline, from the kept worklist.',
    payload: z.object({ code: z.string().trim().min(1).max(100) }).strict(),
  }),
  'pharmacy.prepare': hostRequest<DispenseView>()({
    owner: 'pharmacy',
    summary: 'A prescription at the dispense screen: each item\'s outstanding quantity, the dispensary\'s batches in FEFO order (the first usable one is the server\'s pick) and the GTINs to verify packs against.',
    payload: z.object({ prescriptionId: UuidSchema }).strict(),
  }),
  'pharmacy.verify': hostRequest<VerifyOutcome>()({
    owner: 'pharmacy',
    summary: 'A pack\'s GS1 code scanned at the dispense screen, checked against the prescribed products and the batches that may be handed out.',
    payload: z.object({ prescriptionId: UuidSchema, scan: Gs1ScanSchema }).strict(),
  }),
  'pharmacy.dispense': hostRequest<DispenseOutcome>()({
    owner: 'pharmacy',
    summary: 'dispensing.dispense: sent now (FEFO by the server) and the medication labels printed at once on the label printer; offline, queued with the batch each line took.',
    payload: methods['dispensing.dispense'].params,
  }),
  'pharmacy.printLabels': hostRequest<DispenseOutcome['labels']>()({
    owner: 'pharmacy',
    summary: 'The medication labels of a dispensation again (the printer was out of labels).',
    payload: z.object({ prescriptionId: UuidSchema, dispensationId: UuidSchema }).strict(),
  }),
  'pharmacy.receive': hostRequest<Result<'stock.receive'>>()({
    owner: 'pharmacy',
    summary: 'stock.receive: a goods-received note (online only: a GRN is checked against the books as it is made).',
    payload: methods['stock.receive'].params,
  }),
  'pharmacy.onHand': hostRequest<{ locationId: string; today: string; items: ItemOnHand[] }>()({
    owner: 'pharmacy',
    summary: 'What the dispensary (or `locationId`) holds, per item, batches in FEFO order.',
    payload: z.object({ locationId: UuidSchema.optional() }).strict(),
  }),
  'pharmacy.stockLevels': hostRequest<StockLevelsView>()({
    owner: 'pharmacy',
    summary: 'What a location holds (stock.onHand), followed live (stock.watch, redone after reconnects) and kept per location; offline, the copy kept here, marked as such.',
    payload: z.object({ locationId: UuidSchema }).strict(),
  }),
  'pharmacy.locations': hostRequest<Result<'stock.locations'>['items']>()({ owner: 'pharmacy', summary: 'The stock locations.', payload: NoPayload }),
  'pharmacy.discrepancies': hostRequest<DiscrepancyView[]>()({
    owner: 'pharmacy',
    summary: 'stock.discrepancies (open or resolved), each named and beside what the books hold of its batch now (online only: the books are the server\'s).',
    payload: z.object({ status: z.enum(['open', 'resolved']).default('open') }).strict(),
  }),
  'pharmacy.resolveDiscrepancy': hostRequest<DiscrepancyResolution>()({
    owner: 'pharmacy',
    summary: 'Resolves an open discrepancy from a shelf count: stock.adjust {discrepancyId, reason count_correction, note} moving its batch by counted less the books, or stock.resolveDiscrepancy when the count agrees (online only).',
    payload: z.object({ discrepancyId: UuidSchema, counted: z.number().int().nonnegative().max(10_000_000), note: z.string().trim().min(1).max(500) }).strict(),
  }),
} as const;

export const pharmacyEvents = {
  'pharmacy.worklist': hostEvent<WorklistView>()({ owner: 'pharmacy', summary: 'The worklist changed (a prescription written or cancelled, a dispense here or at another desk, the link dropped).' }),
  'pharmacy.stock': hostEvent<{ itemIds: string[] }>()({ owner: 'pharmacy', summary: 'Stock of these items moved: open screens read it again.' }),
} as const;
