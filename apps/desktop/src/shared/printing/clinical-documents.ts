import { AmountUnitSchema, DOSE_UNITS, DoseFormSchema, FREQUENCY_CODES, InstantSchema, ROUTE_CODES, UuidSchema } from '@hms/core';
import type { Frequency, Route } from '@hms/core';
import { z } from 'zod';
import { PrintPatientSchema } from './patient.js';

// The doctor desk's printouts, A5 pages: the prescription (for the pharmacy, carried by the
// patient) and the visit summary (for the patient). View models only: each item is written out
// in words by core's writeSig when it is printed, so the page and the browser print say the same.

const line = (max: number) => z.string().trim().min(1).max(max);
const words = (max: number) => z.string().trim().max(max);

/** The patient's allergies as the chart has them: listed, none known, or not yet asked. */
export const PrintAllergiesSchema = z.discriminatedUnion('status', [
  /** Each as people read it: "Penicillin (anaphylaxis)". */
  z.object({ status: z.literal('recorded'), items: z.array(line(160)).min(1).max(30) }),
  z.object({ status: z.literal('noneKnown') }),
  z.object({ status: z.literal('notRecorded') }),
]);
export type PrintAllergies = z.infer<typeof PrintAllergiesSchema>;

export const PrintClinicalPatientSchema = PrintPatientSchema.extend({
  allergies: PrintAllergiesSchema,
  /** The latest weight, for a pharmacist checking a child's dose. */
  weightKg: z.number().positive().max(500).optional(),
});
export type PrintClinicalPatient = z.infer<typeof PrintClinicalPatientSchema>;

/** The doctor as the page signs: the name and the council registration number (null when not on their profile yet). */
export const PrintPrescriberSchema = z.object({
  name: line(160),
  registration: z.string().trim().min(1).max(60).nullable(),
});
export type PrintPrescriber = z.infer<typeof PrintPrescriberSchema>;

/** One item as prescribed, with the formulary product it names (writeSig needs its form and strength). */
export const PrintPrescriptionItemSchema = z.object({
  product: z.object({
    genericName: line(160),
    strengthText: line(80),
    strength: z.object({ amount: z.number().positive(), unit: AmountUnitSchema, perMl: z.number().positive().optional() }).nullable(),
    form: DoseFormSchema,
    components: z.array(z.string().max(80)).max(6).default([]),
  }),
  dose: z.number().positive().max(100_000),
  doseUnit: z.enum(DOSE_UNITS),
  route: z.enum(ROUTE_CODES as [Route, ...Route[]]),
  frequency: z.enum(FREQUENCY_CODES as [Frequency, ...Frequency[]]),
  durationDays: z.number().int().min(1).max(365),
  quantity: z.number().positive().max(100_000),
  instructions: words(500).nullable().optional(),
});
export type PrintPrescriptionItem = z.infer<typeof PrintPrescriptionItemSchema>;

export const PrescriptionDocumentSchema = z.object({
  kind: z.literal('prescription'),
  /** The desk-chosen id: the pharmacy resolves it as well as the number. */
  id: UuidSchema,
  /** `RX-000123`; null while the server has not assigned it (written offline): the codes carry the id. */
  number: z.string().trim().min(1).max(40).nullable(),
  writtenAt: InstantSchema,
  patient: PrintClinicalPatientSchema,
  department: words(80).optional(),
  prescriber: PrintPrescriberSchema,
  items: z.array(PrintPrescriptionItemSchema).min(1).max(30),
  /** How many safety alerts the prescriber overrode (their reasons stay in HMS, for the pharmacist at dispensing). */
  overriddenAlerts: z.number().int().nonnegative().max(60).default(0),
  /** Printed again (lost, or the number arrived): marked so, since the pharmacy dispenses a number once, whatever the paper. */
  reprint: z.boolean().default(false),
});

/** The visit, for the patient to keep: what was found, what to take, what was ordered, what next. */
export const VisitSummaryDocumentSchema = z.object({
  kind: z.literal('visitSummary'),
  visitAt: InstantSchema,
  patient: PrintClinicalPatientSchema,
  department: words(80).optional(),
  doctor: PrintPrescriberSchema,
  diagnoses: z.array(z.object({ code: words(12).optional(), description: line(300), provisional: z.boolean().default(false) })).max(30),
  medicines: z.array(PrintPrescriptionItemSchema).max(60),
  orders: z.array(z.object({ name: line(200), kind: words(40).optional() })).max(60),
  /** The plan's follow-up advice, as the doctor wrote it. */
  advice: words(4000).optional(),
});
