import { z } from 'zod';
import { InstantSchema, OkSchema, UuidSchema, text } from '../common.js';
import { ALERT_KINDS } from '../pharmacology/check-prescription.js';
import { DOSE_UNITS, FREQUENCY_CODES, ROUTE_CODES } from '../pharmacology/medication-terms.js';
import type { Frequency, Route } from '../pharmacology/medication-terms.js';
import { SEVERITIES } from '../pharmacology/safety-rules.js';
import type { Role } from '../roles.js';
import { defineEvent, defineMethod } from './method.js';

/**
 * Prescriptions, checked against the formulary and the drug-safety rules on the server (and
 * by an offline desk with its cached copy: the same pure check).
 *
 * Who may do what:
 * - doctor: check and prescribe within their own open encounter, cancel;
 * - pharmacist: check (at dispensing) and read a patient's prescriptions;
 * - nurse: read a patient's prescriptions (to give them).
 * Receptionists, cashiers and the others read no prescription at all. Reads are audited.
 */
export const PRESCRIBER_ROLES = ['doctor'] as const satisfies readonly Role[];
export const PRESCRIPTION_CHECK_ROLES = ['doctor', 'pharmacist'] as const satisfies readonly Role[];
export const PRESCRIPTION_READER_ROLES = ['doctor', 'nurse', 'pharmacist'] as const satisfies readonly Role[];

/** The topic `prescriptions.watch` subscribes to: every prescription written or cancelled, for the pharmacy's worklist. */
export const PHARMACY_TOPIC = 'pharmacy';
export const PHARMACY_ROLES = ['pharmacist'] as const satisfies readonly Role[];

export const PRESCRIPTION_STATUSES = ['active', 'cancelled'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

const amount = z.number().positive('must be more than 0').max(100_000, 'at most 100000');

/** What the safety check needs of an item. */
export const CheckItemSchema = z.object({
  drugId: UuidSchema,
  dose: amount,
  doseUnit: z.enum(DOSE_UNITS),
  route: z.enum(ROUTE_CODES as [Route, ...Route[]]),
  frequency: z.enum(FREQUENCY_CODES as [Frequency, ...Frequency[]]),
});

export const PrescriptionItemInputSchema = CheckItemSchema.extend({
  durationDays: z.number().int().min(1).max(365),
  /** How much to dispense, in the product's units (tablets, mL, vials...). */
  quantity: amount,
  instructions: text(500, { multiline: true }).optional(),
});
export type PrescriptionItemInput = z.input<typeof PrescriptionItemInputSchema>;

export const OverrideInputSchema = z.object({ alertKey: text(300), reason: text(500, { multiline: true }) });

export const SafetyAlertSchema = z.object({
  alertKey: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(SEVERITIES),
  blocking: z.boolean(),
  ruleCode: z.string(),
  ruleVersion: z.number().int(),
  ruleSetVersion: z.number().int(),
  citation: z.string(),
  title: z.string(),
  message: z.string(),
  management: z.string(),
  itemIndexes: z.array(z.number().int()),
  currentDrugId: z.string().nullable(),
  allergyId: z.string().nullable(),
});

export const PrescriptionItemSchema = z.object({
  id: UuidSchema,
  drugId: UuidSchema,
  drugVersion: z.number().int(),
  generic: z.string(),
  name: z.string(),
  dose: z.number(),
  doseUnit: z.enum(DOSE_UNITS),
  route: z.enum(ROUTE_CODES as [Route, ...Route[]]),
  frequency: z.enum(FREQUENCY_CODES as [Frequency, ...Frequency[]]),
  durationDays: z.number().int(),
  quantity: z.number(),
  instructions: z.string().nullable(),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
});

export const StoredOverrideSchema = z.object({
  alertKey: z.string(),
  ruleCode: z.string(),
  ruleVersion: z.number().int(),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  reason: z.string(),
});

export const PrescriptionSchema = z.object({
  id: UuidSchema,
  /** `RX-000123`: printed as a barcode for the pharmacy to scan. */
  number: z.string(),
  patientId: UuidSchema,
  encounterId: UuidSchema,
  prescriberId: UuidSchema,
  prescriberName: z.string(),
  /** The prescriber's council registration number when it was written (doctors.saveProfile), printed with their name. */
  prescriberRegistration: z.string().nullable(),
  status: z.enum(PRESCRIPTION_STATUSES),
  ruleSetVersion: z.number().int(),
  createdAt: InstantSchema,
  cancelledAt: InstantSchema.nullable(),
  cancelReason: z.string().nullable(),
  items: z.array(PrescriptionItemSchema),
  overrides: z.array(StoredOverrideSchema),
  /**
   * Why it was added after its consultation was signed (prescriptions.create afterSign: a
   * prescription written offline that reached the server after the sign); null for one written
   * within the open consultation.
   */
  afterSignReason: z.string().nullable(),
});
export type Prescription = z.infer<typeof PrescriptionSchema>;

/** An item of the patient's current medication (the chart's list): active and not yet ended. */
export const CurrentMedicationSchema = PrescriptionItemSchema.extend({
  prescriptionId: UuidSchema,
  prescriptionNumber: z.string(),
  prescriberName: z.string(),
});
export type CurrentMedication = z.infer<typeof CurrentMedicationSchema>;

export const prescriptionsMethods = {
  'prescriptions.check': defineMethod({
    summary:
      'The drug-safety alerts for prescribing these items to the patient now: allergies (active ones), interactions with each other and with ' +
      'current medication, duplicate therapy, doses against age and the latest weight. Nothing is written.',
    access: PRESCRIPTION_CHECK_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema, items: z.array(CheckItemSchema).min(1).max(30) }),
    result: z.object({ alerts: z.array(SafetyAlertSchema), ruleSetVersion: z.number().int(), formularyRevision: z.number().int() }),
  }),
  'prescriptions.create': defineMethod({
    summary:
      'Prescribe within the doctor\'s own open encounter. The server checks again; a contraindicated or major alert without an override ' +
      '(its alertKey and a reason) is CONFLICT reason blocking_alerts with the alerts in details, and nothing is written. Overrides are stored and audited. ' +
      'id is the desk\'s choice, so a prescription printed offline carries it (its barcode until the RX- number exists): the same id again from the ' +
      'same encounter answers the prescription stored under it; an id another prescription has is CONFLICT id_taken. ' +
      'On a signed encounter it is CONFLICT encounter_signed, unless afterSign gives the reason: then it is added to the signed consultation ' +
      '(its own doctor\'s, checked the same way), with an addendum naming it and the reason; afterSign on an open one is CONFLICT encounter_open.',
    access: PRESCRIBER_ROLES,
    writes: true,
    params: z.object({
      id: UuidSchema.optional(),
      encounterId: UuidSchema,
      items: z.array(PrescriptionItemInputSchema).min(1).max(30),
      overrides: z.array(OverrideInputSchema).max(60).default([]),
      /** A prescription added after the consultation was signed (the one written offline, refused on replay by the sign): why. */
      afterSign: z.object({ reason: text(500, { multiline: true }) }).optional(),
    }),
    result: z.object({ prescription: PrescriptionSchema, alerts: z.array(SafetyAlertSchema) }),
  }),
  'prescriptions.cancel': defineMethod({
    summary: 'Cancel an active prescription (entered in error, or stopped), with the reason. CONFLICT when already cancelled.',
    access: PRESCRIBER_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema, reason: text(300, { multiline: true }) }),
    result: z.object({ prescription: PrescriptionSchema }),
  }),
  'prescriptions.forPatient': defineMethod({
    summary: 'A patient\'s prescriptions, newest first (audited read); `status` narrows them.',
    access: PRESCRIPTION_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema, status: z.enum(PRESCRIPTION_STATUSES).optional(), limit: z.number().int().min(1).max(300).default(100) }),
    result: z.object({ items: z.array(PrescriptionSchema) }),
  }),
  'prescriptions.watch': defineMethod({
    summary: 'Follow every prescription written or cancelled (prescriptions.changed on the pharmacy topic): the pharmacy worklist. Audited.',
    access: PHARMACY_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: OkSchema,
  }),
} as const;

export const prescriptionsEvents = {
  'prescriptions.changed': defineEvent({
    summary:
      'A prescription was written or cancelled: on the pharmacy topic (the worklist) and on the patient\'s chart topic. ' +
      'Ids and the status only, no clinical text: desks re-read with prescriptions.forPatient.',
    data: z.object({
      prescriptionId: UuidSchema,
      number: z.string(),
      patientId: UuidSchema,
      status: z.enum(PRESCRIPTION_STATUSES),
      at: InstantSchema,
    }),
  }),
} as const;
