import { z } from 'zod';
import { CalendarDateSchema, InstantSchema, OkSchema, UuidSchema, text } from '../common.js';
import { REJECTION_REASONS, SPECIMEN_CONTAINERS, SPECIMEN_STATUSES } from '../lab-workflow/specimens.js';
import { RESULT_FLAG_CODES, RESULT_STATUSES, TEST_STATUSES } from '../lab-workflow/results.js';
import { LAB_RESULT_TYPES, LabTestCodeSchema } from '../lab/catalogue.js';
import { ReferenceRangeSchema } from '../lab/ranges.js';
import { LAB_SECTIONS, OrderCodeSchema } from '../orders/order-catalogue.js';
import type { Role } from '../roles.js';
import { REFERENCE_ADMIN_ROLES } from './front-desk-shared.js';
import { ORDER_PRIORITIES } from './orders.js';
import { SexSchema } from './patients.js';
import type { EventSpec, MethodSpec } from './method.js';
import { defineEvent, defineMethod } from './method.js';

/**
 * The laboratory (issue 13): specimens and accession numbers, worklists, results with ranges and
 * flags, critical values, two-step validation and reports. The catalogue, ranges, flags and
 * calculations are pure rules in `../lab/`; the specimen workflow's rules in `../lab-workflow/`.
 *
 * Who may do what:
 * - lab_technician and lab_supervisor: the worklist, walk-in requests, collection, receipt,
 *   rejection, result entry and technical validation;
 * - lab_supervisor: medical release (only released results reach the chart) and amendments;
 * - the ordering doctor (on the desk) or the lab (after phoning) acknowledges a critical value,
 *   recording who was told; wards (nurses) join when inpatients come.
 */
export const LAB_DESK_ROLES = ['lab_technician', 'lab_supervisor'] as const satisfies readonly Role[];
export const LAB_RELEASE_ROLES = ['lab_supervisor'] as const satisfies readonly Role[];
export const CRITICAL_ACK_ROLES = ['doctor', 'lab_technician', 'lab_supervisor'] as const satisfies readonly Role[];
/** Reports (patient report, cumulative results): the lab's desks and the doctors. */
export const LAB_REPORT_ROLES = ['doctor', 'lab_technician', 'lab_supervisor'] as const satisfies readonly Role[];

/** A clinician's own topic: critical values and released results of what they ordered (lab.watchAlerts). */
export function clinicianTopic(userId: string): string {
  return `clinician:${userId}`;
}

export const ACCESSION_BLOCK_MAX = 500;
export const AccessionSchema = z.string().regex(/^L\d{10}$/, 'an accession number: L and ten digits');
export const SpecimenBarcodeSchema = z.string().regex(/^L\d{10}-\d{1,2}$/, 'a specimen barcode: the accession, a dash and the container number');

export const LabAccessionBlockSchema = z.object({
  id: UuidSchema,
  workstationId: z.string(),
  year: z.number().int(),
  firstNumber: z.number().int().positive(),
  lastNumber: z.number().int().positive(),
  /** The block's accession numbers, rendered, in order. */
  accessions: z.array(AccessionSchema),
  reservedAt: InstantSchema,
  expiresAt: InstantSchema,
});
export type LabAccessionBlock = z.infer<typeof LabAccessionBlockSchema>;

export const LabSpecimenSchema = z.object({
  id: UuidSchema,
  requestId: UuidSchema,
  barcode: SpecimenBarcodeSchema,
  container: z.enum(SPECIMEN_CONTAINERS),
  status: z.enum(SPECIMEN_STATUSES),
  /** The request's test codes this container is for. */
  tests: z.array(z.string()),
  collectedAt: InstantSchema,
  collectedByName: z.string(),
  receivedAt: InstantSchema.nullable(),
  rejectedAt: InstantSchema.nullable(),
  rejectionReason: z.enum(REJECTION_REASONS).nullable(),
  rejectionNote: z.string().nullable(),
  recollectionOf: UuidSchema.nullable(),
});
export type LabSpecimen = z.infer<typeof LabSpecimenSchema>;

/** The range in force when a result was entered, kept with it (limits in the result's unit). */
export const LabRangeInForceSchema = z.object({
  low: z.number().nullable(),
  high: z.number().nullable(),
  criticalLow: z.number().nullable(),
  criticalHigh: z.number().nullable(),
  /** As printed beside the value ("3.9–5.6", "Negative"). */
  text: z.string(),
  source: z.string(),
});
export type LabRangeInForce = z.infer<typeof LabRangeInForceSchema>;

export const LabResultSchema = z.object({
  id: UuidSchema,
  testId: UuidSchema,
  specimenId: UuidSchema,
  patientId: UuidSchema,
  analyte: z.string(),
  version: z.number().int().positive(),
  value: z.string(),
  unit: z.string().nullable(),
  flag: z.enum(RESULT_FLAG_CODES).nullable(),
  range: LabRangeInForceSchema.nullable(),
  status: z.enum(RESULT_STATUSES),
  comment: z.string().nullable(),
  enteredAt: InstantSchema,
  enteredByName: z.string(),
  /** The desk's own time, when the entry was made offline and replayed. */
  enteredAtDesk: InstantSchema.nullable(),
  validatedAt: InstantSchema.nullable(),
  validatedByName: z.string().nullable(),
  releasedAt: InstantSchema.nullable(),
  releasedByName: z.string().nullable(),
  amendmentReason: z.string().nullable(),
  supersedes: UuidSchema.nullable(),
});
export type LabResult = z.infer<typeof LabResultSchema>;

/**
 * One value a test reports, as the result entry grid draws it (a panel reports its tests, a
 * single test itself), with the range in force for this patient today. The desk keeps it with
 * the specimen, so it can enter results offline for specimens it has.
 */
export const LabAnalyteSchema = z.object({
  /** The `analyte` of lab.enterResults. */
  code: z.string(),
  name: z.string(),
  /** numeric: a number in `unit`; coded: one of `choices` (its code or label); titre: 1:64 or 64, or "negative"; organism: organisms isolated separated by ";", or "no growth"; text: free. */
  type: z.enum(LAB_RESULT_TYPES),
  unit: z.string().nullable(),
  /** Numeric results are shown to this many decimals. */
  decimals: z.number().int().nullable(),
  choices: z.array(z.object({ code: z.string(), label: z.string(), abnormal: z.boolean() })).optional(),
  /** Titres: the dilution's denominator from which the value is abnormal (flag A), so the desk flags it as typed. */
  abnormalFrom: z.number().int().min(1).optional(),
  /** Computed by the server from other analytes entered in the same request (eGFR, LDL, anion gap, corrected calcium): not typed. */
  calculated: z.boolean(),
  range: LabRangeInForceSchema.nullable(),
});
export type LabAnalyte = z.infer<typeof LabAnalyteSchema>;

export const LabTestSchema = z.object({
  /** Null while a doctor's ordered item waits for collection (the lab request is made at collection). */
  id: UuidSchema.nullable(),
  orderItemId: UuidSchema.nullable(),
  code: z.string(),
  name: z.string(),
  section: z.enum(LAB_SECTIONS),
  status: z.enum(TEST_STATUSES),
  /**
   * What it reports, in report order, with this patient's ranges in force today; empty for a code
   * the lab's catalogue does not hold (values stored unflagged). Sent with lab.request, collection and walk-ins; lab.worklist names them by `analytesKey` instead.
   */
  analytes: z.array(LabAnalyteSchema).optional(),
  /**
   * lab.worklist only, instead of `analytes`: the key of this test's analytes in the answer's
   * `analytes` (each set sent once per answer: hundreds of entries share a handful of them).
   */
  analytesKey: z.string().optional(),
  /** Its turnaround target after receipt (after the order until received); null when the catalogue has none. Sent by lab.worklist and lab.request. */
  dueAt: InstantSchema.nullable().optional(),
  /** Open and past dueAt. */
  overdue: z.boolean().optional(),
});
export type LabTest = z.infer<typeof LabTestSchema>;

export const LabWorklistEntrySchema = z.object({
  /** Null until collection makes the request (doctors' orders) or the walk-in is registered. */
  requestId: UuidSchema.nullable(),
  accession: AccessionSchema.nullable(),
  orderId: UuidSchema.nullable(),
  patientId: UuidSchema,
  mrn: z.string(),
  patientName: z.string(),
  priority: z.enum(ORDER_PRIORITIES),
  orderedAt: InstantSchema,
  /** The ordering doctor, or the walk-in's referring clinician. */
  requestedBy: z.string(),
  tests: z.array(LabTestSchema),
  specimens: z.array(LabSpecimenSchema),
});
export type LabWorklistEntry = z.infer<typeof LabWorklistEntrySchema>;

export const LabCriticalAlertSchema = z.object({
  id: UuidSchema,
  resultId: UuidSchema,
  requestId: UuidSchema,
  patientId: UuidSchema,
  /** Who the value is about, as the alert must say it (the doctor may not have the chart open). */
  patientName: z.string(),
  mrn: z.string(),
  analyte: z.string(),
  value: z.string(),
  unit: z.string().nullable(),
  flag: z.enum(RESULT_FLAG_CODES),
  notifyUserId: UuidSchema.nullable(),
  raisedAt: InstantSchema,
  escalatedAt: InstantSchema.nullable(),
  acknowledgedAt: InstantSchema.nullable(),
  acknowledgedByName: z.string().nullable(),
  toldName: z.string().nullable(),
  toldAt: InstantSchema.nullable(),
  readBack: z.boolean().nullable(),
});
export type LabCriticalAlert = z.infer<typeof LabCriticalAlertSchema>;

/** The patient as a report prints them. */
export const LabReportPatientSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  mrn: z.string(),
  sex: SexSchema,
  birthDate: CalendarDateSchema.nullable(),
  birthDateEstimated: z.boolean(),
  /** Age in the hospital's zone ("12 d", "5 mo", "34 y"; core ageLabel) on the day of the first collection (lab.report) or today (lab.cumulative); null without a date of birth. */
  age: z.string().nullable(),
});
export type LabReportPatient = z.infer<typeof LabReportPatientSchema>;

/** A released result as reported: the current released version only. */
export const LabReportResultSchema = z.object({
  resultId: UuidSchema,
  analyte: z.string(),
  value: z.string(),
  unit: z.string().nullable(),
  flag: z.enum(RESULT_FLAG_CODES).nullable(),
  /** The range in force when the value was entered (kept with the result). */
  range: LabRangeInForceSchema.nullable(),
  comment: z.string().nullable(),
  specimenBarcode: SpecimenBarcodeSchema,
  version: z.number().int().positive(),
  validatedByName: z.string().nullable(),
  validatedAt: InstantSchema.nullable(),
  releasedByName: z.string(),
  releasedAt: InstantSchema,
  /** Set when this value corrects one released before: the report must say it was amended and why. */
  amendment: z.object({
    reason: z.string(),
    amendedByName: z.string(),
    amendedAt: InstantSchema,
    /** The value (with its unit) that was released before this correction. */
    previousValue: z.string(),
    previousUnit: z.string().nullable(),
    firstReleasedAt: InstantSchema,
  }).nullable(),
});
export type LabReportResult = z.infer<typeof LabReportResultSchema>;

export const LabReportTestSchema = z.object({
  testId: UuidSchema,
  code: z.string(),
  name: z.string(),
  section: z.enum(LAB_SECTIONS),
  results: z.array(LabReportResultSchema).min(1),
});
export type LabReportTest = z.infer<typeof LabReportTestSchema>;

export const LabReportSpecimenSchema = z.object({
  barcode: SpecimenBarcodeSchema,
  container: z.enum(SPECIMEN_CONTAINERS),
  /** The request's test codes in this container. */
  tests: z.array(z.string()),
  collectedAt: InstantSchema,
  collectedByName: z.string(),
  receivedAt: InstantSchema.nullable(),
});
export type LabReportSpecimen = z.infer<typeof LabReportSpecimenSchema>;

export const LabReportSchema = z.object({
  hospital: z.object({ name: z.string(), address: z.string().nullable() }),
  requestId: UuidSchema,
  accession: AccessionSchema,
  orderId: UuidSchema.nullable(),
  priority: z.enum(ORDER_PRIORITIES),
  patient: LabReportPatientSchema,
  /** The ordering doctor, or the walk-in's referring clinician. */
  requestedBy: z.string(),
  orderedAt: InstantSchema,
  /** Specimens not rejected, by barcode. */
  specimens: z.array(LabReportSpecimenSchema),
  /** Tests with released results, by code; each result its current released version. */
  tests: z.array(LabReportTestSchema),
  /** Tests of the request not released yet (not cancelled): printed as to follow. */
  pendingTests: z.array(z.object({ code: z.string(), name: z.string() })),
  /** The latest release or amendment among the reported results. */
  releasedAt: InstantSchema,
  amended: z.boolean(),
  /** When the server assembled this report. */
  generatedAt: InstantSchema,
});
export type LabReport = z.infer<typeof LabReportSchema>;

/** One value in a cumulative series (a released current version). */
export const LabCumulativePointSchema = z.object({
  resultId: UuidSchema,
  requestId: UuidSchema,
  accession: AccessionSchema,
  collectedAt: InstantSchema,
  releasedAt: InstantSchema,
  value: z.string(),
  /** The value as a number for trend charts (numeric results), else null. */
  valueNumeric: z.number().nullable(),
  unit: z.string().nullable(),
  flag: z.enum(RESULT_FLAG_CODES).nullable(),
  range: LabRangeInForceSchema.nullable(),
  amended: z.boolean(),
});
export type LabCumulativePoint = z.infer<typeof LabCumulativePointSchema>;

/** One test's analyte over time, oldest first. */
export const LabCumulativeSeriesSchema = z.object({
  code: z.string(),
  name: z.string(),
  analyte: z.string(),
  points: z.array(LabCumulativePointSchema).min(1),
});
export type LabCumulativeSeries = z.infer<typeof LabCumulativeSeriesSchema>;

export const CRITICAL_ESCALATION_MINUTES_MAX = 240;
export const LabSettingsSchema = z.object({
  /** An unacknowledged critical alert is escalated (told again to the lab and the doctor) after this many minutes. */
  criticalEscalationMinutes: z.number().int().min(1).max(CRITICAL_ESCALATION_MINUTES_MAX),
  updatedAt: InstantSchema,
});
export type LabSettings = z.infer<typeof LabSettingsSchema>;

const ContainerInputSchema = z.object({
  container: z.enum(SPECIMEN_CONTAINERS),
  /** Which of the request's tests go in this container (each test in one container). */
  tests: z.array(OrderCodeSchema).min(1).max(30),
});

const ResultEntrySchema = z.object({
  analyte: z.string().regex(/^[A-Z][A-Z0-9_]{0,29}$/, 'an analyte code'),
  value: text(200),
  comment: text(500, { multiline: true }).optional(),
});

/** One version of a test's reference ranges and critical limits as the lab holds them (the starter catalogue's, then the supervisor's changes). */
export const LabTestLimitsSchema = z.object({
  testCode: z.string(),
  version: z.number().int().positive(),
  ranges: z.array(ReferenceRangeSchema),
  critical: z.array(ReferenceRangeSchema),
  reason: z.string(),
  /** Null for the shipped version. */
  changedByName: z.string().nullable(),
  validFrom: InstantSchema,
  supersededAt: InstantSchema.nullable(),
});
export type LabTestLimits = z.infer<typeof LabTestLimitsSchema>;

/** A worklist answer's version (the server's database snapshot, `xmin:xmax:running,...`): what a later read's `since` names. */
export const LabWorklistVersionSchema = z.string().max(4000).regex(/^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?$/, 'a worklist version');

export const LAB_CHANGES = ['registered', 'collected', 'received', 'rejected', 'resulted', 'validated', 'released', 'amended'] as const;

export const labMethods = {
  'lab.worklist': defineMethod({
    summary:
      'Open lab work, oldest first: doctors\' lab orders waiting for collection, and requests whose tests are not all released, with their specimens. ' +
      'Each test says when it is due (its turnaround target after receipt, after the order until received) and whether it is overdue. ' +
      'Each test names its analytes (with the patient\'s ranges in force today) by `analytesKey` in `analytes`, sent once per answer. ' +
      'Narrowed by section, test status and overdueOnly; with `since`, only what changed since an earlier answer. Subscribes this connection to the lab topic (orders.changed, lab.changed, escalated lab.critical). Audited.',
    access: LAB_DESK_ROLES,
    writes: false,
    params: z.object({
      section: z.enum(LAB_SECTIONS).optional(),
      statuses: z.array(z.enum(TEST_STATUSES)).min(1).max(TEST_STATUSES.length).optional(),
      /** How far back doctors' orders still waiting for collection are listed (requests once collected stay until released). */
      sinceDays: z.number().int().min(1).max(365).default(30),
      limit: z.number().int().min(1).max(1000).default(300),
      /** Only entries with a test past its turnaround target. */
      overdueOnly: z.boolean().default(false),
      /**
       * The `version` of an earlier answer with the same filters: answer only what changed since
       * (`changes` says which entries left the list). The server may answer the whole list instead
       * (too many changes, or a version it does not know): then `changes` is absent.
       */
      since: LabWorklistVersionSchema.optional(),
    }).optional().default({ sinceDays: 30, limit: 300, overdueOnly: false }),
    result: z.object({
      /** The whole list, or with `changes` the entries changed since `since` (replacing the kept ones: the same request, or the order it was collected from). */
      entries: z.array(LabWorklistEntrySchema),
      /** Each test's analytes with the patient's ranges in force today, by the tests' `analytesKey` (a key names the same set in every answer). */
      analytes: z.record(z.string(), z.array(LabAnalyteSchema)),
      /** Pass as `since` next time. */
      version: LabWorklistVersionSchema,
      /** Present when the answer is a delta: entries to drop (released, cancelled, or orders now collected into a request). */
      changes: z.object({ removedRequestIds: z.array(UuidSchema), removedOrderIds: z.array(UuidSchema) }).optional(),
    }),
  }),
  'lab.request': defineMethod({
    summary: 'One lab request with its tests, specimens and every result version (the result entry grid and validation), and the patient as reports print them. Audited read.',
    access: LAB_DESK_ROLES,
    writes: false,
    params: z.object({ requestId: UuidSchema }),
    /** `patient`: sex, date of birth and age today, for the lab's preliminary copy. */
    result: z.object({ entry: LabWorklistEntrySchema, results: z.array(LabResultSchema), patient: LabReportPatientSchema }),
  }),
  'lab.report': defineMethod({
    summary:
      'The patient report of a lab request: hospital header, patient, requesting clinician, specimens, and each test\'s released results with unit, flag, ' +
      'the range in force, comments, validated and released by (an amended value says so, with the reason and the value it replaced); unreleased results never appear. ' +
      'CONFLICT not_released when nothing is released yet. Audited read.',
    access: LAB_REPORT_ROLES,
    writes: false,
    params: z.object({ requestId: UuidSchema }),
    result: z.object({ report: LabReportSchema }),
  }),
  'lab.cumulative': defineMethod({
    summary:
      'A patient\'s released results over time per test and analyte, oldest first (the cumulative report and trend charts); narrowed to `codes`; ' +
      'the latest `limit` values of each series. Audited read.',
    access: LAB_REPORT_ROLES,
    writes: false,
    params: z.object({
      patientId: UuidSchema,
      codes: z.array(OrderCodeSchema).min(1).max(30).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    result: z.object({ patient: LabReportPatientSchema, series: z.array(LabCumulativeSeriesSchema) }),
  }),
  'lab.settings': defineMethod({
    summary: 'The lab\'s settings: after how many minutes an unacknowledged critical alert is escalated.',
    access: [...LAB_DESK_ROLES, ...REFERENCE_ADMIN_ROLES],
    writes: false,
    params: z.object({}).optional().default({}),
    result: z.object({ settings: LabSettingsSchema }),
  }),
  'lab.updateSettings': defineMethod({
    summary: 'Change the lab\'s settings (the critical escalation minutes; alerts already open are escalated by the new value). Audited; announced as reference.changed (settings).',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({ criticalEscalationMinutes: LabSettingsSchema.shape.criticalEscalationMinutes }),
    result: z.object({ settings: LabSettingsSchema }),
  }),
  'lab.reserveAccessions': defineMethod({
    summary: 'Reserve `size` accession numbers for this workstation (its sign-in workstation id) to label specimens with while offline.',
    access: LAB_DESK_ROLES,
    writes: true,
    params: z.object({ size: z.number().int().min(1).max(ACCESSION_BLOCK_MAX).default(100) }),
    result: z.object({ block: LabAccessionBlockSchema }),
  }),
  'lab.registerWalkIn': defineMethod({
    summary:
      'The lab\'s own reception: a request for a registered patient sent by a referring clinician (outside or not a user), with its tests. ' +
      'Offline replay: `accession` from this desk\'s block and `recordedAt`.',
    access: LAB_DESK_ROLES,
    writes: true,
    params: z.object({
      patientId: UuidSchema,
      referringClinician: text(120),
      priority: z.enum(ORDER_PRIORITIES).default('routine'),
      tests: z.array(OrderCodeSchema).min(1).max(30),
      accession: AccessionSchema.optional(),
      recordedAt: InstantSchema.optional(),
    }),
    sameRequestIgnores: ['recordedAt'],
    result: z.object({ entry: LabWorklistEntrySchema }),
  }),
  'lab.collect': defineMethod({
    summary:
      'Collect specimens, one per container, for a doctor\'s order (`orderId`, its lab items) or an existing request (`requestId`: walk-ins, recollections). ' +
      'The first collection gives the request its accession number (from the counter, or `accession` from this desk\'s block when replayed). ' +
      'CONFLICT order_cancelled, already_collected; VALIDATION for a code not requested.',
    access: LAB_DESK_ROLES,
    writes: true,
    params: z.object({
      orderId: UuidSchema.optional(),
      requestId: UuidSchema.optional(),
      containers: z.array(ContainerInputSchema).min(1).max(20),
      accession: AccessionSchema.optional(),
      collectedAt: InstantSchema.optional(),
    }).refine((p) => (p.orderId === undefined) !== (p.requestId === undefined), { message: 'name either orderId or requestId', path: ['orderId'] }),
    sameRequestIgnores: ['collectedAt'],
    result: z.object({ entry: LabWorklistEntrySchema, specimens: z.array(LabSpecimenSchema) }),
  }),
  'lab.receive': defineMethod({
    summary: 'Receive scanned specimens in the lab (all or none). CONFLICT already_received or specimen_rejected, naming the barcode.',
    access: LAB_DESK_ROLES,
    writes: true,
    params: z.object({ barcodes: z.array(SpecimenBarcodeSchema).min(1).max(100), receivedAt: InstantSchema.optional() }),
    sameRequestIgnores: ['receivedAt'],
    result: z.object({ specimens: z.array(LabSpecimenSchema) }),
  }),
  'lab.reject': defineMethod({
    summary: 'Reject a specimen with the reason (and a note); its tests wait for a recollection. CONFLICT already_rejected.',
    access: LAB_DESK_ROLES,
    writes: true,
    params: z.object({ barcode: SpecimenBarcodeSchema, reason: z.enum(REJECTION_REASONS), note: text(300, { multiline: true }).optional() }),
    result: z.object({ specimen: LabSpecimenSchema }),
  }),
  'lab.enterResults': defineMethod({
    summary:
      'Enter a test\'s results from a received specimen. Unit, range in force and flag come from the catalogue (core); a value beyond a critical ' +
      'limit raises a critical alert to the ordering doctor. Re-entering before release writes a new version. Offline replay: `enteredAt` (the desk\'s time). ' +
      'CONFLICT order_cancelled (to the desk\'s conflicts inbox), not_received, already_released (amend instead).',
    access: LAB_DESK_ROLES,
    writes: true,
    params: z.object({
      testId: UuidSchema,
      specimenBarcode: SpecimenBarcodeSchema,
      results: z.array(ResultEntrySchema).min(1).max(40),
      enteredAt: InstantSchema.optional(),
    }),
    sameRequestIgnores: ['enteredAt'],
    result: z.object({ results: z.array(LabResultSchema), alerts: z.array(LabCriticalAlertSchema) }),
  }),
  'lab.validate': defineMethod({
    summary: 'Technical validation of entered results (current versions). CONFLICT already_validated, already_released, superseded.',
    access: LAB_DESK_ROLES,
    writes: true,
    params: z.object({ resultIds: z.array(UuidSchema).min(1).max(100) }),
    result: z.object({ results: z.array(LabResultSchema) }),
  }),
  'lab.release': defineMethod({
    summary:
      'Medical release of validated results: they reach the chart, and lab.resultReleased goes to the ordering doctor and the chart. ' +
      'CONFLICT not_validated, already_released, superseded.',
    access: LAB_RELEASE_ROLES,
    writes: true,
    params: z.object({ resultIds: z.array(UuidSchema).min(1).max(100) }),
    result: z.object({ results: z.array(LabResultSchema) }),
  }),
  'lab.amend': defineMethod({
    summary:
      'Correct a released result: a new released version with the reason (the old one kept, superseded); the doctor is told by lab.resultReleased (amended). ' +
      'A critical corrected value raises a new alert. CONFLICT not_released, superseded.',
    access: LAB_RELEASE_ROLES,
    writes: true,
    params: z.object({ resultId: UuidSchema, value: text(200), reason: text(300, { multiline: true }), comment: text(500, { multiline: true }).optional() }),
    result: z.object({ result: LabResultSchema, alerts: z.array(LabCriticalAlertSchema) }),
  }),
  'lab.testLimits': defineMethod({
    summary: 'A numeric test\'s reference ranges and critical limits in force, with every earlier version, newest first. NOT_FOUND for a code without them.',
    access: LAB_DESK_ROLES,
    writes: false,
    params: z.object({ testCode: LabTestCodeSchema }),
    result: z.object({ current: LabTestLimitsSchema, history: z.array(LabTestLimitsSchema) }),
  }),
  'lab.changeLimits': defineMethod({
    summary:
      'Change a test\'s reference ranges and critical limits: a new version from now on (results already entered keep the range they were read against; the old version is kept). ' +
      'Each band names its source. VALIDATION for overlapping bands or a critical limit inside the range; CONFLICT stale_version when `expectedVersion` is not the one in force. Audited.',
    access: LAB_RELEASE_ROLES,
    writes: true,
    params: z.object({
      testCode: LabTestCodeSchema,
      expectedVersion: z.number().int().positive(),
      ranges: z.array(ReferenceRangeSchema).max(40),
      critical: z.array(ReferenceRangeSchema).max(20),
      reason: text(300, { multiline: true }),
    }),
    result: z.object({ limits: LabTestLimitsSchema }),
  }),
  'lab.criticalAlerts': defineMethod({
    summary: 'Critical alerts, newest first: a doctor sees those of their own orders, the lab all of them; open ones only unless `includeAcknowledged`. Audited.',
    access: CRITICAL_ACK_ROLES,
    writes: false,
    params: z.object({ includeAcknowledged: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(50) }).optional().default({ includeAcknowledged: false, limit: 50 }),
    result: z.object({ alerts: z.array(LabCriticalAlertSchema) }),
  }),
  'lab.acknowledgeCritical': defineMethod({
    summary:
      'Acknowledge a critical alert: who was told (name), when, and that they read the value back. Once only: CONFLICT already_acknowledged.',
    access: CRITICAL_ACK_ROLES,
    writes: true,
    params: z.object({
      alertId: UuidSchema,
      toldName: text(120),
      toldAt: InstantSchema,
      readBack: z.literal(true, { error: 'the value must be read back before the alert is acknowledged' }),
    }),
    result: z.object({ alert: LabCriticalAlertSchema }),
  }),
  'lab.watchAlerts': defineMethod({
    summary: 'Receive lab.critical and lab.resultReleased of the caller\'s own orders on this connection (topic clinician:<userId>).',
    access: CRITICAL_ACK_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: z.object({ topic: z.string() }),
  }),
  'lab.unwatchAlerts': defineMethod({
    summary: 'Stop receiving the caller\'s lab alerts on this connection.',
    access: CRITICAL_ACK_ROLES,
    writes: false,
    params: z.object({}).optional().default({}),
    result: OkSchema,
  }),
} as const satisfies Record<string, MethodSpec>;

export const labEvents = {
  'lab.changed': defineEvent({
    summary: 'Lab requests changed (registered, collected, received, rejected, resulted, validated, released, amended), on the lab topic. Ids only: desks re-read with lab.request.',
    data: z.object({ requestIds: z.array(UuidSchema).min(1), patientId: UuidSchema, change: z.enum(LAB_CHANGES), at: InstantSchema }),
  }),
  'lab.critical': defineEvent({
    summary:
      'A critical value: on the ordering doctor\'s topic (clinician:<userId>) and the lab topic; again with `escalated` when nobody acknowledged it in time. ' +
      'Ids only: desks read it with lab.criticalAlerts.',
    data: z.object({ alertId: UuidSchema, resultId: UuidSchema, requestId: UuidSchema, patientId: UuidSchema, escalated: z.boolean(), at: InstantSchema }),
  }),
  'lab.criticalAcknowledged': defineEvent({
    summary:
      'A critical alert was acknowledged (at any desk), on the ordering doctor\'s topic and the lab topic, so every desk showing it takes it down. Ids only.',
    data: z.object({ alertId: UuidSchema, patientId: UuidSchema, at: InstantSchema }),
  }),
  'lab.resultReleased': defineEvent({
    summary: 'Results were released (or amended after release), on the ordering doctor\'s topic and the patient\'s chart topic. Ids only.',
    data: z.object({ requestId: UuidSchema, resultIds: z.array(UuidSchema).min(1), patientId: UuidSchema, amended: z.boolean(), at: InstantSchema }),
  }),
} as const satisfies Record<string, EventSpec>;
