import { z } from 'zod';
import { CalendarDateSchema, InstantSchema, LimitSchema, OkSchema, UuidSchema, text } from '../common.js';
import { GROUP_SEPARATOR } from '../pharmacy/gs1.js';
import { ADJUSTMENT_REASONS, MOVEMENT_KINDS } from '../pharmacy/ledger.js';
import type { Role } from '../roles.js';
import { defineEvent, defineMethod } from './method.js';

/**
 * Pharmacy stock (issue 12): locations, items, batches and the ledger of every movement.
 *
 * Who may do what:
 * - pharmacist and storekeeper: receive goods, adjust stock with a reason, read the ledger;
 * - storekeeper: transfer between locations;
 * - pharmacist: recall a batch (the answer names the patients who received it);
 * - doctor (and the two above): see stock levels and batches, to prescribe what is there.
 * Nobody else. Every movement is audited; stock itself is not patient data.
 */
export const STOCK_RECEIVER_ROLES = ['pharmacist', 'storekeeper'] as const satisfies readonly Role[];
export const STOCK_TRANSFER_ROLES = ['storekeeper'] as const satisfies readonly Role[];
export const STOCK_ADJUSTER_ROLES = ['pharmacist', 'storekeeper'] as const satisfies readonly Role[];
export const STOCK_VIEWER_ROLES = ['pharmacist', 'storekeeper', 'doctor'] as const satisfies readonly Role[];
export const RECALL_ROLES = ['pharmacist'] as const satisfies readonly Role[];
/** Who sets the selling prices billing charges dispenses at. */
export const PRICE_SETTER_ROLES = ['pharmacist'] as const satisfies readonly Role[];
/** Who asks a store for stock and receives it at the ward or dispensary; storekeepers issue. */
export const TRANSFER_REQUEST_ROLES = ['pharmacist', 'nurse', 'storekeeper'] as const satisfies readonly Role[];
export const TRANSFER_ISSUER_ROLES = ['storekeeper'] as const satisfies readonly Role[];
/**
 * Who sets up the stock locations (add a ward store, rename, close): the storekeeper, and the
 * administrator who configures the hospital. A location's name is no stock and no patient data,
 * so the administrator reads the list too and nothing else of stock.
 */
export const STOCK_LOCATION_ROLES = ['storekeeper', 'admin'] as const satisfies readonly Role[];
const STOCK_LOCATION_READER_ROLES = [...STOCK_VIEWER_ROLES, 'admin'] as const satisfies readonly Role[];

/** The topic `stock.watch` subscribes to: `stock.changed` after every movement. */
export const STOCK_TOPIC = 'stock';

/**
 * `quarantine` holds expired and recalled stock until it is written off; `transit` holds units
 * issued against a transfer request until the destination receives them. Neither is a shelf:
 * nothing is dispensed or transferred from them.
 */
export const LOCATION_KINDS = ['store', 'dispensary', 'ward', 'quarantine', 'transit'] as const;
export const SHELF_LOCATION_KINDS = ['store', 'dispensary', 'ward'] as const;
export const STOCK_ITEM_KINDS = ['drug', 'consumable'] as const;
/** Reasons stock may leave quarantine by (stock.adjust at the quarantine location): written off, or back to the supplier. */
export const QUARANTINE_EXIT_REASONS = ['expired', 'damaged', 'returned_to_supplier'] as const satisfies readonly (typeof ADJUSTMENT_REASONS)[number][];

/**
 * A scanned code as the scanner sends it: printable ASCII and the GS that stands for FNC1
 * (the one control character text fields otherwise refuse; GS1 needs it between fields).
 */
export const Gs1ScanSchema = z
  .string()
  .max(200, 'at most 200 characters')
  .refine((value) => [...value].every((char) => char === GROUP_SEPARATOR || (char >= ' ' && char <= '~')), 'holds characters no GS1 code has');

const units = z.number().int('must be a whole number of units').positive('must be more than 0').max(1_000_000, 'at most 1000000');
const MinorUnitsSchema = z.number().int().nonnegative().max(1_000_000_000_000);

export const StockLocationSchema = z.object({ id: UuidSchema, code: z.string(), name: z.string(), kind: z.enum(LOCATION_KINDS), active: z.boolean() });
export type StockLocation = z.infer<typeof StockLocationSchema>;

export const StockItemSchema = z.object({
  /** A formulary drug's item has the drug's id: a prescription item's drugId is its stock item. */
  id: UuidSchema,
  kind: z.enum(STOCK_ITEM_KINDS),
  drugId: UuidSchema.nullable(),
  code: z.string(),
  name: z.string(),
  /** What one unit is (`tablet`, `bottle`, `pair`): every quantity counts these. */
  unit: z.string(),
  active: z.boolean(),
});
export type StockItem = z.infer<typeof StockItemSchema>;

export const BatchSchema = z.object({
  id: UuidSchema,
  itemId: UuidSchema,
  batchNumber: z.string(),
  expiry: CalendarDateSchema,
  gtin: z.string().nullable(),
  supplier: z.string(),
  unitCostMinor: z.number().int(),
  receivedAt: InstantSchema,
  recalledAt: InstantSchema.nullable(),
  recallReason: z.string().nullable(),
});
export type Batch = z.infer<typeof BatchSchema>;

export const MovementSchema = z.object({
  id: z.number().int(),
  at: InstantSchema,
  recordedAt: InstantSchema,
  kind: z.enum(MOVEMENT_KINDS),
  itemId: UuidSchema,
  batchId: UuidSchema,
  batchNumber: z.string(),
  locationId: UuidSchema,
  /** Signed: what the movement added to (or took from) the batch at the location. */
  quantity: z.number().int(),
  reason: z.enum(ADJUSTMENT_REASONS).nullable(),
  documentType: z.enum(['grn', 'dispensation', 'dispensing_return', 'transfer', 'adjustment', 'transfer_request']),
  documentId: UuidSchema,
  actorId: UuidSchema,
  actorName: z.string(),
  offline: z.boolean(),
  note: z.string().nullable(),
});
export type Movement = z.infer<typeof MovementSchema>;

export const BatchOnHandSchema = z.object({
  batchId: UuidSchema,
  batchNumber: z.string(),
  expiry: CalendarDateSchema,
  onHand: z.number().int(),
  recalled: z.boolean(),
  expired: z.boolean(),
});

export const ItemOnHandSchema = z.object({
  item: StockItemSchema,
  onHand: z.number().int(),
  /** Units FEFO may dispense: not expired, not recalled. */
  usable: z.number().int(),
  /** In FEFO order: the first usable one is what dispensing takes. */
  batches: z.array(BatchOnHandSchema),
});
export type ItemOnHand = z.infer<typeof ItemOnHandSchema>;

export const DiscrepancySchema = z.object({
  id: UuidSchema,
  kind: z.enum(['offline_shortfall', 'transit_shortfall']),
  locationId: UuidSchema,
  itemId: UuidSchema,
  batchId: UuidSchema,
  batchNumber: z.string(),
  quantity: z.number().int(),
  documentType: z.enum(['dispensation', 'transfer_request']),
  documentId: UuidSchema,
  detectedAt: InstantSchema,
  status: z.enum(['open', 'resolved']),
  resolvedAt: InstantSchema.nullable(),
  resolution: z.string().nullable(),
  /** How it was resolved: an adjustment posted, or a shelf count that agreed with the books (`counted`, nothing moved). */
  outcome: z.enum(['adjusted', 'no_variance']).nullable(),
  counted: z.number().int().nullable(),
  /** An offline dispense's discrepancy names its prescription and patient (the list is an audited read); null for a transfer's. */
  prescription: z.object({ id: UuidSchema, number: z.string() }).nullable(),
  patient: z.object({ id: UuidSchema, mrn: z.string(), name: z.string() }).nullable(),
});
export type Discrepancy = z.infer<typeof DiscrepancySchema>;

export const ItemPriceSchema = z.object({
  itemId: UuidSchema,
  /** The selling price of one unit, integer minor units: what billing charges a dispense at. */
  priceMinor: z.number().int(),
  effectiveFrom: InstantSchema,
  setAt: InstantSchema,
  setBy: UuidSchema,
  setByName: z.string(),
  note: z.string().nullable(),
});

/**
 * One line of a goods-received note: the pack's scanned code (`scan`) fills GTIN, batch and
 * expiry; without one (a pack with no barcode) they are typed. An item is named by `itemId`
 * (a formulary drug's id, or a consumable's), or found from a GTIN received before.
 */
export const ReceiveLineSchema = z.object({
  itemId: UuidSchema.optional(),
  scan: Gs1ScanSchema.optional(),
  gtin: z.string().regex(/^\d{8}$|^\d{12,14}$/, 'must have 8, 12, 13 or 14 digits').optional(),
  batchNumber: text(20).optional(),
  expiry: CalendarDateSchema.optional(),
  quantity: units,
  unitCostMinor: MinorUnitsSchema,
});
export type ReceiveLine = z.input<typeof ReceiveLineSchema>;

export const RecipientSchema = z.object({
  patientId: UuidSchema,
  mrn: z.string(),
  name: z.string(),
  dispensationId: UuidSchema,
  dispensedAt: InstantSchema,
  /** Units of the batch the patient kept (dispensed less returned). */
  quantity: z.number().int(),
});

/** A recalled batch as the recall list shows it. */
export const RecallSummarySchema = z.object({
  item: StockItemSchema,
  batch: BatchSchema,
  /** Units of it still on the books, all locations together (quarantine included). */
  onHand: z.number().int(),
  /** Patients who kept units of it (dispensed less returned). */
  patients: z.number().int(),
});
export type RecallSummary = z.infer<typeof RecallSummarySchema>;

export const STOCK_COUNT_STATUSES = ['pending', 'approved', 'rejected'] as const;

export const StockCountSchema = z.object({
  id: UuidSchema,
  locationId: UuidSchema,
  countedAt: InstantSchema,
  countedBy: UuidSchema,
  countedByName: z.string(),
  note: z.string().nullable(),
  status: z.enum(STOCK_COUNT_STATUSES),
  decidedAt: InstantSchema.nullable(),
  decidedBy: UuidSchema.nullable(),
  decisionNote: z.string().nullable(),
  /** The count-correction adjustment an approval posted. */
  adjustmentId: UuidSchema.nullable(),
  lines: z.array(z.object({
    batchId: UuidSchema,
    itemId: UuidSchema,
    batchNumber: z.string(),
    /** What the books held when the count was recorded. */
    book: z.number().int(),
    counted: z.number().int(),
    variance: z.number().int(),
  })),
});
export type StockCount = z.infer<typeof StockCountSchema>;

export const NearExpirySchema = z.object({
  locationId: UuidSchema,
  item: StockItemSchema,
  batchId: UuidSchema,
  batchNumber: z.string(),
  expiry: CalendarDateSchema,
  onHand: z.number().int(),
  /** Negative once expired: expired stock waits here to be quarantined (adjusted out as expired). */
  daysLeft: z.number().int(),
  expired: z.boolean(),
});

export const LowStockSchema = z.object({
  locationId: UuidSchema,
  item: StockItemSchema,
  level: z.number().int(),
  /** Units on hand that may be used (not expired, not recalled): what is compared with the level. */
  usable: z.number().int(),
  onHand: z.number().int(),
  /** Units issued to this location and not yet received (transfer requests in transit). */
  inTransit: z.number().int(),
  /** The level less usable and in transit units, never below 0: what to order or request. */
  shortBy: z.number().int(),
});

export const ValuationLineSchema = z.object({
  locationId: UuidSchema,
  item: StockItemSchema,
  onHand: z.number().int(),
  /** Each held batch's units at its own receipt cost (FIFO: the cost of what is actually on the shelf), minor units. */
  valueMinor: z.number().int(),
});

export const ConsumptionLineSchema = z.object({
  locationId: UuidSchema,
  item: StockItemSchema,
  /** Dispensed less returned, and its cost at the batches' unit costs (minor units). */
  dispensed: z.number().int(),
  dispensedCostMinor: z.number().int(),
  /** Sent on to other locations (transfers and issued requests), and its cost. */
  issued: z.number().int(),
  issuedCostMinor: z.number().int(),
});

export const TRANSFER_REQUEST_STATUSES = ['requested', 'issued', 'received'] as const;

export const TransferRequestSchema = z.object({
  id: UuidSchema,
  number: z.string(),
  fromLocationId: UuidSchema,
  toLocationId: UuidSchema,
  status: z.enum(TRANSFER_REQUEST_STATUSES),
  note: z.string().nullable(),
  requestedAt: InstantSchema,
  requestedBy: UuidSchema,
  issuedAt: InstantSchema.nullable(),
  issuedBy: UuidSchema.nullable(),
  receivedAt: InstantSchema.nullable(),
  receivedBy: UuidSchema.nullable(),
  receiptNote: z.string().nullable(),
  lines: z.array(z.object({ item: StockItemSchema, requested: z.number().int(), issued: z.number().int(), received: z.number().int().nullable() })),
  /** What was sent, per batch (FEFO), and what arrived (null until received). */
  issues: z.array(z.object({ itemId: UuidSchema, batchId: UuidSchema, batchNumber: z.string(), expiry: CalendarDateSchema, issued: z.number().int(), received: z.number().int().nullable() })),
});
export type TransferRequest = z.infer<typeof TransferRequestSchema>;

export const QuarantinedSchema = z.object({
  locationId: UuidSchema,
  item: StockItemSchema,
  batchId: UuidSchema,
  batchNumber: z.string(),
  expiry: CalendarDateSchema,
  onHand: z.number().int(),
  expired: z.boolean(),
  recalled: z.boolean(),
});

export const stockMethods = {
  'stock.requestTransfer': defineMethod({
    summary: 'A ward or dispensary asks a store for items (step 1 of 3). Nothing moves until the store issues it.',
    access: TRANSFER_REQUEST_ROLES,
    writes: true,
    params: z.object({
      fromLocationId: UuidSchema,
      toLocationId: UuidSchema,
      note: text(500, { multiline: true }).optional(),
      lines: z.array(z.object({ itemId: UuidSchema, quantity: units })).min(1).max(100),
    }),
    result: z.object({ request: TransferRequestSchema }),
  }),
  'stock.issueTransfer': defineMethod({
    summary:
      'The store issues a request (step 2): batches by FEFO, the units leave the store into transit. `lines` may issue less than asked (0 leaves an item out). ' +
      'CONFLICT insufficient_stock (available), request_not_open.',
    access: TRANSFER_ISSUER_ROLES,
    writes: true,
    params: z.object({ requestId: UuidSchema, lines: z.array(z.object({ itemId: UuidSchema, quantity: z.number().int().nonnegative().max(1_000_000) })).max(100).optional() }),
    result: z.object({ request: TransferRequestSchema, movements: z.array(MovementSchema) }),
  }),
  'stock.receiveTransfer': defineMethod({
    summary:
      'The destination receives an issued request (step 3): per batch what arrived (all of it when a batch is not named). A short receipt leaves transit as lost and opens a ' +
      'transit_shortfall discrepancy. CONFLICT request_not_issued.',
    access: TRANSFER_REQUEST_ROLES,
    writes: true,
    params: z.object({
      requestId: UuidSchema,
      lines: z.array(z.object({ batchId: UuidSchema, received: z.number().int().nonnegative().max(1_000_000) })).max(200).default([]),
      note: text(500, { multiline: true }).optional(),
    }),
    result: z.object({ request: TransferRequestSchema, movements: z.array(MovementSchema), discrepancies: z.array(DiscrepancySchema) }),
  }),
  'stock.transferRequests': defineMethod({
    summary: 'Transfer requests from or to a location (or all), newest first, by status (open ones: requested and issued, by default).',
    access: TRANSFER_REQUEST_ROLES,
    writes: false,
    params: z.object({ locationId: UuidSchema.optional(), status: z.enum(TRANSFER_REQUEST_STATUSES).optional(), limit: LimitSchema.default(50) }),
    result: z.object({ items: z.array(TransferRequestSchema) }),
  }),
  'stock.quarantine': defineMethod({
    summary:
      'Move expired or recalled units to quarantine (the QUAR location unless named): a movement, never a deletion. VALIDATION for a batch that is neither. ' +
      'From quarantine stock only leaves written off (stock.adjust: expired, damaged, returned_to_supplier).',
    access: STOCK_ADJUSTER_ROLES,
    writes: true,
    params: z.object({
      locationId: UuidSchema,
      quarantineLocationId: UuidSchema.optional(),
      note: text(500, { multiline: true }).optional(),
      lines: z.array(z.object({ batchId: UuidSchema, quantity: units })).min(1).max(100),
    }),
    result: z.object({ transferId: UuidSchema, movements: z.array(MovementSchema) }),
  }),
  'stock.quarantined': defineMethod({
    summary: 'What quarantine holds, per batch, earliest expiry first: waiting to be written off or returned to the supplier.',
    access: STOCK_VIEWER_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: z.object({ today: CalendarDateSchema, items: z.array(QuarantinedSchema) }),
  }),
  'stock.setReorderLevel': defineMethod({
    summary: 'Set (or with level null, clear) the reorder level of an item at a location: below it in usable units the item is on stock.lowStock. Audited.',
    access: STOCK_ADJUSTER_ROLES,
    writes: true,
    params: z.object({ locationId: UuidSchema, itemId: UuidSchema, level: z.number().int().nonnegative().max(1_000_000).nullable() }),
    result: z.object({ locationId: UuidSchema, itemId: UuidSchema, level: z.number().int().nullable() }),
  }),
  'stock.lowStock': defineMethod({
    summary: 'Items whose usable units at a location are below their reorder level, with what is in transit to it, most short first.',
    access: STOCK_VIEWER_ROLES,
    writes: false,
    params: z.object({ locationId: UuidSchema.optional() }),
    result: z.object({ today: CalendarDateSchema, items: z.array(LowStockSchema) }),
  }),
  'stock.valuation': defineMethod({
    summary: 'What stock on hand is worth, per location and item, each batch at its own unit cost (integer minor units), with the total.',
    access: STOCK_ADJUSTER_ROLES,
    writes: false,
    params: z.object({ locationId: UuidSchema.optional() }),
    result: z.object({ items: z.array(ValuationLineSchema), totalMinor: z.number().int() }),
  }),
  'stock.consumption': defineMethod({
    summary: 'Units and cost dispensed (less returns) and issued onward per item and location over hospital days `from` to `to` (inclusive, at most 366 days).',
    access: STOCK_ADJUSTER_ROLES,
    writes: false,
    params: z
      .object({ from: CalendarDateSchema, to: CalendarDateSchema, locationId: UuidSchema.optional() })
      .refine((range) => range.from <= range.to, { message: 'must not be after `to`', path: ['from'] })
      .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= 365 * 86_400_000, { message: 'at most 366 days', path: ['to'] }),
    result: z.object({ items: z.array(ConsumptionLineSchema), dispensedCostMinor: z.number().int(), issuedCostMinor: z.number().int() }),
  }),
  'stock.locations': defineMethod({
    summary: 'The stock locations (main store, dispensary, ward stores), closed ones included (`active` false).',
    access: STOCK_LOCATION_READER_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: z.object({ items: z.array(StockLocationSchema) }),
  }),
  'stock.saveLocation': defineMethod({
    summary:
      'Add a shelf location (store, dispensary or ward store: code and kind), or rename, close (`active` false) or reopen one (`id`; code and kind stay). ' +
      'A closed location keeps its history and receives nothing. Closing is refused with stock on hand (CONFLICT stock_on_hand, with `onHand`), with open transfer requests ' +
      '(open_transfer_requests), pending counts (pending_counts), or for the last open dispensary (last_dispensary). Quarantine and transit are not configured here (not_a_shelf). Audited.',
    access: STOCK_LOCATION_ROLES,
    writes: true,
    params: z.object({
      id: UuidSchema.optional(),
      code: z.string().regex(/^[A-Z][A-Z0-9_-]{1,19}$/, 'capital letters, digits, _ and -, 2 to 20, starting with a letter').optional(),
      name: text(80),
      kind: z.enum(SHELF_LOCATION_KINDS).optional(),
      active: z.boolean().default(true),
    }).refine((value) => value.id !== undefined || (value.code !== undefined && value.kind !== undefined), { message: 'a new location needs a code and a kind', path: ['code'] }),
    result: z.object({ location: StockLocationSchema }),
  }),
  'stock.items': defineMethod({
    summary: 'Stock items (formulary drugs that have been stocked, and consumables), by name or code.',
    access: STOCK_VIEWER_ROLES,
    writes: false,
    params: z.object({ query: text(100).optional(), limit: LimitSchema.default(50) }),
    result: z.object({ items: z.array(StockItemSchema) }),
  }),
  'stock.createItem': defineMethod({
    summary: 'Add a non-drug consumable (gloves, syringes). Formulary drugs need none: their id is their stock item. CONFLICT when the code is taken.',
    access: STOCK_RECEIVER_ROLES,
    writes: true,
    params: z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,79}$/, 'lower-case letters, digits, dots and dashes'), name: text(160), unit: text(40) }),
    result: z.object({ item: StockItemSchema }),
  }),
  'stock.receive': defineMethod({
    summary:
      'A goods-received note from a supplier (optional purchase order) into a location: each line a batch by scan or typed. ' +
      'The GTIN\'s check digit is checked; a batch received before must have the same expiry; an expired pack is refused. VALIDATION per line; nothing written.',
    access: STOCK_RECEIVER_ROLES,
    writes: true,
    params: z.object({
      locationId: UuidSchema,
      supplier: text(120),
      purchaseOrder: text(60).optional(),
      note: text(500, { multiline: true }).optional(),
      lines: z.array(ReceiveLineSchema).min(1).max(100),
    }),
    result: z.object({
      grn: z.object({ id: UuidSchema, number: z.string(), supplier: z.string(), purchaseOrder: z.string().nullable(), locationId: UuidSchema, receivedAt: InstantSchema }),
      lines: z.array(z.object({ item: StockItemSchema, batch: BatchSchema, quantity: z.number().int(), serial: z.string().nullable() })),
    }),
  }),
  'stock.adjust': defineMethod({
    summary:
      'Adjust stock at a location with a reason code and a note: signed quantities per batch (damaged, expired, lost... remove; found, donation received add; a count correction either). ' +
      'Never below zero: CONFLICT insufficient_stock. With discrepancyId it also resolves that discrepancy.',
    access: STOCK_ADJUSTER_ROLES,
    writes: true,
    params: z.object({
      locationId: UuidSchema,
      reason: z.enum(ADJUSTMENT_REASONS),
      note: text(500, { multiline: true }),
      lines: z.array(z.object({ batchId: UuidSchema, quantity: z.number().int().min(-1_000_000).max(1_000_000) })).min(1).max(50),
      discrepancyId: UuidSchema.optional(),
    }),
    result: z.object({ adjustmentId: UuidSchema, movements: z.array(MovementSchema) }),
  }),
  'stock.transfer': defineMethod({
    summary: 'Move units of batches from one location to another (issue and receipt in one). Recalled batches stay put (CONFLICT batch_recalled); never below zero.',
    access: STOCK_TRANSFER_ROLES,
    writes: true,
    params: z.object({
      fromLocationId: UuidSchema,
      toLocationId: UuidSchema,
      note: text(500, { multiline: true }).optional(),
      lines: z.array(z.object({ batchId: UuidSchema, quantity: units })).min(1).max(100),
    }),
    result: z.object({ transferId: UuidSchema, movements: z.array(MovementSchema) }),
  }),
  'stock.onHand': defineMethod({
    summary: 'What a location holds, per item (or of one item), with its batches in FEFO order and the usable units.',
    access: STOCK_VIEWER_ROLES,
    writes: false,
    params: z.object({ locationId: UuidSchema, itemId: UuidSchema.optional() }),
    result: z.object({ locationId: UuidSchema, today: CalendarDateSchema, items: z.array(ItemOnHandSchema) }),
  }),
  'stock.batches': defineMethod({
    summary: 'Every batch of an item, earliest expiry first, with what each location holds.',
    access: STOCK_VIEWER_ROLES,
    writes: false,
    params: z.object({ itemId: UuidSchema }),
    result: z.object({ item: StockItemSchema, batches: z.array(BatchSchema.extend({ balances: z.array(z.object({ locationId: UuidSchema, onHand: z.number().int() })) })) }),
  }),
  'stock.ledger': defineMethod({
    summary: 'Movements, newest first, of a batch, an item or a location (at least one); `beforeId` pages back.',
    access: STOCK_ADJUSTER_ROLES,
    writes: false,
    params: z
      .object({ batchId: UuidSchema.optional(), itemId: UuidSchema.optional(), locationId: UuidSchema.optional(), beforeId: z.number().int().positive().optional(), limit: LimitSchema.default(100) })
      .refine((value) => value.batchId !== undefined || value.itemId !== undefined || value.locationId !== undefined, { message: 'name a batch, an item or a location', path: ['batchId'] }),
    result: z.object({ items: z.array(MovementSchema), nextBeforeId: z.number().int().optional() }),
  }),
  'stock.discrepancies': defineMethod({
    summary: 'Stock discrepancies (an offline dispense that took more than the books held), open ones by default, newest first.',
    access: STOCK_ADJUSTER_ROLES,
    writes: false,
    params: z.object({ locationId: UuidSchema.optional(), status: z.enum(['open', 'resolved']).default('open'), limit: LimitSchema.default(100) }),
    result: z.object({ items: z.array(DiscrepancySchema) }),
  }),
  'stock.resolveDiscrepancy': defineMethod({
    summary:
      'Close a discrepancy whose shelf count agrees with the books: `counted` must equal what the batch holds at the location now (CONFLICT count_differs, with `book`: ' +
      'post a stock.adjust with discrepancyId instead). Nothing moves; the count and the note are kept. CONFLICT discrepancy_not_open.',
    access: STOCK_ADJUSTER_ROLES,
    writes: true,
    params: z.object({ discrepancyId: UuidSchema, counted: z.number().int().nonnegative().max(10_000_000), note: text(500, { multiline: true }) }),
    result: z.object({ discrepancy: DiscrepancySchema }),
  }),
  'stock.setPrice': defineMethod({
    summary:
      'Set the selling price of one unit of an item (a formulary drug may be priced before its first receipt), from now on. Every price is kept (a new row, never an overwrite); audited.',
    access: PRICE_SETTER_ROLES,
    writes: true,
    params: z.object({ itemId: UuidSchema, priceMinor: MinorUnitsSchema, note: text(300, { multiline: true }).optional() }),
    result: z.object({ price: ItemPriceSchema }),
  }),
  'stock.prices': defineMethod({
    summary: 'An item\'s selling price now (null when never priced) and every price it had, newest first.',
    access: STOCK_ADJUSTER_ROLES,
    writes: false,
    params: z.object({ itemId: UuidSchema }),
    result: z.object({ current: ItemPriceSchema.nullable(), history: z.array(ItemPriceSchema) }),
  }),
  'stock.watch': defineMethod({
    summary: 'Follow stock levels: stock.changed after every movement, on the stock topic.',
    access: STOCK_VIEWER_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: OkSchema,
  }),
  'stock.count': defineMethod({
    summary:
      'Record a count sheet at a location: each batch\'s counted units beside what the books hold now. Nothing moves until another person approves it (stock.approveCount).',
    access: STOCK_ADJUSTER_ROLES,
    writes: true,
    params: z.object({
      locationId: UuidSchema,
      note: text(500, { multiline: true }).optional(),
      lines: z.array(z.object({ batchId: UuidSchema, counted: z.number().int().nonnegative().max(10_000_000) })).min(1).max(500),
    }),
    result: z.object({ count: StockCountSchema }),
  }),
  'stock.approveCount': defineMethod({
    summary:
      'Approve a pending count (its variances posted as one count-correction adjustment) or reject it. Not by the person who counted (CONFLICT own_count); CONFLICT count_decided when decided already.',
    access: STOCK_ADJUSTER_ROLES,
    writes: true,
    params: z.object({ countId: UuidSchema, approve: z.boolean(), note: text(500, { multiline: true }).optional() }),
    result: z.object({ count: StockCountSchema }),
  }),
  'stock.counts': defineMethod({
    summary: 'Counts, newest first: pending ones (for approval) by default.',
    access: STOCK_ADJUSTER_ROLES,
    writes: false,
    params: z.object({ locationId: UuidSchema.optional(), status: z.enum(STOCK_COUNT_STATUSES).default('pending'), limit: LimitSchema.default(50) }),
    result: z.object({ items: z.array(StockCountSchema) }),
  }),
  'stock.nearExpiry': defineMethod({
    summary: 'Batches with units that expire within 30, 60 or 90 days (default 90), and those already expired, earliest first; recalled ones are left out.',
    access: STOCK_VIEWER_ROLES,
    writes: false,
    params: z.object({ locationId: UuidSchema.optional(), withinDays: z.union([z.literal(30), z.literal(60), z.literal(90)]).default(90), limit: z.number().int().min(1).max(1000).default(200) }),
    result: z.object({ today: CalendarDateSchema, items: z.array(NearExpirySchema) }),
  }),
  'batches.recall': defineMethod({
    summary:
      'Recall a batch: blocked at once everywhere (no dispense, no transfer). Answers every patient who received it and kept units (audited). CONFLICT already_recalled.',
    access: RECALL_ROLES,
    writes: true,
    params: z.object({ batchId: UuidSchema, reason: text(500, { multiline: true }) }),
    result: z.object({ batch: BatchSchema, recipients: z.array(RecipientSchema) }),
  }),
  'batches.recipients': defineMethod({
    summary:
      'Every patient who received a batch and kept units (dispensed less returned), per dispensation, as of now: the recall list read again, with offline dispenses replayed since. Audited on each patient listed.',
    access: RECALL_ROLES,
    writes: false,
    params: z.object({ batchId: UuidSchema }),
    result: z.object({ item: StockItemSchema, batch: BatchSchema, recipients: z.array(RecipientSchema) }),
  }),
  'batches.recalls': defineMethod({
    summary: 'Recalled batches, latest recall first, each with its item, the units still on the books and how many patients kept units of it.',
    access: RECALL_ROLES,
    writes: false,
    params: z.object({ limit: LimitSchema.default(50) }),
    result: z.object({ items: z.array(RecallSummarySchema) }),
  }),
} as const;

export const stockEvents = {
  'stock.changed': defineEvent({
    summary: 'Stock moved at a location (receipt, dispense, return, transfer, adjustment, recall): re-read stock.onHand for these items.',
    data: z.object({ locationId: UuidSchema, itemIds: z.array(UuidSchema), at: InstantSchema }),
  }),
} as const;
