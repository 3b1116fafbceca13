import { z } from 'zod';
import { CalendarDateSchema, OkSchema, UuidSchema } from '../common.js';
import { AllergySummarySchema } from './allergies.js';
import { ChartMedicationSchema, ChartResultSchema, chartSlotSchema } from './chart-slots.js';
import { CHART_READER_ROLES } from './clinical-roles.js';
import { ProblemSchema } from './diagnoses.js';
import { EncounterSummarySchema } from './encounters.js';
import { defineMethod } from './method.js';
import { SexSchema } from './patients.js';
import { LatestVitalsSchema } from './vitals.js';

/** How many encounters a chart summary lists (the rest through the encounters timeline). */
export const CHART_RECENT_ENCOUNTERS = 10;

export const ChartSchema = z.object({
  /** The banner: always shown with the allergies. */
  patient: z.object({
    id: UuidSchema,
    mrn: z.string(),
    name: z.string(),
    sex: SexSchema,
    birthDate: CalendarDateSchema.nullable(),
    birthDateEstimated: z.boolean(),
  }),
  allergies: AllergySummarySchema,
  /** Active problems, most recently diagnosed first. */
  problems: z.array(ProblemSchema),
  latestVitals: LatestVitalsSchema,
  recentEncounters: z.array(EncounterSummarySchema),
  encounterCount: z.number().int(),
  medications: chartSlotSchema(ChartMedicationSchema),
  results: chartSlotSchema(ChartResultSchema),
});
export type Chart = z.infer<typeof ChartSchema>;

export const chartsMethods = {
  'charts.get': defineMethod({
    summary:
      'The patient\'s chart summary: banner, allergies (or no known allergies, or not recorded), active problems, each vital\'s latest ' +
      'reading, recent encounters, current medications and pending/recent results. A merged record answers its survivor. Audited read.',
    access: CHART_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema }),
    result: z.object({ chart: ChartSchema, requestedId: UuidSchema }),
  }),
  'charts.watch': defineMethod({
    summary: 'Receive the chart events of a patient (topic chart:<patientId>: vitals, allergies, encounters, diagnoses, problems) on this connection. Audited.',
    access: CHART_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema }),
    result: z.object({ topic: z.string(), patientId: UuidSchema }),
  }),
  'charts.unwatch': defineMethod({
    summary: 'Stop receiving a patient\'s chart events on this connection.',
    access: CHART_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema }),
    result: OkSchema,
  }),
} as const;
