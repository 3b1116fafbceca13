import { z } from 'zod';
import { CatalogueEntrySchema, ORDER_KINDS, OrderCodeSchema } from '../orders/order-catalogue.js';
import type { Role } from '../roles.js';
import { InstantSchema, OkSchema, UuidSchema, text } from '../common.js';
import { defineEvent, defineMethod } from './method.js';

/**
 * Laboratory and imaging orders from a consultation. The lab issue turns lab orders into
 * specimens and results; radiology orders are stored and listed until reports come.
 *
 * Who may do what:
 * - doctor: order within their own open encounter, cancel;
 * - doctor, nurse, lab_technician, radiologist: a patient's orders (audited) and the catalogue;
 * - lab_technician: follow every lab order written or cancelled (orders.watch, the lab worklist).
 * Receptionists and cashiers read no orders.
 */
export const ORDER_WRITER_ROLES = ['doctor'] as const satisfies readonly Role[];
export const ORDER_READER_ROLES = ['doctor', 'nurse', 'lab_technician', 'radiologist'] as const satisfies readonly Role[];

/** The topic `orders.watch` subscribes to: every lab order written or cancelled, for the lab's worklist. */
export const LAB_TOPIC = 'lab';
export const LAB_ROLES = ['lab_technician'] as const satisfies readonly Role[];
/** What can be ordered is no patient's data: the lab supervisor reads it too (the lab desk's walk-in and collection screens). */
export const ORDER_CATALOGUE_ROLES = [...ORDER_READER_ROLES, 'lab_supervisor'] as const satisfies readonly Role[];
export const ORDER_CHANGES = ['ordered', 'cancelled'] as const;

export const ORDER_PRIORITIES = ['routine', 'urgent', 'stat'] as const;
export type OrderPriority = (typeof ORDER_PRIORITIES)[number];
/** Until the lab issue adds collection and results. */
export const ORDER_ITEM_STATUSES = ['ordered', 'cancelled'] as const;
export type OrderItemStatus = (typeof ORDER_ITEM_STATUSES)[number];

export const OrderItemSchema = z.object({
  id: UuidSchema,
  orderId: UuidSchema,
  patientId: UuidSchema,
  encounterId: UuidSchema,
  kind: z.enum(ORDER_KINDS),
  code: z.string(),
  name: z.string(),
  priority: z.enum(ORDER_PRIORITIES),
  note: z.string().nullable(),
  status: z.enum(ORDER_ITEM_STATUSES),
  orderedAt: InstantSchema,
  orderedBy: UuidSchema,
  orderedByName: z.string(),
  cancelledAt: InstantSchema.nullable(),
  cancelReason: z.string().nullable(),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const ordersMethods = {
  'orders.create': defineMethod({
    summary:
      'Order lab tests and imaging within the doctor\'s own open encounter: codes from the catalogue (unknown or withdrawn codes are VALIDATION on the item), ' +
      'priority routine unless urgent or stat. A code already ordered and not cancelled in this encounter is CONFLICT (already_ordered).',
    access: ORDER_WRITER_ROLES,
    writes: true,
    params: z.object({
      encounterId: UuidSchema,
      items: z.array(z.object({
        kind: z.enum(ORDER_KINDS),
        code: OrderCodeSchema,
        priority: z.enum(ORDER_PRIORITIES).default('routine'),
        note: text(300, { multiline: true }).optional(),
      })).min(1).max(30),
    }),
    result: z.object({ orderId: UuidSchema, items: z.array(OrderItemSchema) }),
  }),
  'orders.cancel': defineMethod({
    summary: 'Cancel an ordered item with the reason. CONFLICT when it is already cancelled.',
    access: ORDER_WRITER_ROLES,
    writes: true,
    params: z.object({ itemId: UuidSchema, reason: text(300, { multiline: true }) }),
    result: z.object({ item: OrderItemSchema }),
  }),
  'orders.forPatient': defineMethod({
    summary: 'A patient\'s ordered items, newest first (audited read); narrowed by kind and status when given.',
    access: ORDER_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema, kind: z.enum(ORDER_KINDS).optional(), status: z.enum(ORDER_ITEM_STATUSES).optional(), limit: z.number().int().min(1).max(300).default(100) }),
    result: z.object({ items: z.array(OrderItemSchema) }),
  }),
  'orders.catalogue': defineMethod({
    summary: 'The tests and examinations that can be ordered, by code; `query` matches names, codes and synonyms.',
    access: ORDER_CATALOGUE_ROLES,
    writes: false,
    params: z.object({ kind: z.enum(ORDER_KINDS).optional(), query: text(60).optional() }).optional().default({}),
    result: z.object({ items: z.array(CatalogueEntrySchema) }),
  }),
  'orders.watch': defineMethod({
    summary: 'Follow every lab order written or cancelled (orders.changed on the lab topic): the lab worklist. Audited.',
    access: LAB_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: OkSchema,
  }),
  'orders.unwatch': defineMethod({
    summary: 'Stop following the lab topic.',
    access: LAB_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: OkSchema,
  }),
} as const;

export const ordersEvents = {
  'orders.changed': defineEvent({
    summary:
      'Items of a patient\'s orders were ordered or cancelled. On the lab topic when any is a lab item (orderIds and itemIds then name the lab ones only), ' +
      'and on the patient\'s chart topic (all of them). Ids only, no clinical text: desks re-read with orders.forPatient.',
    data: z.object({
      orderIds: z.array(UuidSchema).min(1),
      itemIds: z.array(UuidSchema).min(1),
      patientId: UuidSchema,
      change: z.enum(ORDER_CHANGES),
      at: InstantSchema,
    }),
  }),
} as const;
