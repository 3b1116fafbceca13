import { z } from 'zod';
import { UuidSchema, wireString } from '../common.js';
import type { Role } from '../roles.js';
import { isTimeOfDay } from '../rules/zoned-time.js';

/**
 * Pieces shared by the reference data, visits, queue and appointments contracts.
 *
 * Who may do what at the front desk (data-level rules, enforced by the services, are noted
 * on each method):
 * - receptionist: checks in (so may a nurse at a triage or emergency desk, and an admin
 *   covering the desk, as both may register), cancels visits, marks patients as left, transfers, books,
 *   reschedules and cancels appointments, marks no-shows and arrivals, watches boards;
 * - doctor: calls next, recalls, skips and completes in their OWN queue only (another
 *   doctor's queue is FORBIDDEN), triages and refers (transfers) their own patients;
 * - nurse: calls, recalls, skips, triages and completes for any doctor or department pool;
 * - admin: hospital settings, departments, doctor profiles and schedules;
 * - any signed-in role: departments.list, doctors.list, settings.get, schedules.get,
 *   schedules.freeSlots, queue.board and queue.watch (patient identities on the board only
 *   for the clinical and desk roles below).
 */
export const FRONT_DESK_ROLES = ['receptionist'] as const satisfies readonly Role[];
export const CHECK_IN_ROLES = ['receptionist', 'nurse', 'admin'] as const satisfies readonly Role[];
export const QUEUE_CALLER_ROLES = ['doctor', 'nurse'] as const satisfies readonly Role[];
export const TRANSFER_ROLES = ['receptionist', 'nurse', 'doctor'] as const satisfies readonly Role[];
/** Who may read visits and appointments (patient data). */
export const VISIT_READER_ROLES = ['receptionist', 'nurse', 'doctor', 'admin'] as const satisfies readonly Role[];
export const REFERENCE_ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];

export const DEPARTMENT_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;
/** A department's short code (`OPD`): upper case on the wire; typed in lower case it is accepted. */
export const DepartmentCodeSchema = wireString(20, { trim: true })
  .toUpperCase()
  .regex(DEPARTMENT_CODE_PATTERN, '2 to 10 letters or digits, starting with a letter');

/** A local wall-clock time in the hospital's zone, `HH:MM` (24:00 allowed as an end). */
export const TimeOfDaySchema = wireString(5).refine(isTimeOfDay, 'a time as HH:MM (00:00 to 24:00)');

/** Who a visit or appointment is for: enough to show on a list. */
export const PatientSummarySchema = z.object({
  id: UuidSchema,
  mrn: z.string(),
  name: z.string(),
});
export type PatientSummary = z.infer<typeof PatientSummarySchema>;

/** Minutes a consultation slot lasts. */
export const SlotMinutesSchema = z.number().int().min(5, 'at least 5 minutes').max(240, 'at most 240 minutes');
