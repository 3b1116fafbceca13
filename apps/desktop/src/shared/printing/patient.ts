import { CalendarDateSchema } from '@hms/core';
import { z } from 'zod';

const line = (max: number) => z.string().trim().min(1).max(max);

export const PrintPatientSchema = z.object({
  mrn: line(40),
  name: line(160),
  sex: z.string().trim().max(20).optional(),
  birthDate: CalendarDateSchema.optional(),
  /** The date of birth was estimated from an age: printed as a year. */
  birthDateEstimated: z.boolean().optional(),
  phone: z.string().trim().max(40).optional(),
});
export type PrintPatient = z.infer<typeof PrintPatientSchema>;
