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
/** Charts a desk reads ahead in one call (the triage list's waiting patients, for the form offline). */
export const CHART_READ_AHEAD_MAX = 60;

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
  'charts.readAhead': defineMethod({
    summary:
      'The charts of a list of patients a desk keeps for offline use (the triage list\'s waiting patients, purpose triage; the doctor\'s ' +
      'My patients, purpose my_patients), read before anyone opens them: ' +
      `at most ${CHART_READ_AHEAD_MAX}, each as charts.get answers it (a merged record answers its survivor; an unknown id is in missing). ` +
      'Audited once for the list (action charts.readAhead, details {patientIds, purpose}), not as a person\'s read of each chart: ' +
      'a chart shown to the user is audited when shown (charts.get online, audit.recordOfflineReads offline).',
    access: CHART_READER_ROLES,
    writes: false,
    params: z.object({ patientIds: z.array(UuidSchema).min(1).max(CHART_READ_AHEAD_MAX), purpose: z.enum(['triage', 'my_patients']) }),
    result: z.object({ charts: z.array(z.object({ chart: ChartSchema, requestedId: UuidSchema })), missing: z.array(UuidSchema) }),
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
