import { z } from 'zod';
import { UuidSchema, text } from '../common.js';
import { DepartmentCodeSchema, REFERENCE_ADMIN_ROLES, SlotMinutesSchema } from './front-desk-shared.js';
import { defineMethod } from './method.js';

/** A doctor: a staff account holding the doctor role, with a profile kept by administrators. */
export const DoctorSchema = z.object({
  /** The doctor's user id: what visits, queues, schedules and appointments refer to. */
  id: UuidSchema,
  username: z.string(),
  displayName: z.string(),
  /** The primary department's code. */
  department: z.string(),
  /** Every department the doctor works in, the primary first. */
  departments: z.array(z.string()),
  specialty: z.string().nullable(),
  /** The default length of an appointment slot with this doctor. */
  consultationMinutes: z.number().int(),
  /** Room or desk shown on the queue board when the doctor calls a patient. */
  room: z.string().nullable(),
  /** False when the profile is deactivated or the account disabled: no new patients. */
  active: z.boolean(),
  /** The council (medical board) registration number, printed on the doctor's prescriptions. */
  registrationNumber: z.string().nullable(),
});
export type Doctor = z.infer<typeof DoctorSchema>;

export const doctorsMethods = {
  'doctors.list': defineMethod({
    summary: 'Doctors with a profile, by name; optionally those of one department; inactive ones only when asked.',
    access: 'anyRole',
    writes: false,
    params: z.object({ department: DepartmentCodeSchema.optional(), includeInactive: z.boolean().default(false) }),
    result: z.object({ items: z.array(DoctorSchema) }),
  }),
  'doctors.saveProfile': defineMethod({
    summary:
      'Create or replace the profile of a user holding the doctor role: departments (primary first), specialty, slot length, room, active, ' +
      'and the council registration number printed on prescriptions (left as it is when absent, cleared with null).',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({
      userId: UuidSchema,
      departments: z
        .array(DepartmentCodeSchema)
        .min(1, 'at least one department')
        .max(10)
        .refine((codes) => new Set(codes).size === codes.length, 'each department once'),
      specialty: text(120).nullable().default(null),
      consultationMinutes: SlotMinutesSchema.default(15),
      room: text(40).nullable().default(null),
      active: z.boolean().default(true),
      registrationNumber: text(40).nullable().optional(),
    }),
    result: z.object({ doctor: DoctorSchema }),
  }),
} as const;
