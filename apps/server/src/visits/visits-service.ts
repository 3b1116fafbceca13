import {
  HmsError,
  MAX_OFFLINE_ARRIVAL_AGE_HOURS,
  defaultPriorityFor,
  localDateOf,
  nextAppointmentStatus,
  nextVisitStatus,
  queueServiceDate,
} from '@hms/core';
import type { AppointmentStatus, Payer, QueueChange, QueuePriority, Role, Visit, VisitStatus, VisitType } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { publishQueueChange } from './queue-events.js';
import { insertVisitWithToken, placementOf, queueStats } from './queue-state.js';
import type { QueueStats } from './queue-state.js';
import { hospitalTimeZone, requireActiveDoctor, requireDepartment } from '../reference/index.js';
import type { DepartmentRow } from '../reference/index.js';
import { InstantIdCursorSchema, decodeCursor, encodeCursor } from '../shared/cursor.js';
import { lockResolvedPatient } from './visit-patient.js';
import { OPEN_STATUSES, lockVisit, toVisit, updateVisit, updateVisitView, visitAuditView, visitViews } from './visits-repo.js';
import type { Placement, VisitRow, VisitView } from './visits-repo.js';

/** A desk's clock may run a little ahead of the server's: arrivals up to this far in the future count as now. */
const ARRIVAL_CLOCK_SKEW_MS = 5 * 60_000;

export interface Caller {
  userId: string;
  roles: readonly Role[];
}

function arrivalTime(arrivedAt: string | undefined, now: Date): Date {
  if (arrivedAt === undefined) return now;
  const at = new Date(arrivedAt);
  if (at.getTime() > now.getTime() + ARRIVAL_CLOCK_SKEW_MS) throw HmsError.validation({ arrivedAt: 'is in the future' });
  if (at.getTime() < now.getTime() - MAX_OFFLINE_ARRIVAL_AGE_HOURS * 3_600_000) {
    throw HmsError.validation({ arrivedAt: `is more than ${MAX_OFFLINE_ARRIVAL_AGE_HOURS} hours ago` });
  }
  return at.getTime() > now.getTime() ? now : at;
}

/**
 * Tokens restart every service date, so a visit still open from an earlier day is closed when
 * its department's queue is next used: still waiting -> left_without_being_seen; still "in
 * consultation" (nobody completed it) -> completed, without a timing for the estimates.
 */
export async function closeStaleVisits(scope: WriteScope, departmentId: string, today: string, now: Date): Promise<void> {
  const stale = await scope.trx<VisitRow>('visits')
    .where({ department_id: departmentId })
    .whereIn('status', [...OPEN_STATUSES])
    .where('service_date', '<', today)
    .forUpdate()
    .skipLocked();
  for (const before of stale) {
    const waiting = before.status === 'checked_in';
    const after = await updateVisit(scope.trx, before.id, {
      status: nextVisitStatus(before.status, waiting ? 'leave' : 'complete'),
      ended_at: now,
      end_reason: waiting ? 'Still waiting when the service day ended.' : 'Closed at the end of the service day.',
    }, now);
    scope.audit({ action: 'visits.closeDay', entityType: 'visit', entityId: before.id, before: visitAuditView(before), after: visitAuditView(after) });
  }
}

interface AppointmentForArrival {
  id: string;
  patient_id: string;
  doctor_id: string;
  department_id: string;
  starts_at: Date;
  status: AppointmentStatus;
}

/** The appointment a check-in arrives for, locked, with the status arriving gives it. */
async function lockAppointmentForArrival(
  trx: Knex.Transaction, id: string, patientId: string, department: DepartmentRow, today: string, timeZone: string,
): Promise<AppointmentForArrival & { arrivedStatus: AppointmentStatus }> {
  const appointment = await trx<AppointmentForArrival>('appointments').where({ id }).forUpdate().first();
  if (appointment === undefined) throw HmsError.notFound('The appointment');
  if (appointment.patient_id !== patientId) throw HmsError.validation({ appointmentId: 'is another patient\'s appointment' });
  if (appointment.department_id !== department.id) throw HmsError.validation({ appointmentId: `is not in ${department.code}` });
  const arrivedStatus = nextAppointmentStatus(appointment.status, 'arrive');
  const day = localDateOf(appointment.starts_at, timeZone);
  if (day !== today) throw HmsError.conflict(`The appointment is on ${day}, not today.`, { reason: 'not_today', date: day });
  return { ...appointment, arrivedStatus };
}

export interface CheckInInput {
  patientId: string;
  visitType: VisitType;
  department: string;
  priority?: QueuePriority | undefined;
  doctorId?: string | undefined;
  complaint?: string | undefined;
  payer?: Payer | undefined;
  appointmentId?: string | undefined;
  arrivedAt?: string | undefined;
}

export async function checkIn(scope: WriteScope, caller: Caller, input: CheckInInput, now: Date): Promise<Visit> {
  const { trx } = scope;
  const arrivedAt = arrivalTime(input.arrivedAt, now);
  const timeZone = await hospitalTimeZone(trx);
  const today = queueServiceDate(now, timeZone);
  const department = await requireDepartment(trx, input.department, 'department');
  const patient = await lockResolvedPatient(trx, input.patientId);
  const patientId = patient.id;
  const appointment = input.appointmentId === undefined ? undefined : await lockAppointmentForArrival(trx, input.appointmentId, patientId, department, today, timeZone);
  const doctorId = input.doctorId ?? appointment?.doctor_id;
  const doctor = doctorId === undefined ? undefined : await requireActiveDoctor(trx, doctorId, 'doctorId', department);

  await closeStaleVisits(scope, department.id, today, now);
  const open: { id: string; token: string } | undefined = await trx('visits')
    .select('id', 'token')
    .where({ patient_id: patientId, department_id: department.id })
    .whereIn('status', [...OPEN_STATUSES])
    .first();
  if (open !== undefined) {
    throw HmsError.conflict(`The patient is already checked in to ${department.code} (${open.token}).`, { reason: 'already_checked_in', visitId: open.id, token: open.token });
  }
  // Everything above only reads. From the token on, the department's token and counts rows stay
  // locked until commit (and its version row from publishQueueChange on): what follows is kept
  // to as few round trips as it can be (the token comes with the insert, the place with the version).
  let visit: VisitRow;
  try {
    visit = await insertVisitWithToken(trx, department.code, {
      patient_id: patientId,
      department_id: department.id,
      doctor_id: doctorId ?? null,
      visit_type: input.visitType,
      priority: input.priority ?? defaultPriorityFor(input.visitType),
      status: 'checked_in',
      service_date: today,
      complaint: input.complaint ?? null,
      payer: input.payer === undefined ? null : (JSON.stringify(input.payer) as unknown as Payer),
      appointment_id: appointment?.id ?? null,
      arrived_at: arrivedAt,
      queued_at: arrivedAt,
      checked_in_at: now,
      checked_in_by: caller.userId,
      updated_at: now,
    });
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'visits_one_open_per_department')) {
      throw HmsError.conflict(`The patient is already checked in to ${department.code}.`, { reason: 'already_checked_in' });
    }
    throw error;
  }
  scope.audit({
    action: 'visits.checkIn',
    entityType: 'visit',
    entityId: visit.id,
    after: visitAuditView(visit),
    details: { requestedPatientId: input.patientId === patientId ? undefined : input.patientId, offline: input.arrivedAt !== undefined },
  });
  if (appointment !== undefined) {
    await trx('appointments').where({ id: appointment.id }).update({ status: appointment.arrivedStatus, version: trx.raw('version + 1'), updated_at: now });
    scope.audit({ action: 'appointments.arrive', entityType: 'appointment', entityId: appointment.id, before: { status: appointment.status }, after: { status: appointment.arrivedStatus, visitId: visit.id } });
  }
  const view: VisitView = {
    ...visit,
    patient_mrn: patient.mrn,
    patient_name: patient.name,
    department_code: department.code,
    department_name: department.name,
    doctor_name: doctor?.displayName ?? null,
    served_by_name: null,
  };
  const queue = await publishQueueChange(scope, { department: { id: department.id, code: department.code }, serviceDate: today, change: 'checked_in', view, now });
  return toVisit(view, queue.placement);
}

/** Ends an open visit by a desk action (cancel or left) and tells its queue. */
async function endVisit(scope: WriteScope, before: VisitRow, status: VisitStatus, change: QueueChange, reason: string | null, action: string, now: Date): Promise<Visit> {
  const { id } = before;
  const view = await updateVisitView(scope.trx, id, { status, ended_at: now, end_reason: reason }, now);
  scope.audit({ action, entityType: 'visit', entityId: id, before: visitAuditView(before), after: visitAuditView(view) });
  await publishQueueChange(scope, { department: { id: view.department_id, code: view.department_code }, serviceDate: view.service_date, change, view, now });
  return toVisit(view);
}

export async function cancelVisit(scope: WriteScope, id: string, reason: string, now: Date): Promise<Visit> {
  const current = await lockVisit(scope.trx, id);
  return endVisit(scope, current, nextVisitStatus(current.status, 'cancel'), 'cancelled', reason, 'visits.cancel', now);
}

export async function markLeft(scope: WriteScope, id: string, reason: string | undefined, now: Date): Promise<Visit> {
  const current = await lockVisit(scope.trx, id);
  return endVisit(scope, current, nextVisitStatus(current.status, 'leave'), 'left', reason ?? 'Left without being seen.', 'visits.markLeft', now);
}

/** A caller acting only as a doctor (not also a nurse) may act on their own patients only. */
export function isDoctorOnly(caller: Caller): boolean {
  return caller.roles.includes('doctor') && !caller.roles.includes('nurse');
}

export function requireOwnPatient(caller: Caller, visit: VisitRow): void {
  if (isDoctorOnly(caller) && visit.served_by !== caller.userId) {
    throw new HmsError('FORBIDDEN', 'This patient is with another caller: a doctor acts only on their own patients.', { reason: 'not_your_patient', visitId: visit.id });
  }
}

export async function completeVisit(scope: WriteScope, caller: Caller, id: string, note: string | undefined, now: Date): Promise<Visit> {
  const { trx } = scope;
  const before = await lockVisit(trx, id);
  requireOwnPatient(caller, before);
  const status = nextVisitStatus(before.status, 'complete');
  const view = await updateVisitView(trx, id, { status, ended_at: now, end_reason: note ?? null }, now);
  // The duration feeds the department's wait estimates.
  await trx('consultation_timings').insert({ visit_id: id, department_id: before.department_id, served_by: before.served_by, started_at: before.called_at, ended_at: now });
  scope.audit({ action: 'visits.complete', entityType: 'visit', entityId: id, before: visitAuditView(before), after: visitAuditView(view) });
  await publishQueueChange(scope, { department: { id: view.department_id, code: view.department_code }, serviceDate: view.service_date, change: 'completed', view, now });
  return toVisit(view);
}

const VisitCursorSchema = InstantIdCursorSchema;

export interface VisitListQuery {
  patientId?: string | undefined;
  serviceDate?: string | undefined;
  department?: string | undefined;
  doctorId?: string | undefined;
  status?: readonly VisitStatus[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listVisits(db: Knex, query: VisitListQuery, now: Date): Promise<{ items: Visit[]; nextCursor?: string }> {
  const builder = visitViews(db).orderBy('v.checked_in_at', 'desc').orderBy('v.id', 'desc').limit(query.limit + 1);
  if (query.patientId !== undefined) {
    builder.where('v.patient_id', db('patients').select(db.raw('coalesce(merged_into, id)')).where({ id: query.patientId }));
  }
  if (query.serviceDate !== undefined || query.patientId === undefined) {
    builder.where('v.service_date', query.serviceDate ?? localDateOf(now, await hospitalTimeZone(db)));
  }
  if (query.department !== undefined) builder.where('d.code', query.department);
  if (query.doctorId !== undefined) builder.where('v.doctor_id', query.doctorId);
  if (query.status !== undefined) builder.whereIn('v.status', [...query.status]);
  if (query.cursor !== undefined) {
    const [checkedInAt, id] = decodeCursor(query.cursor, VisitCursorSchema);
    builder.whereRaw('(v.checked_in_at, v.id) < (?, ?)', [new Date(checkedInAt), id]);
  }
  const rows = (await builder) as VisitView[];
  const page = rows.slice(0, query.limit);
  // Each waiting visit's place from its queue's counts (read once per queue on the page).
  const stats = new Map<string, Promise<QueueStats>>();
  const items: Visit[] = [];
  for (const row of page) {
    let placement: Placement | undefined;
    if (row.status === 'checked_in') {
      const key = `${row.department_id}|${row.service_date}`;
      if (!stats.has(key)) stats.set(key, queueStats(db, row.department_id, row.service_date, now));
      placement = await placementOf(db, row, await stats.get(key)!);
    }
    items.push(toVisit(row, placement));
  }
  const last = page.at(-1);
  return rows.length > query.limit && last !== undefined
    ? { items, nextCursor: encodeCursor([last.checked_in_at.toISOString(), last.id]) }
    : { items };
}
