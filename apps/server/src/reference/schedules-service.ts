import {
  FREE_SLOTS_MAX_DAYS,
  FREE_SLOTS_MAX_ITEMS,
  HmsError,
  addDays,
  checkBookable,
  daysBetween,
  formatTimeOfDay,
  freeSlots,
  localDateOf,
  parseTimeOfDay,
  startOfLocalDay,
  weeklySessionsOverlap,
} from '@hms/core';
import type {
  DoctorSchedule,
  FreeSlot,
  IsoDate,
  IsoWeekday,
  Leave,
  ScheduleException,
  ScheduleExceptionKind,
  ScheduleExceptionWire,
  WeeklySession,
  WeeklySessionWire,
} from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';
import { findDoctor, listDoctors } from './doctors-service.js';
import type { DoctorRecord } from './doctors-service.js';
import { announceReferenceChange, hospitalTimeZone } from './settings-service.js';

interface SessionRow {
  id: string;
  doctor_id: string;
  department_code: string;
  weekday: number;
  start_minute: number;
  end_minute: number;
  slot_minutes: number;
  effective_from: string | null;
  effective_to: string | null;
}

interface ExceptionRow {
  id: string;
  doctor_id: string;
  date: string;
  kind: ScheduleExceptionKind;
  start_minute: number | null;
  end_minute: number | null;
  department_code: string | null;
  slot_minutes: number | null;
  reason: string | null;
}

interface LeaveRow {
  id: string;
  doctor_id: string;
  from_date: string;
  to_date: string;
  reason: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  created_at: Date;
  created_by: string | null;
}

function toWeekly(row: SessionRow): WeeklySessionWire {
  return {
    id: row.id,
    weekday: row.weekday,
    start: formatTimeOfDay(row.start_minute),
    end: formatTimeOfDay(row.end_minute),
    department: row.department_code,
    slotMinutes: row.slot_minutes,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
  };
}

function toException(row: ExceptionRow): ScheduleExceptionWire {
  return {
    id: row.id,
    doctorId: row.doctor_id,
    date: row.date,
    kind: row.kind,
    start: row.start_minute === null ? null : formatTimeOfDay(row.start_minute),
    end: row.end_minute === null ? null : formatTimeOfDay(row.end_minute),
    department: row.department_code,
    slotMinutes: row.slot_minutes,
    reason: row.reason,
  };
}

function toLeave(row: LeaveRow): Leave {
  return { id: row.id, doctorId: row.doctor_id, from: row.from_date, to: row.to_date, reason: row.reason, cancelled: row.cancelled_at !== null };
}

function sessionRows(db: Knex, doctorIds: readonly string[]): Promise<SessionRow[]> {
  return db('schedule_sessions as s')
    .join('departments as d', 'd.id', 's.department_id')
    .select('s.*', 'd.code as department_code')
    .whereIn('s.doctor_id', [...doctorIds])
    .orderBy(['s.weekday', 's.start_minute']);
}

function exceptionRows(db: Knex, doctorIds: readonly string[], from: IsoDate, to: IsoDate): Promise<ExceptionRow[]> {
  return db('schedule_exceptions as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select('e.*', 'd.code as department_code')
    .whereIn('e.doctor_id', [...doctorIds])
    .whereBetween('e.date', [from, to])
    .orderBy(['e.date', 'e.start_minute']);
}

function leaveRows(db: Knex, doctorIds: readonly string[], from: IsoDate, to: IsoDate, includeCancelled = false): Promise<LeaveRow[]> {
  const query = db<LeaveRow>('doctor_leave').whereIn('doctor_id', [...doctorIds]).where('to_date', '>=', from).where('from_date', '<=', to).orderBy('from_date');
  if (!includeCancelled) query.whereNull('cancelled_at');
  return query;
}

/** Everything the slot rules need about some doctors over local days from..to. */
export async function loadSchedules(db: Knex, doctorIds: readonly string[], from: IsoDate, to: IsoDate, timeZone: string): Promise<Map<string, DoctorSchedule>> {
  // One after another: `db` may be a transaction, whose single connection runs one query at a time.
  const sessions = await sessionRows(db, doctorIds);
  const exceptions = await exceptionRows(db, doctorIds, from, to);
  const leave = await leaveRows(db, doctorIds, from, to);
  const booked: Array<{ doctor_id: string; starts_at: Date; ends_at: Date }> = await db('appointments')
    .select('doctor_id', 'starts_at', 'ends_at')
    .whereIn('doctor_id', [...doctorIds])
    .whereNot('status', 'cancelled')
    .where('ends_at', '>', startOfLocalDay(from, timeZone))
    .where('starts_at', '<', startOfLocalDay(addDays(to, 1), timeZone));
  const schedules = new Map<string, { weekly: WeeklySession[]; exceptions: ScheduleException[]; leave: Array<{ from: IsoDate; to: IsoDate }>; booked: Array<{ start: Date; end: Date }> }>();
  for (const id of doctorIds) schedules.set(id, { weekly: [], exceptions: [], leave: [], booked: [] });
  for (const row of sessions) {
    schedules.get(row.doctor_id)?.weekly.push({
      weekday: row.weekday as IsoWeekday,
      start: formatTimeOfDay(row.start_minute),
      end: formatTimeOfDay(row.end_minute),
      slotMinutes: row.slot_minutes,
      departmentCode: row.department_code,
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
    });
  }
  for (const row of exceptions) {
    schedules.get(row.doctor_id)?.exceptions.push({
      date: row.date,
      kind: row.kind,
      start: row.start_minute === null ? null : formatTimeOfDay(row.start_minute),
      end: row.end_minute === null ? null : formatTimeOfDay(row.end_minute),
      slotMinutes: row.slot_minutes,
      departmentCode: row.department_code,
    });
  }
  for (const row of leave) schedules.get(row.doctor_id)?.leave.push({ from: row.from_date, to: row.to_date });
  for (const row of booked) schedules.get(row.doctor_id)?.booked.push({ start: row.starts_at, end: row.ends_at });
  return schedules;
}

/**
 * Serializes changes to one doctor's bookable time: schedule edits, leave and bookings take
 * this lock first, so a booking is checked against the schedule it commits with, and racing
 * bookings of one doctor queue up instead of deadlocking inside the exclusion constraint
 * (which stays the guard against double booking). NO KEY UPDATE leaves foreign-key checks
 * (check-ins naming the doctor) unblocked.
 */
export async function lockDoctorSchedule(trx: Knex.Transaction, doctorId: string): Promise<void> {
  await trx('doctor_profiles').select('user_id').where({ user_id: doctorId }).forNoKeyUpdate();
}

async function requireDoctorProfile(db: Knex, doctorId: string, field = 'doctorId'): Promise<DoctorRecord> {
  const doctor = await findDoctor(db, doctorId);
  if (doctor === undefined) throw HmsError.validation({ [field]: 'is not a doctor with a profile' });
  return doctor;
}

export interface ScheduleView {
  doctorId: string;
  weekly: WeeklySessionWire[];
  exceptions: ScheduleExceptionWire[];
  leave: Leave[];
}

export async function getSchedule(db: Knex, doctorId: string, range: { from?: IsoDate | undefined; to?: IsoDate | undefined }, now: Date): Promise<ScheduleView> {
  await requireDoctorProfile(db, doctorId);
  const from = range.from ?? localDateOf(now, await hospitalTimeZone(db));
  const to = range.to ?? addDays(from, 90);
  if (to < from) throw HmsError.validation({ to: 'must not be before from' });
  const sessions = await sessionRows(db, [doctorId]);
  const exceptions = await exceptionRows(db, [doctorId], from, to);
  const leave = await leaveRows(db, [doctorId], from, to);
  return { doctorId, weekly: sessions.map(toWeekly), exceptions: exceptions.map(toException), leave: leave.map(toLeave) };
}

export interface AffectedAppointment {
  id: string;
  patientId: string;
  start: string;
  end: string;
}

/** Booked future appointments of a doctor that the (changed) schedule no longer covers. */
export async function appointmentsOutsideSchedule(db: Knex, doctorId: string, now: Date, timeZone: string): Promise<AffectedAppointment[]> {
  const booked: Array<{ id: string; patient_id: string; starts_at: Date; ends_at: Date }> = await db('appointments')
    .select('id', 'patient_id', 'starts_at', 'ends_at')
    .where({ doctor_id: doctorId, status: 'booked' })
    .where('starts_at', '>=', now)
    .orderBy('starts_at')
    .limit(1_000);
  if (booked.length === 0) return [];
  const from = localDateOf(booked[0]!.starts_at, timeZone);
  const to = localDateOf(booked.at(-1)!.starts_at, timeZone);
  const schedule = (await loadSchedules(db, [doctorId], from, to, timeZone)).get(doctorId)!;
  // Each appointment is checked against the schedule without itself (and the others) as bookings.
  const free = { ...schedule, booked: [] };
  return booked
    .filter((row) => !checkBookable(free, { start: row.starts_at, end: row.ends_at }, timeZone, now).ok)
    .map((row) => ({ id: row.id, patientId: row.patient_id, start: row.starts_at.toISOString(), end: row.ends_at.toISOString() }));
}

async function departmentIdsByCode(db: Knex, codes: readonly string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; code: string }> = await db('departments').select('id', 'code').whereIn('code', [...new Set(codes)]);
  return new Map(rows.map((row) => [row.code, row.id]));
}

export interface WeeklySessionInput {
  weekday: number;
  start: string;
  end: string;
  department?: string | undefined;
  slotMinutes?: number | undefined;
  effectiveFrom: IsoDate | null;
  effectiveTo: IsoDate | null;
}

export async function setWeekly(scope: WriteScope, doctorId: string, inputs: readonly WeeklySessionInput[], now: Date): Promise<{ weekly: WeeklySessionWire[]; affectedAppointments: AffectedAppointment[] }> {
  const { trx } = scope;
  await lockDoctorSchedule(trx, doctorId);
  const doctor = await requireDoctorProfile(trx, doctorId);
  const sessions: WeeklySession[] = inputs.map((input) => ({
    weekday: input.weekday as IsoWeekday,
    start: input.start,
    end: input.end,
    slotMinutes: input.slotMinutes ?? doctor.consultationMinutes,
    departmentCode: input.department ?? doctor.departments[0]!.code,
    effectiveFrom: input.effectiveFrom,
    effectiveTo: input.effectiveTo,
  }));
  const fields: Record<string, string> = {};
  sessions.forEach((session, index) => {
    if (!doctor.departments.some((department) => department.code === session.departmentCode)) {
      fields[`sessions.${index}.department`] = `${doctor.displayName} does not work in ${session.departmentCode}`;
    }
    const clash = sessions.findIndex((other, otherIndex) => otherIndex < index && weeklySessionsOverlap(other, session));
    if (clash >= 0) fields[`sessions.${index}.start`] = `overlaps session ${clash + 1}`;
  });
  if (Object.keys(fields).length > 0) throw HmsError.validation(fields);

  const departmentIds = await departmentIdsByCode(trx, sessions.map((session) => session.departmentCode));
  const before = (await sessionRows(trx, [doctorId])).map(toWeekly);
  await trx('schedule_sessions').where({ doctor_id: doctorId }).delete();
  if (sessions.length > 0) {
    await trx('schedule_sessions').insert(
      sessions.map((session) => ({
        doctor_id: doctorId,
        department_id: departmentIds.get(session.departmentCode),
        weekday: session.weekday,
        start_minute: parseTimeOfDay(session.start),
        end_minute: parseTimeOfDay(session.end),
        slot_minutes: session.slotMinutes,
        effective_from: session.effectiveFrom,
        effective_to: session.effectiveTo,
        created_at: now,
      })),
    );
  }
  const weekly = (await sessionRows(trx, [doctorId])).map(toWeekly);
  const strip = (list: WeeklySessionWire[]) => list.map(({ id: _id, ...rest }) => rest);
  scope.audit({ action: 'schedules.setWeekly', entityType: 'doctor', entityId: doctorId, before: strip(before), after: strip(weekly) });
  announceReferenceChange(scope, 'schedules', doctorId, now);
  return { weekly, affectedAppointments: await appointmentsOutsideSchedule(trx, doctorId, now, await hospitalTimeZone(trx)) };
}

export interface ExceptionInput {
  doctorId: string;
  date: IsoDate;
  kind: ScheduleExceptionKind;
  start?: string | undefined;
  end?: string | undefined;
  department?: string | undefined;
  slotMinutes?: number | undefined;
  reason?: string | undefined;
}

export async function addException(scope: WriteScope, input: ExceptionInput, actorId: string, now: Date): Promise<{ exception: ScheduleExceptionWire; affectedAppointments: AffectedAppointment[] }> {
  const { trx } = scope;
  await lockDoctorSchedule(trx, input.doctorId);
  const doctor = await requireDoctorProfile(trx, input.doctorId);
  let departmentId: string | null = null;
  let slotMinutes: number | null = null;
  if (input.kind === 'extra') {
    const code = input.department ?? doctor.departments[0]!.code;
    const department = doctor.departments.find((d) => d.code === code);
    if (department === undefined) throw HmsError.validation({ department: `${doctor.displayName} does not work in ${code}` });
    departmentId = department.id;
    slotMinutes = input.slotMinutes ?? doctor.consultationMinutes;
  }
  const [row] = await trx('schedule_exceptions')
    .insert({
      doctor_id: input.doctorId,
      date: input.date,
      kind: input.kind,
      start_minute: input.start === undefined ? null : parseTimeOfDay(input.start),
      end_minute: input.end === undefined ? null : parseTimeOfDay(input.end),
      department_id: departmentId,
      slot_minutes: slotMinutes,
      reason: input.reason ?? null,
      created_at: now,
      created_by: actorId,
    })
    .returning('id');
  const [stored] = await exceptionRows(trx, [input.doctorId], input.date, input.date).then((rows) => rows.filter((r) => r.id === (row as { id: string }).id));
  const exception = toException(stored!);
  scope.audit({ action: 'schedules.addException', entityType: 'doctor', entityId: input.doctorId, after: exception });
  announceReferenceChange(scope, 'schedules', input.doctorId, now);
  return { exception, affectedAppointments: await appointmentsOutsideSchedule(trx, input.doctorId, now, await hospitalTimeZone(trx)) };
}

export async function removeException(scope: WriteScope, id: string, now: Date): Promise<void> {
  const [row] = await scope.trx('schedule_exceptions as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select('e.*', 'd.code as department_code')
    .where('e.id', id) as ExceptionRow[];
  if (row === undefined) throw HmsError.notFound('The schedule exception');
  await lockDoctorSchedule(scope.trx, row.doctor_id);
  await scope.trx('schedule_exceptions').where({ id }).delete();
  scope.audit({ action: 'schedules.removeException', entityType: 'doctor', entityId: row.doctor_id, before: toException(row) });
  announceReferenceChange(scope, 'schedules', row.doctor_id, now);
}

export async function addLeave(scope: WriteScope, input: { doctorId: string; from: IsoDate; to: IsoDate; reason?: string | undefined }, actorId: string, now: Date): Promise<{ leave: Leave; affectedAppointments: AffectedAppointment[] }> {
  const { trx } = scope;
  await lockDoctorSchedule(trx, input.doctorId);
  await requireDoctorProfile(trx, input.doctorId);
  const [row] = await trx<LeaveRow>('doctor_leave')
    .insert({ doctor_id: input.doctorId, from_date: input.from, to_date: input.to, reason: input.reason ?? null, created_at: now, created_by: actorId })
    .returning('*');
  const leave = toLeave(row!);
  scope.audit({ action: 'schedules.addLeave', entityType: 'doctor', entityId: input.doctorId, after: leave });
  announceReferenceChange(scope, 'schedules', input.doctorId, now);
  return { leave, affectedAppointments: await appointmentsOutsideSchedule(trx, input.doctorId, now, await hospitalTimeZone(trx)) };
}

export async function cancelLeave(scope: WriteScope, id: string, actorId: string, now: Date): Promise<Leave> {
  const before = await scope.trx<LeaveRow>('doctor_leave').where({ id }).forUpdate().first();
  if (before === undefined) throw HmsError.notFound('The leave');
  if (before.cancelled_at !== null) throw HmsError.conflict('This leave is already cancelled.');
  const [after] = await scope.trx<LeaveRow>('doctor_leave').where({ id }).update({ cancelled_at: now, cancelled_by: actorId }).returning('*');
  scope.audit({ action: 'schedules.cancelLeave', entityType: 'doctor', entityId: before.doctor_id, before: toLeave(before), after: toLeave(after!) });
  announceReferenceChange(scope, 'schedules', before.doctor_id, now);
  return toLeave(after!);
}

export async function findFreeSlots(
  db: Knex,
  query: { doctorId?: string | undefined; department?: string | undefined; from: IsoDate; to: IsoDate },
  now: Date,
): Promise<{ items: FreeSlot[]; truncated: boolean }> {
  if (daysBetween(query.from, query.to) >= FREE_SLOTS_MAX_DAYS) throw HmsError.validation({ to: `at most ${FREE_SLOTS_MAX_DAYS} days after from` });
  let doctors: Array<{ id: string; displayName: string }>;
  if (query.doctorId !== undefined) {
    const doctor = await requireDoctorProfile(db, query.doctorId);
    doctors = doctor.active ? [doctor] : [];
  } else {
    doctors = await listDoctors(db, { department: query.department, includeInactive: false });
  }
  if (doctors.length === 0) return { items: [], truncated: false };
  const timeZone = await hospitalTimeZone(db);
  const schedules = await loadSchedules(db, doctors.map((doctor) => doctor.id), query.from, query.to, timeZone);
  const items: FreeSlot[] = [];
  for (const doctor of doctors) {
    for (const slot of freeSlots(schedules.get(doctor.id)!, { from: query.from, to: query.to, timeZone, now })) {
      if (query.department !== undefined && slot.departmentCode !== query.department) continue;
      items.push({ doctorId: doctor.id, doctorName: doctor.displayName, department: slot.departmentCode, start: slot.start.toISOString(), end: slot.end.toISOString() });
    }
  }
  items.sort((a, b) => a.start.localeCompare(b.start) || a.doctorName.localeCompare(b.doctorName) || a.doctorId.localeCompare(b.doctorId));
  return { items: items.slice(0, FREE_SLOTS_MAX_ITEMS), truncated: items.length > FREE_SLOTS_MAX_ITEMS };
}
