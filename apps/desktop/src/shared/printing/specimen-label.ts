import { InstantSchema, SpecimenBarcodeSchema } from '@hms/core';
import { z } from 'zod';
import { PrintPatientSchema } from './patient.js';

const line = (max: number) => z.string().trim().min(1).max(max);

/**
 * A specimen tube's label (50 x 25 mm), one per container: whose it is, the specimen barcode
 * (the accession and the container's number, Code 128), the tests it is for, the container and
 * when it was collected. Printed at collection, on the label printer.
 */
export const SpecimenLabelDocumentSchema = z.object({
  kind: z.literal('specimenLabel'),
  patient: PrintPatientSchema,
  barcode: SpecimenBarcodeSchema,
  /** Test codes, as the bench reads them ("FBC", "RBG"). */
  tests: z.array(line(30)).min(1).max(30),
  /** "EDTA (purple)" */
  container: line(40),
  collectedAt: InstantSchema,
  priority: z.enum(['routine', 'urgent', 'stat']).default('routine'),
});
export type SpecimenLabelDocument = z.infer<typeof SpecimenLabelDocumentSchema>;
