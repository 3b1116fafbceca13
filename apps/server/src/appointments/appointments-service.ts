import { APPOINTMENTS_LIST_MAX_DAYS, HmsError, addDays, checkBookable, daysBetween, localDateOf, nextAppointmentStatus, sessionsOn, startOfLocalDay } from '@hms/core';
import type { Appointment, AppointmentStatus, Payer, QueuePriority, Visit, VisitType } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { hospitalTimeZone, loadSchedules, lockDoctorSchedule, requireActiveDoctor } from '../reference/index.js';
import type { DoctorRecord } from '../reference/index.js';
import { InstantIdCursorSchema, decodeCursor, encodeCursor } from '../shared/cursor.js';
import { checkIn, lockResolvedPatient } from '../visits/index.js';
import type { Caller } from '../visits/index.js';
import { appointmentAuditView, appointmentViews, lockAppointment, requireAppointmentView, toAppointment } from './appointments-repo.js';
import type { AppointmentRow, AppointmentView } from './appointments-repo.js';

const MINUTE_MS = 60_000;

function slotTaken(): HmsError {
  return HmsError.conflict('The doctor already has an appointment at that time.', { reason: 'slot_taken' });
}

/**
 * Where and how long a booking at `start` is: checked against the doctor's schedule (with the
 * doctor's schedule lock held, see lockDoctorSchedule). Without a length, the slot length of
 * the session `start` falls in. Clashes with other appointments are left to the exclusion
 * constraint.
 */
async function scheduledBooking(trx: Knex.Transaction, doctor: DoctorRecord, start: Date, durationMinutes: number | undefined, now: Date): Promise<{ end: Date; departmentId: string }> {
  await lockDoctorSchedule(trx, doctor.id);
  const timeZone = await hospitalTimeZone(trx);
  const date = localDateOf(start, timeZone);
  const schedule = (await loadSchedules(trx, [doctor.id], date, date, timeZone)).get(doctor.id)!;
  const minutes = durationMinutes
    ?? sessionsOn(schedule, date, timeZone).find((session) => session.start <= start && start < session.end)?.slotMinutes
    ?? doctor.consultationMinutes;
  const end = new Date(start.getTime() + minutes * MINUTE_MS);
  const check = checkBookable(schedule, { start, end }, timeZone, now);
  if (!check.ok) throw new HmsError('VALIDATION', check.message, { fields: { start: check.message }, reason: check.reason });
  const department: { id: string } | undefined = await trx('departments').select('id').where({ code: check.session.departmentCode }).first();
  return { end, departmentId: department!.id };
}

async function insertOrUpdate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isPgCode(error, PG.exclusionViolation, 'appointments_no_double_booking')) throw slotTaken();
    throw error;
  }
}

export interface BookInput {
  patientId: string;
  doctorId: string;
  start: string;
  durationMinutes?: number | undefined;
  reason?: string | undefined;
}

export async function book(scope: WriteScope, caller: Caller, input: BookInput, now: Date): Promise<Appointment> {
  const { trx } = scope;
  const patientId = (await lockResolvedPatient(trx, input.patientId)).id;
  const doctor = await requireActiveDoctor(trx, input.doctorId, 'doctorId');
  const start = new Date(input.start);
  const { end, departmentId } = await scheduledBooking(trx, doctor, start, input.durationMinutes, now);
  const [row] = await insertOrUpdate(() =>
    trx<AppointmentRow>('appointments')
      .insert({
        patient_id: patientId,
        doctor_id: doctor.id,
        department_id: departmentId,
        starts_at: start,
        ends_at: end,
        status: 'booked',
        reason: input.reason ?? null,
        booked_by: caller.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('*'),
  );
  scope.audit({ action: 'appointments.book', entityType: 'appointment', entityId: row!.id, after: appointmentAuditView(row!) });
  return toAppointment(await requireAppointmentView(trx, row!.id));
}

export async function reschedule(scope: WriteScope, input: { id: string; start: string; doctorId?: string | undefined; durationMinutes?: number | undefined }, now: Date): Promise<Appointment> {
  const { trx } = scope;
  const before = await lockAppointment(trx, input.id);
  nextAppointmentStatus(before.status, 'reschedule');
  const doctor = await requireActiveDoctor(trx, input.doctorId ?? before.doctor_id, 'doctorId');
  // The same length with the same doctor; with another doctor, that doctor's slot.
  const minutes = input.durationMinutes ?? (doctor.id === before.doctor_id ? Math.round((before.ends_at.getTime() - before.starts_at.getTime()) / MINUTE_MS) : undefined);
  const start = new Date(input.start);
  const { end, departmentId } = await scheduledBooking(trx, doctor, start, minutes, now);
  const [after] = await insertOrUpdate(() =>
    trx<AppointmentRow>('appointments')
      .where({ id: before.id })
      .update({ doctor_id: doctor.id, department_id: departmentId, starts_at: start, ends_at: end, version: before.version + 1, updated_at: now })
      .returning('*'),
  );
  scope.audit({ action: 'appointments.reschedule', entityType: 'appointment', entityId: before.id, before: appointmentAuditView(before), after: appointmentAuditView(after!) });
  return toAppointment(await requireAppointmentView(trx, before.id));
}

async function changeStatus(scope: WriteScope, before: AppointmentRow, status: AppointmentStatus, changes: Partial<AppointmentRow>, action: string, now: Date): Promise<Appointment> {
  const [after] = await scope.trx<AppointmentRow>('appointments')
    .where({ id: before.id })
    .update({ ...changes, status, version: before.version + 1, updated_at: now })
    .returning('*');
  scope.audit({ action, entityType: 'appointment', entityId: before.id, before: appointmentAuditView(before), after: appointmentAuditView(after!) });
  return toAppointment(await requireAppointmentView(scope.trx, before.id));
}

export async function cancel(scope: WriteScope, id: string, reason: string, now: Date): Promise<Appointment> {
  const before = await lockAppointment(scope.trx, id);
  return changeStatus(scope, before, nextAppointmentStatus(before.status, 'cancel'), { cancel_reason: reason }, 'appointments.cancel', now);
}

export async function markNoShow(scope: WriteScope, id: string, now: Date): Promise<Appointment> {
  const before = await lockAppointment(scope.trx, id);
  const status = nextAppointmentStatus(before.status, 'mark_no_show');
  if (now.getTime() < before.starts_at.getTime()) {
    throw HmsError.conflict('The appointment has not started yet.', { reason: 'not_started', start: before.starts_at.toISOString() });
  }
  return changeStatus(scope, before, status, {}, 'appointments.markNoShow', now);
}

export interface ArriveInput {
  id: string;
  visitType: VisitType;
  priority?: QueuePriority | undefined;
  complaint?: string | undefined;
  payer?: Payer | undefined;
  arrivedAt?: string | undefined;
}

/** Arrival is a check-in linked to the appointment: the same rules, one transaction. */
export async function arrive(scope: WriteScope, caller: Caller, input: ArriveInput, now: Date): Promise<{ appointment: Appointment; visit: Visit }> {
  const appointment = await requireAppointmentView(scope.trx, input.id);
  const visit = await checkIn(scope, caller, {
    patientId: appointment.patient_id,
    visitType: input.visitType,
    department: appointment.department_code,
    priority: input.priority,
    complaint: input.complaint ?? appointment.reason ?? undefined,
    payer: input.payer,
    appointmentId: appointment.id,
    arrivedAt: input.arrivedAt,
  }, now);
  return { appointment: toAppointment(await requireAppointmentView(scope.trx, input.id)), visit };
}

const AppointmentCursorSchema = InstantIdCursorSchema;

export interface AppointmentListQuery {
  patientId?: string | undefined;
  doctorId?: string | undefined;
  department?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: readonly AppointmentStatus[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listAppointments(db: Knex, query: AppointmentListQuery, now: Date): Promise<{ items: Appointment[]; nextCursor?: string }> {
  const builder = appointmentViews(db).orderBy('a.starts_at').orderBy('a.id').limit(query.limit + 1);
  if (query.patientId !== undefined) {
    builder.where('a.patient_id', db('patients').select(db.raw('coalesce(merged_into, id)')).where({ id: query.patientId }));
  }
  if (query.patientId === undefined || query.from !== undefined || query.to !== undefined) {
    const timeZone = await hospitalTimeZone(db);
    const from = query.from ?? (query.to === undefined ? localDateOf(now, timeZone) : query.to);
    const to = query.to ?? from;
    if (daysBetween(from, to) >= APPOINTMENTS_LIST_MAX_DAYS) throw HmsError.validation({ to: `at most ${APPOINTMENTS_LIST_MAX_DAYS} days after from` });
    builder.where('a.starts_at', '>=', startOfLocalDay(from, timeZone)).where('a.starts_at', '<', startOfLocalDay(addDays(to, 1), timeZone));
  }
  if (query.doctorId !== undefined) builder.where('a.doctor_id', query.doctorId);
  if (query.department !== undefined) builder.where('d.code', query.department);
  if (query.status !== undefined) builder.whereIn('a.status', [...query.status]);
  if (query.cursor !== undefined) {
    const [startsAt, id] = decodeCursor(query.cursor, AppointmentCursorSchema);
    builder.whereRaw('(a.starts_at, a.id) > (?, ?)', [new Date(startsAt), id]);
  }
  const rows = (await builder) as AppointmentView[];
  const items = rows.slice(0, query.limit).map(toAppointment);
  const last = rows[query.limit - 1];
  return rows.length > query.limit && last !== undefined ? { items, nextCursor: encodeCursor([last.starts_at.toISOString(), last.id]) } : { items };
}
