import { z } from 'zod';
import { InstantSchema, UuidSchema } from '../common.js';

/**
 * The chart's parts that other areas fill: current medications (prescriptions, issue 11's
 * pharmacology part) and results (the lab issue). Their owners shape these items; the chart
 * carries them as they are. `available: false` says this server does not record them yet
 * (desks show "not available", never "none").
 */
export const ChartMedicationSchema = z.object({
  prescriptionId: UuidSchema,
  itemId: UuidSchema,
  drugId: z.string(),
  name: z.string(),
  dose: z.string(),
  route: z.string(),
  frequency: z.string(),
  startedAt: InstantSchema,
  endsAt: InstantSchema.nullable(),
  prescribedByName: z.string(),
  /** The prescription's number (`RX-000123`) and the item's instructions, as printed. */
  prescriptionNumber: z.string(),
  instructions: z.string().nullable(),
});
export type ChartMedication = z.infer<typeof ChartMedicationSchema>;

export const ChartResultSchema = z.object({
  orderId: UuidSchema,
  code: z.string(),
  name: z.string(),
  status: z.enum(['pending', 'final', 'amended', 'cancelled']),
  orderedAt: InstantSchema,
  resultedAt: InstantSchema.nullable(),
  /** One line a chart shows ("Hb 9.8 g/dL (L)"); the full report comes from the results area. */
  summary: z.string().nullable(),
  abnormal: z.boolean().nullable(),
});
export type ChartResult = z.infer<typeof ChartResultSchema>;

export function chartSlotSchema<T extends z.ZodType>(item: T) {
  return z.object({ available: z.boolean(), items: z.array(item) });
}
