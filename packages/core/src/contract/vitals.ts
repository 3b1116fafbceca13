import { z } from 'zod';
import { CursorSchema, InstantSchema, LimitSchema, UuidSchema, page, text } from '../common.js';
import { VITAL_MEASUREMENTS, vitalsProblems } from '../rules/vitals.js';
import type { VitalsMeasurements } from '../rules/vitals.js';
import { CHART_READER_ROLES, OBSERVATION_WRITER_ROLES } from './clinical-roles.js';
import { defineEvent, defineMethod } from './method.js';

const reading = () => z.number().optional();
const stored = () => z.number().nullable();

const measurementFields = {
  temperatureC: reading(), pulseBpm: reading(), respiratoryRate: reading(), systolicMmHg: reading(), diastolicMmHg: reading(), spo2Percent: reading(),
  weightKg: reading(), heightCm: reading(), painScore: reading(), muacCm: reading(), headCircumferenceCm: reading(),
};

export const VitalsSchema = z.object({
  id: UuidSchema,
  patientId: UuidSchema,
  encounterId: UuidSchema.nullable(),
  visitId: UuidSchema.nullable(),
  takenAt: InstantSchema,
  recordedAt: InstantSchema,
  recordedBy: UuidSchema,
  recordedByName: z.string(),
  temperatureC: stored(), pulseBpm: stored(), respiratoryRate: stored(), systolicMmHg: stored(), diastolicMmHg: stored(), spo2Percent: stored(),
  weightKg: stored(), heightCm: stored(), painScore: stored(), muacCm: stored(), headCircumferenceCm: stored(),
  /** From this record's weight and height (null unless both were measured). */
  bmi: z.number().nullable(),
  /** The record this one corrects, and why. */
  supersedes: UuidSchema.nullable(),
  correctionReason: z.string().nullable(),
  /** The record that corrected this one: it no longer counts (history with includeSuperseded only). */
  supersededBy: UuidSchema.nullable(),
});
export type Vitals = z.infer<typeof VitalsSchema>;

/** One measurement's newest value, and when it was taken. */
export const LatestReadingSchema = z.object({ value: z.number(), takenAt: InstantSchema, vitalsId: UuidSchema }).nullable();
export const LatestVitalsSchema = z.object({
  ...Object.fromEntries(VITAL_MEASUREMENTS.map((name) => [name, LatestReadingSchema])) as Record<(typeof VITAL_MEASUREMENTS)[number], typeof LatestReadingSchema>,
  /** From the latest weight and the latest height. */
  bmi: z.number().nullable(),
});
export type LatestVitals = z.infer<typeof LatestVitalsSchema>;

export const vitalsMethods = {
  'vitals.record': defineMethod({
    summary:
      'Record vitals taken at takenAt (not in the future), at least one measurement, each within its plausible range (VALIDATION per ' +
      'field; core rules/vitals.ts). BMI is derived. A correction is a new record with supersedes and correctionReason: the one it ' +
      'replaces stays in the history, marked. encounterId or visitId tie it to the consultation or the visit (of the same patient).',
    access: OBSERVATION_WRITER_ROLES,
    writes: true,
    params: z
      .object({
        patientId: UuidSchema,
        encounterId: UuidSchema.optional(),
        visitId: UuidSchema.optional(),
        takenAt: InstantSchema,
        ...measurementFields,
        supersedes: UuidSchema.optional(),
        correctionReason: text(200).optional(),
      })
      .superRefine((value, ctx) => {
        for (const [path, message] of Object.entries(vitalsProblems(value as VitalsMeasurements))) ctx.addIssue({ code: 'custom', path: [path], message });
        if ((value.supersedes === undefined) !== (value.correctionReason === undefined)) {
          ctx.addIssue({ code: 'custom', path: [value.supersedes === undefined ? 'supersedes' : 'correctionReason'], message: 'a correction names the record it replaces and why' });
        }
      }),
    result: z.object({ vitals: VitalsSchema }),
  }),
  'vitals.history': defineMethod({
    summary: 'The patient\'s vitals, newest taken first (audited read); corrected records only with includeSuperseded.',
    access: CHART_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema, includeSuperseded: z.boolean().default(false), limit: LimitSchema.default(50), cursor: CursorSchema.optional() }),
    result: page(VitalsSchema),
  }),
} as const;

export const vitalsEvents = {
  'vitals.recorded': defineEvent({
    summary: 'Vitals of the patient were recorded or corrected (topic chart:<patientId>): re-read the chart or the history.',
    data: z.object({ patientId: UuidSchema, vitalsId: UuidSchema, supersedes: UuidSchema.nullable(), takenAt: InstantSchema, at: InstantSchema }),
  }),
} as const;
