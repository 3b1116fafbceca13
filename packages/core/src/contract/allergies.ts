import { z } from 'zod';
import { InstantSchema, UuidSchema, text } from '../common.js';
import { ALLERGY_SEVERITIES, ALLERGY_SUBSTANCE_KINDS } from '../pharmacology/allergens.js';
import { ALLERGY_ENTRY_STATUSES, ALLERGY_STATUSES } from '../rules/allergy-status.js';
import { CHART_READER_ROLES, OBSERVATION_WRITER_ROLES } from './clinical-roles.js';
import { defineEvent, defineMethod } from './method.js';

/** The formulary's codes (pharmacology): a generic (`amoxicillin`), a product, or an allergy class (`penicillins`). */
export const SUBSTANCE_CODE_PATTERN = /^[a-z][a-z0-9_.-]{1,79}$/;

/**
 * What the patient reacts to. `code` ties a drug or drug class to the formulary (kind drug: the
 * generic code; drugClass: one of ALLERGY_CLASS_CODES), so that prescription checks match it;
 * without one they read `text` against generic and class names. `text` is what people read.
 */
export const SubstanceSchema = z.object({
  kind: z.enum(ALLERGY_SUBSTANCE_KINDS),
  code: text(80).regex(SUBSTANCE_CODE_PATTERN, 'a formulary code: lower case letters, digits, _ . -').optional(),
  text: text(200),
});
export type Substance = z.infer<typeof SubstanceSchema>;

export const AllergyStatusSchema = z.enum(ALLERGY_STATUSES);
export const AllergyEntryStatusSchema = z.enum(ALLERGY_ENTRY_STATUSES);

/** One allergy in one revision: the newest revision is its current state. */
export const AllergySchema = z.object({
  id: UuidSchema,
  revision: z.number().int(),
  patientId: UuidSchema,
  substance: z.object({ kind: z.enum(ALLERGY_SUBSTANCE_KINDS), code: z.string().nullable(), text: z.string() }),
  reaction: z.string().nullable(),
  severity: z.enum(ALLERGY_SEVERITIES),
  status: AllergyEntryStatusSchema,
  note: z.string().nullable(),
  recordedAt: InstantSchema,
  recordedByName: z.string(),
});
export type Allergy = z.infer<typeof AllergySchema>;

export const NoneKnownSchema = z.object({ recordedAt: InstantSchema, recordedByName: z.string() });

/** A patient's allergies as a banner and the prescription checks read them. */
export const AllergySummarySchema = z.object({
  status: AllergyStatusSchema,
  /** The current revision of each allergy: active first. */
  items: z.array(AllergySchema),
  /** The latest "no known allergies", if any was recorded. */
  noneKnown: NoneKnownSchema.nullable(),
});
export type AllergySummary = z.infer<typeof AllergySummarySchema>;

export const allergiesMethods = {
  'allergies.record': defineMethod({
    summary:
      'Record an allergy, or (with allergyId) a new revision of one: a status change (inactive, refuted), a corrected severity or reaction. ' +
      'Revisions are new rows; the history stays. A second allergy to the same substance is CONFLICT already_recorded (revise that one).',
    access: OBSERVATION_WRITER_ROLES,
    writes: true,
    params: z.object({
      patientId: UuidSchema,
      allergyId: UuidSchema.optional(),
      substance: SubstanceSchema,
      reaction: text(200).optional(),
      severity: z.enum(ALLERGY_SEVERITIES),
      status: AllergyEntryStatusSchema,
      note: text(500, { multiline: true }).optional(),
    }),
    result: z.object({ allergy: AllergySchema, allergies: AllergySummarySchema }),
  }),
  'allergies.noneKnown': defineMethod({
    summary: 'Record that the patient was asked and has no known allergies (distinct from never asked). CONFLICT active_allergies while one is active.',
    access: OBSERVATION_WRITER_ROLES,
    writes: true,
    params: z.object({ patientId: UuidSchema }),
    result: z.object({ allergies: AllergySummarySchema }),
  }),
  'allergies.list': defineMethod({
    summary: 'The patient\'s allergies: status for the banner, the current revisions, and with includeHistory every revision newest first (audited read).',
    access: CHART_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema, includeHistory: z.boolean().default(false) }),
    result: z.object({ allergies: AllergySummarySchema, history: z.array(AllergySchema).optional() }),
  }),
} as const;

export const allergiesEvents = {
  'allergies.changed': defineEvent({
    summary: 'An allergy of the patient was recorded or revised, or "no known allergies" was recorded (topic chart:<patientId>).',
    data: z.object({ patientId: UuidSchema, allergyId: UuidSchema.nullable(), status: AllergyStatusSchema, at: InstantSchema }),
  }),
} as const;
