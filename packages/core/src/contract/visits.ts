import { z } from 'zod';
import { CalendarDateSchema, CursorSchema, InstantSchema, LimitSchema, UuidSchema, page, text } from '../common.js';
import { QUEUE_PRIORITIES } from '../rules/queue-order.js';
import { VISIT_STATUSES } from '../rules/visit-status.js';
import { VISIT_TYPES } from '../rules/visit-type.js';
import { CHECK_IN_ROLES, DepartmentCodeSchema, FRONT_DESK_ROLES, PatientSummarySchema, QUEUE_CALLER_ROLES, VISIT_READER_ROLES } from './front-desk-shared.js';
import { defineMethod } from './method.js';

export const VisitTypeSchema = z.enum(VISIT_TYPES);
export const QueuePrioritySchema = z.enum(QUEUE_PRIORITIES);
export const VisitStatusSchema = z.enum(VISIT_STATUSES);

export const PAYER_KINDS = ['self_pay', 'insurance', 'corporate', 'waived'] as const;
/** Who pays for this visit (the patient's insurance details live on the patient record). */
export const PayerSchema = z.object({
  kind: z.enum(PAYER_KINDS),
  name: text(120).optional(),
  memberNumber: text(60).optional(),
});
export type Payer = z.infer<typeof PayerSchema>;

/** How far back an offline desk's check-in may be dated. */
export const MAX_OFFLINE_ARRIVAL_AGE_HOURS = 24;

export const VisitSchema = z.object({
  id: UuidSchema,
  /** Always the surviving patient: a check-in of a merged record lands on its survivor. */
  patientId: UuidSchema,
  patient: PatientSummarySchema,
  department: z.string(),
  departmentName: z.string(),
  /** The doctor whose queue the visit is in; null: the department's pool, any doctor may call it. */
  doctorId: UuidSchema.nullable(),
  doctorName: z.string().nullable(),
  visitType: VisitTypeSchema,
  priority: QueuePrioritySchema,
  status: VisitStatusSchema,
  /** `OPD-042`: unique per department and service date; a transfer to another department gives a new one. */
  token: z.string(),
  tokenNumber: z.number().int(),
  /** The hospital-local day the token belongs to. */
  serviceDate: CalendarDateSchema,
  complaint: z.string().nullable(),
  payer: PayerSchema.nullable(),
  appointmentId: UuidSchema.nullable(),
  /** When the patient arrived (an offline desk's own time, bounded), ... */
  arrivedAt: InstantSchema,
  /** ... when the visit took its place in the queue (arrival, or the last skip or referral), ... */
  queuedAt: InstantSchema,
  /** ... and when the server recorded the check-in. */
  checkedInAt: InstantSchema,
  calledAt: InstantSchema.nullable(),
  /** Who called the patient in (doctor or nurse) and where. */
  servedBy: UuidSchema.nullable(),
  servedByName: z.string().nullable(),
  room: z.string().nullable(),
  endedAt: InstantSchema.nullable(),
  /** Why it was cancelled or left, or the completion note. */
  endReason: z.string().nullable(),
  skipCount: z.number().int(),
  recallCount: z.number().int(),
  /** 1-based place among those a caller of this queue would take, while waiting; else null. */
  position: z.number().int().nullable(),
  estimatedWaitMinutes: z.number().int().nullable(),
  version: z.number().int(),
});
export type Visit = z.infer<typeof VisitSchema>;

export const visitsMethods = {
  'visits.checkIn': defineMethod({
    summary:
      'Check a patient in to a department\'s queue (optionally a doctor\'s): returns the visit with its daily token, ' +
      'position and estimated wait. CONFLICT when the patient already has an open visit there. A merged patient id checks in the survivor. ' +
      'Offline desks pass arrivedAt (not in the future, at most 24 h old) with an idempotency key.',
    access: CHECK_IN_ROLES,
    writes: true,
    params: z.object({
      patientId: UuidSchema,
      visitType: VisitTypeSchema,
      department: DepartmentCodeSchema,
      /** Defaults from the visit type: emergency for emergencies, else normal. */
      priority: QueuePrioritySchema.optional(),
      doctorId: UuidSchema.optional(),
      complaint: text(500, { multiline: true }).optional(),
      payer: PayerSchema.optional(),
      /** Checks in this booked appointment of the patient (same as appointments.arrive). */
      appointmentId: UuidSchema.optional(),
      arrivedAt: InstantSchema.optional(),
    }),
    sameRequestIgnores: ['arrivedAt'],
    result: z.object({ visit: VisitSchema }),
  }),
  'visits.cancel': defineMethod({
    summary: 'Cancel a waiting visit (entered in error, or the patient withdrew at the desk). CONFLICT once called.',
    access: FRONT_DESK_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema, reason: text(200, { multiline: true }) }),
    result: z.object({ visit: VisitSchema }),
  }),
  'visits.markLeft': defineMethod({
    summary: 'Record that a waiting (or called but absent) patient left without being seen.',
    access: ['receptionist', 'nurse'],
    writes: true,
    params: z.object({ id: UuidSchema, reason: text(200, { multiline: true }).optional() }),
    result: z.object({ visit: VisitSchema }),
  }),
  'visits.complete': defineMethod({
    summary: 'End a consultation: the visit is completed and its duration feeds the wait estimates. A doctor completes only patients they called.',
    access: QUEUE_CALLER_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema, note: text(500, { multiline: true }).optional() }),
    result: z.object({ visit: VisitSchema }),
  }),
  'visits.get': defineMethod({
    summary: 'One visit (audited read).',
    access: VISIT_READER_ROLES,
    writes: false,
    params: z.object({ id: UuidSchema }),
    result: z.object({ visit: VisitSchema }),
  }),
  'visits.list': defineMethod({
    summary:
      'Visits, newest check-in first: of a patient (any day; audited), or of a service date (default today) ' +
      'optionally narrowed to a department, doctor and statuses.',
    access: VISIT_READER_ROLES,
    writes: false,
    params: z.object({
      patientId: UuidSchema.optional(),
      serviceDate: CalendarDateSchema.optional(),
      department: DepartmentCodeSchema.optional(),
      doctorId: UuidSchema.optional(),
      status: z.array(VisitStatusSchema).min(1).max(VISIT_STATUSES.length).optional(),
      limit: LimitSchema.default(50),
      cursor: CursorSchema.optional(),
    }),
    result: page(VisitSchema),
  }),
} as const;
