import { z } from 'zod';
import { CalendarDateSchema, InstantSchema, OkSchema, UuidSchema, text } from '../common.js';
import { SCHEDULE_EXCEPTION_KINDS } from '../rules/slots.js';
import { parseTimeOfDay } from '../rules/zoned-time.js';
import { DepartmentCodeSchema, REFERENCE_ADMIN_ROLES, SlotMinutesSchema, TimeOfDaySchema } from './front-desk-shared.js';
import { defineMethod } from './method.js';

/** Times are local wall-clock times and dates local calendar days, in the hospital's zone. */

export const WeekdaySchema = z.number().int().min(1).max(7);

export const WeeklySessionSchema = z.object({
  id: UuidSchema,
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: WeekdaySchema,
  start: z.string(),
  end: z.string(),
  department: z.string(),
  slotMinutes: z.number().int(),
  effectiveFrom: CalendarDateSchema.nullable(),
  effectiveTo: CalendarDateSchema.nullable(),
});
export type WeeklySessionWire = z.infer<typeof WeeklySessionSchema>;

export const ScheduleExceptionSchema = z.object({
  id: UuidSchema,
  doctorId: UuidSchema,
  date: CalendarDateSchema,
  /** closed: the day (or start-end of it) is not worked; extra: an additional session. */
  kind: z.enum(SCHEDULE_EXCEPTION_KINDS),
  start: z.string().nullable(),
  end: z.string().nullable(),
  department: z.string().nullable(),
  slotMinutes: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type ScheduleExceptionWire = z.infer<typeof ScheduleExceptionSchema>;

export const LeaveSchema = z.object({
  id: UuidSchema,
  doctorId: UuidSchema,
  /** Whole days, both included. */
  from: CalendarDateSchema,
  to: CalendarDateSchema,
  reason: z.string().nullable(),
  cancelled: z.boolean(),
});
export type Leave = z.infer<typeof LeaveSchema>;

/** A booked appointment that a new closure or leave now leaves outside the doctor's time: the desk reschedules it. */
export const AffectedAppointmentSchema = z.object({ id: UuidSchema, patientId: UuidSchema, start: InstantSchema, end: InstantSchema });

export const FreeSlotSchema = z.object({
  doctorId: UuidSchema,
  doctorName: z.string(),
  department: z.string(),
  start: InstantSchema,
  end: InstantSchema,
});
export type FreeSlot = z.infer<typeof FreeSlotSchema>;

/** Longest span one free-slot search covers. */
export const FREE_SLOTS_MAX_DAYS = 31;
export const FREE_SLOTS_MAX_ITEMS = 2_000;

const startBeforeEnd = (value: { start?: string | null | undefined; end?: string | null | undefined }) =>
  value.start === undefined || value.start === null || value.end === undefined || value.end === null
  || parseTimeOfDay(value.start) < parseTimeOfDay(value.end);

const WeeklySessionInputSchema = z
  .object({
    weekday: WeekdaySchema,
    start: TimeOfDaySchema,
    end: TimeOfDaySchema,
    /** Defaults to the doctor's primary department. */
    department: DepartmentCodeSchema.optional(),
    /** Defaults to the doctor's consultation minutes. */
    slotMinutes: SlotMinutesSchema.optional(),
    effectiveFrom: CalendarDateSchema.nullable().default(null),
    effectiveTo: CalendarDateSchema.nullable().default(null),
  })
  .refine(startBeforeEnd, { message: 'must end after it starts', path: ['end'] })
  .refine((value) => value.effectiveFrom === null || value.effectiveTo === null || value.effectiveFrom <= value.effectiveTo, {
    message: 'must not be before effectiveFrom',
    path: ['effectiveTo'],
  });

export const schedulesMethods = {
  'schedules.get': defineMethod({
    summary: 'A doctor\'s weekly template, and the exceptions and leave that touch from..to (default: today onwards, 90 days).',
    access: 'anyRole',
    writes: false,
    params: z.object({ doctorId: UuidSchema, from: CalendarDateSchema.optional(), to: CalendarDateSchema.optional() }),
    result: z.object({
      doctorId: UuidSchema,
      weekly: z.array(WeeklySessionSchema),
      exceptions: z.array(ScheduleExceptionSchema),
      leave: z.array(LeaveSchema),
    }),
  }),
  'schedules.setWeekly': defineMethod({
    summary: 'Replace a doctor\'s weekly template. Sessions may not overlap; each lies within one day. Audited with before and after.',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({ doctorId: UuidSchema, sessions: z.array(WeeklySessionInputSchema).max(70) }),
    result: z.object({ weekly: z.array(WeeklySessionSchema), affectedAppointments: z.array(AffectedAppointmentSchema) }),
  }),
  'schedules.addException': defineMethod({
    summary: 'Close a day (or start..end of it), or add an extra session (start, end; department and slot length default from the profile).',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z
      .object({
        doctorId: UuidSchema,
        date: CalendarDateSchema,
        kind: z.enum(SCHEDULE_EXCEPTION_KINDS),
        start: TimeOfDaySchema.optional(),
        end: TimeOfDaySchema.optional(),
        department: DepartmentCodeSchema.optional(),
        slotMinutes: SlotMinutesSchema.optional(),
        reason: text(200).optional(),
      })
      .refine(startBeforeEnd, { message: 'must end after it starts', path: ['end'] })
      .refine((value) => (value.start === undefined) === (value.end === undefined), { message: 'give both start and end, or neither', path: ['end'] })
      .refine((value) => value.kind !== 'extra' || value.start !== undefined, { message: 'an extra session needs start and end', path: ['start'] }),
    result: z.object({ exception: ScheduleExceptionSchema, affectedAppointments: z.array(AffectedAppointmentSchema) }),
  }),
  'schedules.removeException': defineMethod({
    summary: 'Remove a schedule exception (audited with what it was).',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema }),
    result: OkSchema,
  }),
  'schedules.addLeave': defineMethod({
    summary: 'Record leave from..to (whole days). Booked appointments in it are returned for rescheduling; new ones are refused.',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z
      .object({ doctorId: UuidSchema, from: CalendarDateSchema, to: CalendarDateSchema, reason: text(200).optional() })
      .refine((value) => value.from <= value.to, { message: 'must not be before from', path: ['to'] }),
    result: z.object({ leave: LeaveSchema, affectedAppointments: z.array(AffectedAppointmentSchema) }),
  }),
  'schedules.cancelLeave': defineMethod({
    summary: 'Cancel recorded leave: the days are bookable again.',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema }),
    result: z.object({ leave: LeaveSchema }),
  }),
  'schedules.freeSlots': defineMethod({
    summary: `Free appointment slots of one doctor, or of every active doctor of a department, from..to (local days, at most ${FREE_SLOTS_MAX_DAYS}), in time order; past slots are left out.`,
    access: 'anyRole',
    writes: false,
    params: z
      .object({ doctorId: UuidSchema.optional(), department: DepartmentCodeSchema.optional(), from: CalendarDateSchema, to: CalendarDateSchema })
      .refine((value) => (value.doctorId === undefined) !== (value.department === undefined), { message: 'give a doctorId or a department', path: ['doctorId'] })
      .refine((value) => value.from <= value.to, { message: 'must not be before from', path: ['to'] }),
    result: z.object({ items: z.array(FreeSlotSchema), truncated: z.boolean() }),
  }),
} as const;
