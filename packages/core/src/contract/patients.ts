import { z } from 'zod';
import { CalendarDateSchema, CursorSchema, InstantSchema, LimitSchema, OkSchema, UuidSchema, page, wireString } from '../common.js';
import type { Role } from '../roles.js';
import { defineEvent, defineMethod } from './method.js';

/**
 * Patients: registration (online, and replayed from a workstation that registered offline),
 * search, demographics, duplicates, merge and unmerge.
 *
 * Who may do what:
 * - receptionist (and admin): register, update demographics, find duplicates, reserve MRN blocks;
 * - every clinical and billing desk (doctor, nurse, cashier, lab_technician, pharmacist,
 *   radiologist) and the above: search, get, watch;
 * - admin and receptionist: history (the audited versions);
 * - admin only: merge, unmerge, the duplicate-review list.
 *
 * Reads of one patient's record (`patients.get`, `patients.history`) are audited. Searches
 * are not: they return lists of summaries at the speed of typing (p95 < 10 ms at a million
 * patients), and an audit append per keystroke would serialise every desk on the audit chain.
 */
export const PATIENT_READ_ROLES = ['admin', 'receptionist', 'doctor', 'nurse', 'cashier', 'lab_technician', 'pharmacist', 'radiologist'] as const satisfies readonly Role[];
export const PATIENT_WRITE_ROLES = ['receptionist', 'admin'] as const satisfies readonly Role[];
export const PATIENT_HISTORY_ROLES = ['admin', 'receptionist'] as const satisfies readonly Role[];
export const PATIENT_ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];

/** The events topic that `patients.watch` subscribes to. */
export const PATIENTS_TOPIC = 'patients';

/** HL7 table 0001 administrative sex. */
export const SEXES = ['F', 'M', 'O', 'U'] as const;
export const SexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof SexSchema>;

export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export const BloodGroupSchema = z.enum(BLOOD_GROUPS);
export type BloodGroup = z.infer<typeof BloodGroupSchema>;

/** Untrimmed and possibly empty (the rules trim and settle empties, with the desk's messages); odd characters refused. */
const str = (max: number) => wireString(max);
/** What the server stored: read back as it is, so that a record saved before a rule tightened still opens. */
const stored = (max: number) => z.string().max(max);

function addressOf(field: (max: number) => z.ZodString) {
  return z.object({
    line1: field(200).optional(),
    line2: field(200).optional(),
    village: field(120).optional(),
    city: field(120).optional(),
    region: field(120).optional(),
    postalCode: field(20).optional(),
    country: field(80).optional(),
  });
}

function emergencyContactOf(field: (max: number) => z.ZodString) {
  return z.object({
    name: field(120),
    relationship: field(60).optional(),
    phone: field(32),
  });
}

function insuranceOf(field: (max: number) => z.ZodString) {
  return z.object({
    payer: field(120),
    memberNumber: field(60),
    validFrom: CalendarDateSchema.optional(),
    validTo: CalendarDateSchema.optional(),
  });
}

export const AddressSchema = addressOf(str);
export type Address = z.infer<typeof AddressSchema>;

export const EmergencyContactSchema = emergencyContactOf(str);
export type EmergencyContact = z.infer<typeof EmergencyContactSchema>;

export const InsuranceSchema = insuranceOf(str);
export type Insurance = z.infer<typeof InsuranceSchema>;

/**
 * Demographics as a desk sends them. Shapes only: trimming, phone normalization, dates and
 * the other rules are in `validatePatientInput` (rules/patient-validation.ts), which the
 * desktop can run offline with the same messages.
 */
export const PatientDemographicsSchema = z.object({
  givenName: str(80),
  middleName: str(80).optional(),
  familyName: str(80),
  sex: SexSchema,
  birthDate: str(10).optional(),
  /** Instead of birthDate when the patient knows only an age: stores an estimated date of birth. */
  estimatedAgeYears: z.number().int().min(0).max(130).optional(),
  phone: str(32).optional(),
  alternatePhone: str(32).optional(),
  nationalId: str(40).optional(),
  address: AddressSchema.optional(),
  emergencyContact: EmergencyContactSchema.optional(),
  insurance: InsuranceSchema.optional(),
  bloodGroup: BloodGroupSchema.optional(),
  preferredLanguage: str(40).optional(),
});
export type PatientDemographicsInput = z.input<typeof PatientDemographicsSchema>;

export const PatientSchema = z.object({
  id: UuidSchema,
  mrn: z.string(),
  givenName: z.string(),
  middleName: z.string().nullable(),
  familyName: z.string(),
  sex: SexSchema,
  birthDate: CalendarDateSchema.nullable(),
  birthDateEstimated: z.boolean(),
  phone: z.string().nullable(),
  alternatePhone: z.string().nullable(),
  nationalId: z.string().nullable(),
  address: addressOf(stored).nullable(),
  emergencyContact: emergencyContactOf(stored).nullable(),
  insurance: insuranceOf(stored).nullable(),
  bloodGroup: BloodGroupSchema.nullable(),
  preferredLanguage: z.string().nullable(),
  registeredOffline: z.boolean(),
  /** When the desk registered the patient (its own clock when registered offline). */
  registeredAt: InstantSchema,
  /** Set on a record merged into another: it survives as an alias of that patient. */
  mergedInto: UuidSchema.nullable(),
  /** Increases with every change; pass it as `expectedVersion` to update safely. */
  version: z.number().int().positive(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
export type Patient = z.infer<typeof PatientSchema>;

/** What lists show: enough to tell patients apart at a desk. */
export const PatientBriefSchema = PatientSchema.pick({
  id: true,
  mrn: true,
  givenName: true,
  middleName: true,
  familyName: true,
  sex: true,
  birthDate: true,
  birthDateEstimated: true,
  phone: true,
  nationalId: true,
  version: true,
});
export type PatientBrief = z.infer<typeof PatientBriefSchema>;

export const DUPLICATE_REASONS = ['national_id', 'phone', 'name', 'similar_name', 'birth_date', 'birth_year', 'sex'] as const;
export const DuplicateReasonSchema = z.enum(DUPLICATE_REASONS);
export type DuplicateReason = z.infer<typeof DuplicateReasonSchema>;

export const DuplicateLikelihoodSchema = z.enum(['likely', 'possible']);
export type DuplicateLikelihood = z.infer<typeof DuplicateLikelihoodSchema>;

export const DuplicateCandidateSchema = z.object({
  patient: PatientBriefSchema,
  /** 0..1, see rules/duplicate-scoring.ts. */
  score: z.number().min(0).max(1),
  likelihood: DuplicateLikelihoodSchema,
  /** What matched (the reasons a desk shows next to the candidate). */
  reasons: z.array(DuplicateReasonSchema),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidateSchema>;

export const SEARCH_MATCHES = ['mrn', 'merged_mrn', 'phone', 'national_id', 'birth_date', 'name'] as const;
export const SearchMatchSchema = z.enum(SEARCH_MATCHES);

export const PatientSearchItemSchema = PatientBriefSchema.extend({
  matchedBy: z.array(SearchMatchSchema),
  /** Name similarity (1 = exact), when the query had names. */
  score: z.number().optional(),
});
export type PatientSearchItem = z.infer<typeof PatientSearchItemSchema>;

export const SEARCH_KINDS = ['mrn', 'identifier', 'birth_date', 'name', 'combined', 'empty'] as const;
export const SearchInterpretationSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  /** The canonical MRN read from the query (typed or scanned). */
  mrn: z.string().optional(),
  /** The query had an MRN's shape but its check character is wrong: likely a typo. */
  mrnCheckFailed: z.boolean().optional(),
});

export const PatientHistoryEntrySchema = z.object({
  seq: z.number().int(),
  at: InstantSchema,
  action: z.string(),
  actorUsername: z.string().nullable(),
  workstationId: z.string().nullable(),
  /** The record's version after this change, when the change had one. */
  version: z.number().int().nullable(),
  /** Fields whose value changed (wire names). */
  changedFields: z.array(z.string()),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  details: z.unknown().nullable(),
});
export type PatientHistoryEntry = z.infer<typeof PatientHistoryEntrySchema>;

export const MergeMovedSchema = z.object({ table: z.string(), column: z.string(), rows: z.number().int().nonnegative() });

export const PatientMergeSchema = z.object({
  id: UuidSchema,
  survivorId: UuidSchema,
  mergedId: UuidSchema,
  reason: z.string().nullable(),
  mergedAt: InstantSchema,
  mergedBy: z.string().nullable(),
  /** Rows of other tables moved to the survivor, by table and column. */
  moved: z.array(MergeMovedSchema),
  unmergedAt: InstantSchema.nullable(),
  unmergedBy: z.string().nullable(),
});
export type PatientMerge = z.infer<typeof PatientMergeSchema>;

export const DUPLICATE_REVIEW_STATUSES = ['open', 'not_duplicate', 'merged'] as const;
export const DuplicateReviewStatusSchema = z.enum(DUPLICATE_REVIEW_STATUSES);
export type DuplicateReviewStatus = z.infer<typeof DuplicateReviewStatusSchema>;

export const DuplicateReviewSchema = z.object({
  id: UuidSchema,
  patient: PatientBriefSchema,
  candidates: z.array(DuplicateCandidateSchema),
  status: DuplicateReviewStatusSchema,
  /** Why it is on the list: registered offline with likely duplicates. */
  source: z.enum(['offline_registration']),
  createdAt: InstantSchema,
  resolvedAt: InstantSchema.nullable(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type DuplicateReview = z.infer<typeof DuplicateReviewSchema>;

const nullableStr = (max: number) => str(max).nullable().optional();

export const patientsMethods = {
  'patients.register': defineMethod({
    summary:
      'Register a patient; the server allocates the MRN unless the desk brings one from its reserved block. ' +
      'Likely duplicates answer CONFLICT with details.candidates unless confirmedNotDuplicate (audited). ' +
      'Offline registrations (registeredOffline) are never refused for duplicates: they go to the duplicate-review list. ' +
      'Replaying a registration with the same id answers the same patient; when the replay brought another MRN ' +
      '(the first attempt\'s reply was lost and the desk queued it again with a block number), the patient keeps ' +
      'its MRN and `unusedMrn` names the one to take off the wristband.',
    access: PATIENT_WRITE_ROLES,
    writes: true,
    params: PatientDemographicsSchema.extend({
      confirmedNotDuplicate: z.boolean().optional(),
      /** Chosen by a desk registering offline, so that its replay is recognised. */
      id: UuidSchema.optional(),
      /** An MRN from a block this workstation reserved with mrn.reserveBlock and has not used. */
      mrn: str(60).optional(),
      registeredOffline: z.boolean().optional(),
      /** The desk's clock when registered offline: within the last 90 days, not in the future. */
      registeredAt: InstantSchema.optional(),
    }),
    result: z.object({ patient: PatientSchema, duplicateReviewId: UuidSchema.optional(), unusedMrn: z.string().optional() }),
  }),
  'patients.update': defineMethod({
    summary:
      'Correct demographics (fields given are replaced; null clears an optional field). ' +
      'CONFLICT when expectedVersion is stale or the patient was merged into another.',
    access: PATIENT_WRITE_ROLES,
    writes: true,
    params: z.object({
      id: UuidSchema,
      expectedVersion: z.number().int().positive().optional(),
      givenName: str(80).optional(),
      middleName: nullableStr(80),
      familyName: str(80).optional(),
      sex: SexSchema.optional(),
      birthDate: str(10).nullable().optional(),
      estimatedAgeYears: z.number().int().min(0).max(130).optional(),
      phone: nullableStr(32),
      alternatePhone: nullableStr(32),
      nationalId: nullableStr(40),
      address: AddressSchema.nullable().optional(),
      emergencyContact: EmergencyContactSchema.nullable().optional(),
      insurance: InsuranceSchema.nullable().optional(),
      bloodGroup: BloodGroupSchema.nullable().optional(),
      preferredLanguage: nullableStr(40),
    }),
    result: z.object({ patient: PatientSchema }),
  }),
  'patients.get': defineMethod({
    summary:
      'One patient by id or MRN (audited read). A merged id or MRN answers the surviving patient with ' +
      'reachedThroughAlias true and requestedId the id asked for.',
    access: PATIENT_READ_ROLES,
    writes: false,
    params: z
      .object({ id: UuidSchema.optional(), mrn: str(60).optional() })
      .refine((params) => (params.id === undefined) !== (params.mrn === undefined), { message: 'give either id or mrn', path: ['id'] }),
    result: z.object({ patient: PatientSchema, reachedThroughAlias: z.boolean(), requestedId: UuidSchema }),
  }),
  'patients.search': defineMethod({
    summary:
      'Search by MRN (typed or scanned), phone, national ID, birth date or year, and names (typo-tolerant, ranked), ' +
      'alone or combined ("kamau 1984", "mary 0722"). Keyset-paginated with an opaque cursor. Not audited (summaries only).',
    access: PATIENT_READ_ROLES,
    writes: false,
    // A barcode reader ends what it scanned with CR or TAB: kept, the query rules drop them.
    params: z.object({ query: wireString(200, { multiline: true }), limit: LimitSchema.max(100).default(20), cursor: CursorSchema.optional() }),
    result: page(PatientSearchItemSchema).extend({ interpretedAs: SearchInterpretationSchema }),
  }),
  'patients.summaries': defineMethod({
    summary:
      'Current summaries of known patients by id, for a workstation refreshing its copy after patients.changed. ' +
      'A merged id answers its survivor. Unknown ids are left out. Not audited, like search (summaries only).',
    access: PATIENT_READ_ROLES,
    writes: false,
    params: z.object({ ids: z.array(UuidSchema).min(1).max(200) }),
    result: z.object({ items: z.array(z.object({ requestedId: UuidSchema, patient: PatientBriefSchema })) }),
  }),
  'patients.findDuplicates': defineMethod({
    summary: 'Likely and possible duplicates of an existing patient (patientId) or of demographics about to be registered.',
    access: PATIENT_WRITE_ROLES,
    writes: false,
    params: z.union([
      z.object({ patientId: UuidSchema }),
      PatientDemographicsSchema.partial({ sex: true }),
    ]),
    result: z.object({ candidates: z.array(DuplicateCandidateSchema) }),
  }),
  'patients.merge': defineMethod({
    summary:
      'Merge mergedId into survivorId: every row of every table referencing the merged patient moves to the survivor ' +
      'in one transaction; the merged record stays as an alias (its MRN still finds the survivor). ' +
      'CONFLICT, with nothing changed, when a moved row would break a rule (e.g. both have an open visit in one department).',
    access: PATIENT_ADMIN_ROLES,
    writes: true,
    params: z.object({ survivorId: UuidSchema, mergedId: UuidSchema, reason: wireString(500, { multiline: true }).optional() }),
    result: z.object({ merge: PatientMergeSchema, survivor: PatientSchema }),
  }),
  'patients.unmerge': defineMethod({
    summary:
      'Reverse a merge exactly: the rows it moved go back, the alias becomes a patient again. ' +
      'CONFLICT when a later merge of the survivor must be reversed first.',
    access: PATIENT_ADMIN_ROLES,
    writes: true,
    params: z.object({ mergeId: UuidSchema, reason: wireString(500, { multiline: true }).optional() }),
    result: z.object({ merge: PatientMergeSchema, survivor: PatientSchema, restored: PatientSchema }),
  }),
  'patients.merges': defineMethod({
    summary: 'The merges a patient took part in (as survivor or merged), newest first.',
    access: PATIENT_ADMIN_ROLES,
    writes: false,
    params: z.object({ patientId: UuidSchema }),
    result: z.object({ items: z.array(PatientMergeSchema) }),
  }),
  'patients.history': defineMethod({
    summary: 'The audited versions of a patient\'s record, oldest first (audited read).',
    access: PATIENT_HISTORY_ROLES,
    writes: false,
    params: z.object({ id: UuidSchema, limit: LimitSchema.default(100), cursor: CursorSchema.optional() }),
    result: page(PatientHistoryEntrySchema),
  }),
  'patients.duplicateReviews': defineMethod({
    summary: 'The duplicate-review list: patients registered offline that have likely duplicates. Oldest first.',
    access: PATIENT_ADMIN_ROLES,
    writes: false,
    params: z.object({ status: DuplicateReviewStatusSchema.default('open'), limit: LimitSchema.default(50), cursor: CursorSchema.optional() }),
    result: page(DuplicateReviewSchema),
  }),
  'patients.resolveDuplicateReview': defineMethod({
    summary: 'Close a review as not a duplicate (merging with patients.merge closes it as merged).',
    access: PATIENT_ADMIN_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema, resolution: z.literal('not_duplicate'), note: wireString(500, { multiline: true }).optional() }),
    result: z.object({ review: DuplicateReviewSchema }),
  }),
  'patients.watch': defineMethod({
    summary: `Receive patients.changed events on this connection (topic '${PATIENTS_TOPIC}').`,
    access: PATIENT_READ_ROLES,
    writes: false,
    params: z.object({}),
    result: OkSchema,
  }),
  'patients.unwatch': defineMethod({
    summary: 'Stop receiving patients.changed events.',
    access: PATIENT_READ_ROLES,
    writes: false,
    params: z.object({}),
    result: OkSchema,
  }),
} as const;

export const PATIENT_CHANGES = ['registered', 'updated', 'merged', 'unmerged'] as const;

export const patientsEvents = {
  'patients.changed': defineEvent({
    summary: 'Patients were registered, corrected, merged or unmerged: caches refresh these ids (at these versions).',
    data: z.object({
      change: z.enum(PATIENT_CHANGES),
      patients: z.array(z.object({ id: UuidSchema, version: z.number().int().positive(), mergedInto: UuidSchema.nullable() })).min(1),
    }),
  }),
} as const;
