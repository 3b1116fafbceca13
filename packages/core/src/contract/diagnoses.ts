import { z } from 'zod';
import { InstantSchema, UuidSchema, text, wireString } from '../common.js';
import { CHART_READER_ROLES, CLINICAL_WRITER_ROLES, CODING_ROLES } from './clinical-roles.js';
import { defineEvent, defineMethod } from './method.js';

/** One code of the active ICD-10-CM release. */
export const Icd10CodeSchema = z.object({
  /** Dotted, as people write it: `J18.9`. */
  code: z.string(),
  /** Valid for coding; false for a category heading (`J18`), which diagnoses.add refuses. */
  billable: z.boolean(),
  description: z.string(),
});
export type Icd10Code = z.infer<typeof Icd10CodeSchema>;

export const Icd10ReleaseSchema = z.object({ id: UuidSchema, label: z.string(), loadedAt: InstantSchema });

export const DIAGNOSIS_CERTAINTIES = ['provisional', 'confirmed'] as const;
export const DIAGNOSIS_RANKS = ['primary', 'secondary'] as const;
export const PROBLEM_STATUSES = ['active', 'resolved'] as const;
export type DiagnosisCertainty = (typeof DIAGNOSIS_CERTAINTIES)[number];
export type DiagnosisRank = (typeof DIAGNOSIS_RANKS)[number];
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
export const DiagnosisCertaintySchema = z.enum(DIAGNOSIS_CERTAINTIES);
export const DiagnosisRankSchema = z.enum(DIAGNOSIS_RANKS);
export const ProblemStatusSchema = z.enum(PROBLEM_STATUSES);

/** A diagnosis coded in an encounter, with the code's words as the release read then. */
export const DiagnosisSchema = z.object({
  id: UuidSchema,
  encounterId: UuidSchema,
  code: z.string(),
  description: z.string(),
  certainty: DiagnosisCertaintySchema,
  rank: DiagnosisRankSchema,
  /** The problem-list entry it feeds (confirmed diagnoses only). */
  problemId: UuidSchema.nullable(),
  addedAt: InstantSchema,
  addedBy: UuidSchema,
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;

/** One entry of a patient's problem list. */
export const ProblemSchema = z.object({
  id: UuidSchema,
  patientId: UuidSchema,
  code: z.string(),
  description: z.string(),
  status: ProblemStatusSchema,
  certainty: DiagnosisCertaintySchema,
  firstEncounterId: UuidSchema.nullable(),
  recordedAt: InstantSchema,
  recordedByName: z.string(),
  lastDiagnosedAt: InstantSchema,
  resolvedAt: InstantSchema.nullable(),
  resolvedByName: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  version: z.number().int(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const diagnosesMethods = {
  'diagnoses.search': defineMethod({
    summary:
      'Search the active ICD-10-CM release: by code (`J18.9`, `j189`, the start of one: `J18`) in code order, and by words ' +
      '(`pneumonia`, `type 2 diab`, typos within an edit or two: `pnuemonia`), best match first. Only billable codes unless ' +
      'billableOnly is false (headings are then flagged billable: false).',
    access: CODING_ROLES,
    writes: false,
    params: z.object({
      query: wireString(100, { trim: true }).min(1, 'must not be empty'),
      limit: z.number().int().min(1).max(50).default(20),
      billableOnly: z.boolean().default(true),
    }),
    result: z.object({ items: z.array(Icd10CodeSchema), release: Icd10ReleaseSchema }),
  }),
  'diagnoses.add': defineMethod({
    summary:
      'Code a diagnosis in an open encounter (its own doctor): a billable code of the active release (a heading or an unknown code is ' +
      'VALIDATION on code). rank defaults to primary for the first, secondary after; a second primary or the same code twice is CONFLICT. ' +
      'A confirmed diagnosis puts the code on the problem list (or refreshes the active entry with that code); a provisional one does not.',
    access: CLINICAL_WRITER_ROLES,
    writes: true,
    params: z.object({
      encounterId: UuidSchema,
      code: wireString(10, { trim: true }).min(1, 'must not be empty'),
      certainty: DiagnosisCertaintySchema,
      rank: DiagnosisRankSchema.optional(),
    }),
    result: z.object({ diagnosis: DiagnosisSchema, problem: ProblemSchema.nullable() }),
  }),
  'problems.list': defineMethod({
    summary: 'The patient\'s problem list: active first (most recently diagnosed first), then resolved (audited read).',
    access: CHART_READER_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema, status: ProblemStatusSchema.optional() }),
    result: z.object({ items: z.array(ProblemSchema) }),
  }),
  'problems.resolve': defineMethod({
    summary: 'Mark an active problem resolved (an audited change; diagnosing the code again later opens a new entry). CONFLICT when resolved already.',
    access: CLINICAL_WRITER_ROLES,
    writes: true,
    params: z.object({ problemId: UuidSchema, note: text(500, { multiline: true }).optional() }),
    result: z.object({ problem: ProblemSchema }),
  }),
} as const;

export const diagnosesEvents = {
  'problems.changed': defineEvent({
    summary: 'The patient\'s problem list changed: an entry added, re-diagnosed or resolved (topic chart:<patientId>).',
    data: z.object({ patientId: UuidSchema, problemId: UuidSchema, status: ProblemStatusSchema, at: InstantSchema }),
  }),
  'diagnoses.added': defineEvent({
    summary: 'A diagnosis was coded in an encounter of the patient (topic chart:<patientId>).',
    data: z.object({ patientId: UuidSchema, encounterId: UuidSchema, diagnosisId: UuidSchema, at: InstantSchema }),
  }),
} as const;
