import { InstantSchema, RESULT_FLAG_CODES, RESULT_STATUSES } from '@hms/core';
import { z } from 'zod';
import { PrintPatientSchema } from './patient.js';

// The laboratory's patient report, an A5 page for the page printer (or viewed on the screen):
// the request, its specimens and each test with its results as the server stored them (value,
// unit, flag and the range in force when it was entered), comments, who validated and who
// released. A view model: the words are made by lab-report-format.ts for the PDF and the HTML.

const line = (max: number) => z.string().trim().min(1).max(max);
const words = (max: number) => z.string().trim().max(max);

export const PrintLabResultSchema = z.object({
  analyte: line(30),
  value: line(200),
  unit: words(40).nullable(),
  flag: z.enum(RESULT_FLAG_CODES).nullable(),
  /** The range in force when the value was entered, as printed ("3.9–7.8"); null when the test has none. */
  range: words(120).nullable(),
  comment: words(500).nullable(),
  status: z.enum(RESULT_STATUSES),
  validatedBy: words(160).nullable(),
  validatedAt: InstantSchema.nullable(),
  releasedBy: words(160).nullable(),
  releasedAt: InstantSchema.nullable(),
  /** A correction after release: why, and the value it replaced. */
  amendment: z.object({ reason: line(300), previousValue: words(200).nullable() }).nullable(),
});
export type PrintLabResult = z.infer<typeof PrintLabResultSchema>;

export const PrintLabTestSchema = z.object({
  code: line(30),
  name: line(160),
  /** The test is waiting (not resulted yet) or was cancelled: said in words instead of values. */
  pending: words(80).nullable(),
  results: z.array(PrintLabResultSchema).max(60),
});
export type PrintLabTest = z.infer<typeof PrintLabTestSchema>;

export const LabReportDocumentSchema = z.object({
  kind: z.literal('labReport'),
  accession: line(20),
  patient: PrintPatientSchema,
  requestedBy: line(160),
  priority: words(20),
  orderedAt: InstantSchema,
  specimens: z.array(z.object({ barcode: line(20), container: line(80), collectedAt: InstantSchema, receivedAt: InstantSchema.nullable() })).max(20),
  tests: z.array(PrintLabTestSchema).min(1).max(40),
  /** When the desk made the report from the server's data. */
  reportedAt: InstantSchema,
});
export type LabReportDocument = z.infer<typeof LabReportDocumentSchema>;
