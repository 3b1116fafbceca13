import { HmsError } from '../errors.js';

/**
 * An appointment is booked, then either the patient arrives (it becomes a visit), it is
 * cancelled (its time is free again), or the patient does not come (no_show). Rescheduling
 * keeps it booked at another time.
 */
export const APPOINTMENT_STATUSES = ['booked', 'arrived', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_ACTIONS = ['reschedule', 'arrive', 'cancel', 'mark_no_show'] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

const TRANSITIONS: Readonly<Record<AppointmentStatus, Partial<Record<AppointmentAction, AppointmentStatus>>>> = {
  booked: { reschedule: 'booked', arrive: 'arrived', cancel: 'cancelled', mark_no_show: 'no_show' },
  arrived: {},
  cancelled: {},
  no_show: {},
};

const ACTION_LABELS: Readonly<Record<AppointmentAction, string>> = {
  reschedule: 'rescheduled',
  arrive: 'checked in',
  cancel: 'cancelled',
  mark_no_show: 'marked as a no-show',
};

const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'booked',
  arrived: 'already checked in',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
};

/** The status after `action`, or CONFLICT when the appointment is past that point. */
export function nextAppointmentStatus(status: AppointmentStatus, action: AppointmentAction): AppointmentStatus {
  const next = TRANSITIONS[status][action];
  if (next === undefined) {
    throw HmsError.conflict(`An appointment that is ${STATUS_LABELS[status]} cannot be ${ACTION_LABELS[action]}.`, {
      reason: 'illegal_transition',
      from: status,
      action,
    });
  }
  return next;
}
