import { CalendarDateSchema, InstantSchema } from '@hms/core';
import { z } from 'zod';
import { PrintPatientSchema } from './patient.js';

const line = (max: number) => z.string().trim().min(1).max(max);

/**
 * A dispensed medicine's label (50 x 25 mm): whose it is, what it is, how to take it in words
 * (core sig.ts, as the prescription printed it), how much, which batch and its expiry, when and
 * where it was dispensed. One per batch handed out.
 */
export const MedicationLabelDocumentSchema = z.object({
  kind: z.literal('medicationLabel'),
  patient: PrintPatientSchema,
  /** "Amoxicillin 500 mg capsules" */
  medicine: line(120),
  /** "take 1 capsule (500 mg) by mouth three times a day for 5 days" */
  directions: line(300),
  instructions: z.string().trim().max(200).optional(),
  /** "15 (fifteen) capsules" */
  quantity: line(80),
  batchNumber: line(20),
  expiry: CalendarDateSchema,
  dispensedAt: InstantSchema,
  /** "Main dispensary", printed with the hospital's name. */
  pharmacy: line(80),
  prescriptionNumber: z.string().trim().max(40).optional(),
});
export type MedicationLabelDocument = z.infer<typeof MedicationLabelDocumentSchema>;
