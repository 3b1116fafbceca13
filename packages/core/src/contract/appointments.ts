import { z } from 'zod';
import { CalendarDateSchema, CursorSchema, InstantSchema, LimitSchema, UuidSchema, page, text } from '../common.js';
import { APPOINTMENT_STATUSES } from '../rules/appointment-status.js';
import { DepartmentCodeSchema, FRONT_DESK_ROLES, PatientSummarySchema, SlotMinutesSchema, VISIT_READER_ROLES } from './front-desk-shared.js';
import { defineMethod } from './method.js';
import { PayerSchema, QueuePrioritySchema, VisitSchema, VisitTypeSchema } from './visits.js';

export const AppointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

export const AppointmentSchema = z.object({
  id: UuidSchema,
  patientId: UuidSchema,
  patient: PatientSummarySchema,
  doctorId: UuidSchema,
  doctorName: z.string(),
  department: z.string(),
  start: InstantSchema,
  end: InstantSchema,
  status: AppointmentStatusSchema,
  reason: z.string().nullable(),
  /** The visit it became on arrival. */
  visitId: UuidSchema.nullable(),
  cancelReason: z.string().nullable(),
  bookedBy: UuidSchema.nullable(),
  createdAt: InstantSchema,
  version: z.number().int(),
});
export type Appointment = z.infer<typeof AppointmentSchema>;

/** Longest span one appointments.list covers. */
export const APPOINTMENTS_LIST_MAX_DAYS = 92;

const SchedulingRefusal =
  'CONFLICT when the time is taken (details.reason "slot_taken"), or VALIDATION on `start` when it is in the past, ' +
  'outside the doctor\'s sessions, during a closure or on leave (details.reason says which).';

export const appointmentsMethods = {
  'appointments.book': defineMethod({
    summary: `Book a patient with a doctor at start for durationMinutes (default: the slot length of the session start falls in). ${SchedulingRefusal}`,
    access: FRONT_DESK_ROLES,
    writes: true,
    params: z.object({
      patientId: UuidSchema,
      doctorId: UuidSchema,
      start: InstantSchema,
      durationMinutes: SlotMinutesSchema.optional(),
      reason: text(200).optional(),
    }),
    result: z.object({ appointment: AppointmentSchema }),
  }),
  'appointments.reschedule': defineMethod({
    summary: `Move a booked appointment to another start (and optionally doctor or length). ${SchedulingRefusal}`,
    access: FRONT_DESK_ROLES,
    writes: true,
    params: z.object({
      id: UuidSchema,
      start: InstantSchema,
      doctorId: UuidSchema.optional(),
      durationMinutes: SlotMinutesSchema.optional(),
    }),
    result: z.object({ appointment: AppointmentSchema }),
  }),
  'appointments.cancel': defineMethod({
    summary: 'Cancel a booked appointment: its time is free again.',
    access: FRONT_DESK_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema, reason: text(200) }),
    result: z.object({ appointment: AppointmentSchema }),
  }),
  'appointments.markNoShow': defineMethod({
    summary: 'The patient did not come: only once the appointment\'s start has passed.',
    access: FRONT_DESK_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema }),
    result: z.object({ appointment: AppointmentSchema }),
  }),
  'appointments.arrive': defineMethod({
    summary: 'The patient has come: check them in to the appointment\'s doctor and department on its day (the visit links the appointment).',
    access: FRONT_DESK_ROLES,
    writes: true,
    params: z.object({
      id: UuidSchema,
      visitType: VisitTypeSchema.default('follow_up'),
      priority: QueuePrioritySchema.optional(),
      complaint: text(500, { multiline: true }).optional(),
      payer: PayerSchema.optional(),
      arrivedAt: InstantSchema.optional(),
    }),
    sameRequestIgnores: ['arrivedAt'],
    result: z.object({ appointment: AppointmentSchema, visit: VisitSchema }),
  }),
  'appointments.list': defineMethod({
    summary:
      `Appointments in start order: of a patient, a doctor or a department, on local days from..to (default: today; at most ${APPOINTMENTS_LIST_MAX_DAYS} days). ` +
      'A patient\'s list may omit the days (then all of them).',
    access: VISIT_READER_ROLES,
    writes: false,
    params: z
      .object({
        patientId: UuidSchema.optional(),
        doctorId: UuidSchema.optional(),
        department: DepartmentCodeSchema.optional(),
        from: CalendarDateSchema.optional(),
        to: CalendarDateSchema.optional(),
        status: z.array(AppointmentStatusSchema).min(1).max(APPOINTMENT_STATUSES.length).optional(),
        limit: LimitSchema.default(100),
        cursor: CursorSchema.optional(),
      })
      .refine((value) => value.from === undefined || value.to === undefined || value.from <= value.to, { message: 'must not be before from', path: ['to'] }),
    result: page(AppointmentSchema),
  }),
} as const;
