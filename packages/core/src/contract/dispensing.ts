import { z } from 'zod';
import { CalendarDateSchema, InstantSchema, UuidSchema, text } from '../common.js';
import type { Role } from '../roles.js';
import { PatientSummarySchema } from './front-desk-shared.js';
import { defineEvent, defineMethod } from './method.js';
import { PrescriptionItemSchema } from './prescriptions.js';
import { Gs1ScanSchema, ItemOnHandSchema } from './stock.js';

/**
 * Dispensing against prescriptions (issue 12), by pharmacists only. The server picks batches
 * first-expiry-first-out at the dispensary; another batch only with a reason; expired and
 * recalled ones never. Every dispense, return and worklist read is audited against the patient.
 *
 * Offline: a dispensary whose LAN is down dispenses from its cached worklist and stock picture
 * and queues `dispensing.dispense` with `dispensedAt` (its own time: the offline marker) and
 * the batch each line took, under an idempotency key. On replay the server records it even if
 * the books went short meanwhile (the pack has left the shelf), posting the shortfall as a
 * stock discrepancy for the pharmacist to resolve.
 */
export const DISPENSER_ROLES = ['pharmacist'] as const satisfies readonly Role[];

/** How far back an offline desk's dispense may be dated. */
export const MAX_OFFLINE_DISPENSE_AGE_HOURS = 72;

export const DISPENSING_STATUSES = ['open', 'partial', 'complete'] as const;
export type DispensingStatus = (typeof DISPENSING_STATUSES)[number];

export const WorklistItemSchema = PrescriptionItemSchema.extend({
  prescribed: z.number(),
  dispensed: z.number().int(),
  returned: z.number().int(),
  /** Still to hand out: prescribed less dispensed (a return does not reopen it). */
  outstanding: z.number(),
  /** Units handed out as another product of the same generic (generic substitution), per dispensed product. */
  substitutions: z.array(z.object({ itemId: UuidSchema, name: z.string(), quantity: z.number().int(), reason: z.string() })),
});

export const WorklistEntrySchema = z.object({
  prescriptionId: UuidSchema,
  number: z.string(),
  patient: PatientSummarySchema,
  prescriberName: z.string(),
  /** The prescriber's council registration, copied onto the prescription when written (for the label and the register). */
  prescriberRegistration: z.string().nullable(),
  createdAt: InstantSchema,
  prescriptionStatus: z.enum(['active', 'cancelled']),
  status: z.enum(DISPENSING_STATUSES),
  items: z.array(WorklistItemSchema),
});
export type WorklistEntry = z.infer<typeof WorklistEntrySchema>;

export const DISPENSE_WARNINGS = ['batch_recalled', 'batch_expired', 'exceeds_prescribed', 'not_fefo', 'stock_short', 'prescription_cancelled'] as const;

export const DispensationLineSchema = z.object({
  id: UuidSchema,
  prescriptionItemId: UuidSchema,
  itemId: UuidSchema,
  batchId: UuidSchema,
  batchNumber: z.string(),
  expiry: CalendarDateSchema,
  quantity: z.number().int(),
  chosenBy: z.enum(['fefo', 'pharmacist', 'offline_desk']),
  fefoBatchId: UuidSchema.nullable(),
  reason: z.string().nullable(),
  /** Another product of the same generic than the prescribed one (`itemId` is what was handed out). */
  substitution: z.object({ prescribedItemId: UuidSchema, reason: z.string() }).nullable(),
});

export const DispensationSchema = z.object({
  id: UuidSchema,
  prescriptionId: UuidSchema,
  patientId: UuidSchema,
  locationId: UuidSchema,
  dispensedBy: UuidSchema,
  dispensedAt: InstantSchema,
  recordedAt: InstantSchema,
  offline: z.boolean(),
  lines: z.array(DispensationLineSchema),
});
export type Dispensation = z.infer<typeof DispensationSchema>;

export const DispenseLineInputSchema = z.object({
  prescriptionItemId: UuidSchema,
  quantity: z.number().int('must be a whole number of units').positive('must be more than 0').max(100_000),
  /** Another batch than FEFO's (with `reason`), or, offline, the batch the desk took. */
  batchId: UuidSchema.optional(),
  /**
   * The pack scanned at the counter (scan-to-verify): its GTIN must be the prescribed product's
   * (CONFLICT wrong_product, unknown_pack) and its batch, when the code has one, is the batch
   * taken, under the same rules as `batchId` (unknown_batch when never received).
   */
  scan: Gs1ScanSchema.optional(),
  reason: text(300, { multiline: true }).optional(),
  /**
   * Generic substitution: dispense this product (a formulary drug of the prescribed one's generic,
   * strength and way of giving: core substitutionProblem) instead, with `substitutionReason`
   * (VALIDATION without one, or for a product that may not stand in).
   * Quantities are then units of this product.
   */
  substituteItemId: UuidSchema.optional(),
  substitutionReason: text(300, { multiline: true }).optional(),
});

export const DispensationReadSchema = DispensationSchema.extend({
  dispensedByName: z.string(),
  lines: z.array(DispensationLineSchema.extend({
    name: z.string(),
    unit: z.string(),
    /** Units already back on the shelf from this line, and what is still out (what a return may take). */
    returned: z.number().int(),
    out: z.number().int(),
  })),
});

export const dispensingMethods = {
  'dispensing.dispensations': defineMethod({
    summary: 'Every dispensation of a prescription, oldest first, each line with what was returned and what is still out: what a return is made from. Audited against the patient.',
    access: DISPENSER_ROLES,
    writes: false,
    params: z.object({ prescriptionId: UuidSchema }),
    result: z.object({ prescriptionId: UuidSchema, number: z.string(), patient: PatientSummarySchema, items: z.array(DispensationReadSchema) }),
  }),
  'dispensing.substitutes': defineMethod({
    summary:
      'For each item of a prescription, the products generic substitution may hand out instead (other active formulary products of its generic, strength and way of giving) that have usable units ' +
      'at the dispensary (or `locationId`), batches in FEFO order. Products and stock only.',
    access: DISPENSER_ROLES,
    writes: false,
    params: z.object({ prescriptionId: UuidSchema, locationId: UuidSchema.optional() }),
    result: z.object({ locationId: UuidSchema, today: CalendarDateSchema, items: z.array(z.object({ prescriptionItemId: UuidSchema, substitutes: z.array(ItemOnHandSchema) })) }),
  }),
  'dispensing.worklist': defineMethod({
    summary:
      'Prescriptions to dispense, newest first, with each item\'s outstanding quantity; the connection then follows the pharmacy topic ' +
      '(prescriptions.changed, dispensing.changed). `scan` finds one prescription by its RX- number or its id (whatever its status); ' +
      '`patientId` narrows to a patient. Audited.',
    access: DISPENSER_ROLES,
    writes: false,
    params: z.object({
      scan: text(100).optional(),
      patientId: UuidSchema.optional(),
      includeComplete: z.boolean().default(false),
      sinceDays: z.number().int().min(1).max(365).default(30),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    result: z.object({ items: z.array(WorklistEntrySchema) }),
  }),
  'dispensing.dispense': defineMethod({
    summary:
      'Dispense items of a prescription, fully or in part, from the dispensary (or `locationId`). Online: FEFO by the server; CONFLICT ' +
      'insufficient_stock, batch_expired, batch_recalled, reason_required (another batch than FEFO\'s), exceeds_prescribed, prescription_cancelled. ' +
      'Offline replay (`dispensedAt`, each line with its batchId): recorded as it happened, warnings and discrepancies say what was wrong.',
    access: DISPENSER_ROLES,
    writes: true,
    params: z.object({
      prescriptionId: UuidSchema,
      locationId: UuidSchema.optional(),
      lines: z.array(DispenseLineInputSchema).min(1).max(30),
      dispensedAt: InstantSchema.optional(),
    }),
    sameRequestIgnores: ['dispensedAt'],
    result: z.object({
      dispensation: DispensationSchema,
      prescription: WorklistEntrySchema,
      warnings: z.array(z.object({ code: z.enum(DISPENSE_WARNINGS), prescriptionItemId: UuidSchema, batchId: UuidSchema.nullable() })),
      discrepancies: z.array(z.object({ id: UuidSchema, batchId: UuidSchema, quantity: z.number().int() })),
    }),
  }),
  'dispensing.return': defineMethod({
    summary: 'Unopened packs back to stock from a dispensation line (to the location it left). CONFLICT exceeds_dispensed beyond what the line still has out.',
    access: DISPENSER_ROLES,
    writes: true,
    params: z.object({ dispensationLineId: UuidSchema, quantity: z.number().int().positive().max(100_000), reason: text(300, { multiline: true }) }),
    result: z.object({ returnId: UuidSchema, prescriptionId: UuidSchema, batchId: UuidSchema, quantity: z.number().int(), returnedTotal: z.number().int() }),
  }),
} as const;

export const dispensingEvents = {
  'dispensing.changed': defineEvent({
    summary: 'A prescription was dispensed (in part or fully) or units came back: on the pharmacy topic and the patient\'s chart topic. Ids only.',
    data: z.object({ prescriptionId: UuidSchema, patientId: UuidSchema, status: z.enum(DISPENSING_STATUSES), at: InstantSchema }),
  }),
} as const;
