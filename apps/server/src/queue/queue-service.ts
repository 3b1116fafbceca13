import { HmsError, formatQueueToken, nextVisitStatus, queueServiceDate, skipOutcome } from '@hms/core';
import type { QueuePriority, Visit } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { findDoctor, hospitalTimeZone, requireActiveDoctor, requireDepartment } from '../reference/index.js';
import type { DepartmentRow, DoctorRecord } from '../reference/index.js';
import {
  OPEN_STATUSES, QUEUE_ORDER_SQL, allocateToken, closeStaleVisits, isDoctorOnly, lockVisit, publishQueueChange,
  requireOwnPatient, toVisit, updateVisitView, visitAuditView,
} from '../visits/index.js';
import type { Caller, VisitRow, VisitView } from '../visits/index.js';

async function departmentOf(db: Knex, id: string): Promise<DepartmentRow> {
  return (await db<DepartmentRow>('departments').where({ id }).first())!;
}

function forbidden(message: string, reason: string, details: Record<string, unknown> = {}): HmsError {
  return new HmsError('FORBIDDEN', message, { reason, ...details });
}

export interface CallNextInput {
  department: string;
  doctorId?: string | undefined;
  room?: string | undefined;
}

/**
 * Takes the next waiting visit for the caller: a doctor's own queue and the department pool
 * together, or (without a doctor) the pool alone. The candidate row is locked with SKIP LOCKED,
 * so desks calling at the same moment each get a different patient and never wait on each other.
 */
export async function callNext(scope: WriteScope, caller: Caller, input: CallNextInput, now: Date): Promise<Visit | null> {
  const { trx } = scope;
  const department = await requireDepartment(trx, input.department, 'department', { active: false });
  let doctor: DoctorRecord | undefined;
  if (isDoctorOnly(caller)) {
    if (input.doctorId !== undefined && input.doctorId !== caller.userId) {
      throw forbidden('A doctor calls patients for their own queue only.', 'not_your_queue', { doctorId: input.doctorId });
    }
    doctor = await findDoctor(trx, caller.userId);
    if (doctor === undefined || !doctor.active || !doctor.departments.some((d) => d.id === department.id)) {
      throw forbidden(`You have no active doctor profile in ${department.code}.`, 'not_in_department', { department: department.code });
    }
  } else if (input.doctorId !== undefined) {
    doctor = await requireActiveDoctor(trx, input.doctorId, 'doctorId', department);
  }
  // The patient goes to the doctor's room when called for a doctor, else to the caller.
  const servedBy = doctor?.id ?? caller.userId;
  const today = queueServiceDate(now, await hospitalTimeZone(trx));
  await closeStaleVisits(scope, department.id, today, now);

  await requireNotServing(trx, department.id, servedBy);

  const candidate = await trx<VisitRow>('visits')
    .where({ department_id: department.id, status: 'checked_in', service_date: today })
    .where((query) => {
      query.whereNull('doctor_id');
      if (doctor !== undefined) query.orWhere('doctor_id', doctor.id);
    })
    .orderByRaw(QUEUE_ORDER_SQL)
    .limit(1)
    .forUpdate()
    .skipLocked()
    .first();
  if (candidate === undefined) {
    scope.audit({ action: 'queue.callNext', entityType: 'department', entityId: department.id, details: { doctorId: doctor?.id ?? null, result: 'nobody waiting' } });
    return null;
  }
  return toVisit(await callVisit(scope, candidate, { department, servedBy, room: input.room ?? doctor?.room ?? null, doctorId: doctor?.id ?? null, now }));
}

interface CallOf {
  department: { id: string; code: string };
  servedBy: string;
  room: string | null;
  /** The doctor the patient is called for, if any: a pool patient becomes theirs. */
  doctorId: string | null;
  /** Why the call was made other than by queue.callNext (audited). */
  via?: Record<string, unknown>;
  now: Date;
}

/** Calls a waiting visit (locked by the caller) in: the update, its audit and the queue's event. */
async function callVisit(scope: WriteScope, candidate: VisitRow, call: CallOf): Promise<VisitView> {
  const view = await updateVisitView(scope.trx, candidate.id, {
    status: nextVisitStatus(candidate.status, 'call'),
    called_at: call.now,
    served_by: call.servedBy,
    room: call.room,
    // Taken from the pool by a doctor: from now on it is that doctor's patient.
    doctor_id: candidate.doctor_id ?? call.doctorId,
  }, call.now);
  scope.audit({
    action: 'queue.callNext', entityType: 'visit', entityId: candidate.id, before: visitAuditView(candidate), after: visitAuditView(view),
    ...(call.via === undefined ? {} : { details: call.via }),
  });
  await publishQueueChange(scope, { department: call.department, serviceDate: candidate.service_date, change: 'called', view, now: call.now });
  return view;
}

async function requireNotServing(trx: Knex.Transaction, departmentId: string, servedBy: string): Promise<void> {
  const serving: { id: string; token: string } | undefined = await trx('visits')
    .select('id', 'token')
    .where({ department_id: departmentId, status: 'in_consultation', served_by: servedBy })
    .first();
  if (serving !== undefined) {
    throw HmsError.conflict(`${serving.token} is still in consultation: complete, skip or transfer it first.`, { reason: 'still_serving', visitId: serving.id, token: serving.token });
  }
}

/**
 * A doctor calls in one waiting visit they chose (locked by the caller): encounters.start from a
 * desk that called the patient while its LAN was down. The same rules as queue.callNext: their
 * own queue or the pool, a doctor of the department, nobody else still in consultation with
 * them; a visit of an earlier service day is over. Answers CONFLICT (the queue changed meanwhile).
 */
export async function callChosenVisit(scope: WriteScope, caller: Caller, visit: VisitRow, via: Record<string, unknown>, now: Date): Promise<VisitView> {
  const { trx } = scope;
  const department = await departmentOf(trx, visit.department_id);
  if (visit.service_date < queueServiceDate(now, await hospitalTimeZone(trx))) {
    throw HmsError.conflict('The visit\'s service day has ended.', { reason: 'visit_ended', visitId: visit.id, status: visit.status });
  }
  if (visit.doctor_id !== null && visit.doctor_id !== caller.userId) {
    throw HmsError.conflict('The patient waits in another doctor\'s queue now.', { reason: 'in_other_queue', visitId: visit.id, doctorId: visit.doctor_id });
  }
  const doctor = await findDoctor(trx, caller.userId);
  const inDepartment = doctor !== undefined && doctor.active && doctor.departments.some((d) => d.id === department.id);
  if (isDoctorOnly(caller) && !inDepartment) {
    throw forbidden(`You have no active doctor profile in ${department.code}.`, 'not_in_department', { department: department.code });
  }
  await requireNotServing(trx, department.id, caller.userId);
  return callVisit(scope, visit, { department, servedBy: caller.userId, room: doctor?.room ?? null, doctorId: inDepartment ? caller.userId : null, via, now });
}

export async function recall(scope: WriteScope, caller: Caller, visitId: string, now: Date): Promise<Visit> {
  const before = await lockVisit(scope.trx, visitId);
  nextVisitStatus(before.status, 'recall');
  requireOwnPatient(caller, before);
  const view = await updateVisitView(scope.trx, visitId, { recall_count: before.recall_count + 1 }, now);
  scope.audit({ action: 'queue.recall', entityType: 'visit', entityId: visitId, before: visitAuditView(before), after: visitAuditView(view) });
  await publishQueueChange(scope, { department: { id: view.department_id, code: view.department_code }, serviceDate: view.service_date, change: 'recalled', view, now });
  return toVisit(view);
}

/** The called patient is absent: back to waiting behind those already there, or left on the last skip. */
export async function skip(scope: WriteScope, caller: Caller, visitId: string, now: Date): Promise<Visit> {
  const before = await lockVisit(scope.trx, visitId);
  requireOwnPatient(caller, before);
  const outcome = skipOutcome(before.status, before.skip_count);
  const requeued = outcome.status === 'checked_in';
  const view = await updateVisitView(scope.trx, visitId, requeued
    ? { status: outcome.status, skip_count: outcome.skipCount, queued_at: now, called_at: null, served_by: null, room: null }
    : { status: outcome.status, skip_count: outcome.skipCount, ended_at: now, end_reason: `Not there when called ${outcome.skipCount} times.` }, now);
  scope.audit({ action: 'queue.skip', entityType: 'visit', entityId: visitId, before: visitAuditView(before), after: visitAuditView(view) });
  const queue = await publishQueueChange(scope, { department: { id: view.department_id, code: view.department_code }, serviceDate: view.service_date, change: requeued ? 'requeued' : 'left', view, now });
  return toVisit(view, queue.placement);
}

export interface TransferInput {
  visitId: string;
  department?: string | undefined;
  doctorId?: string | null | undefined;
  reason?: string | undefined;
}

/**
 * Another doctor of the same department: same token; a waiting patient keeps their place.
 * Another department: a new token there; a waiting patient keeps their arrival time (they were
 * sent to the wrong queue), a patient already seen joins at the back (a referral).
 */
export async function transfer(scope: WriteScope, caller: Caller, input: TransferInput, now: Date): Promise<Visit> {
  const { trx } = scope;
  const before = await lockVisit(trx, input.visitId);
  nextVisitStatus(before.status, 'transfer');
  if (isDoctorOnly(caller) && before.served_by !== caller.userId && before.doctor_id !== caller.userId) {
    throw forbidden('A doctor transfers only their own patients.', 'not_your_patient', { visitId: before.id });
  }
  const source = await departmentOf(trx, before.department_id);
  const target = input.department === undefined ? source : await requireDepartment(trx, input.department, 'department');
  const sameDepartment = target.id === source.id;
  const doctorId = input.doctorId !== undefined ? input.doctorId : sameDepartment ? before.doctor_id : null;
  if (sameDepartment && doctorId === before.doctor_id && before.status === 'checked_in') {
    throw HmsError.validation({ doctorId: 'the visit is already in that queue' });
  }
  if (doctorId !== null) await requireActiveDoctor(trx, doctorId, 'doctorId', target);
  const today = queueServiceDate(now, await hospitalTimeZone(trx));

  const changes: Partial<VisitRow> = {
    status: nextVisitStatus(before.status, 'transfer'),
    doctor_id: doctorId,
    called_at: null,
    served_by: null,
    room: null,
    queued_at: before.status === 'in_consultation' ? now : before.queued_at,
  };
  if (!sameDepartment) {
    await closeStaleVisits(scope, target.id, today, now);
    const open: { token: string } | undefined = await trx('visits').select('token').where({ patient_id: before.patient_id, department_id: target.id }).whereIn('status', [...OPEN_STATUSES]).first();
    if (open !== undefined) throw HmsError.conflict(`The patient is already in the ${target.code} queue (${open.token}).`, { reason: 'already_checked_in', token: open.token });
    const tokenNumber = await allocateToken(trx, target.id, today);
    Object.assign(changes, { department_id: target.id, service_date: today, token_number: tokenNumber, token: formatQueueToken(target.code, tokenNumber) });
  }
  let view: VisitView;
  try {
    view = await updateVisitView(trx, before.id, changes, now);
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'visits_one_open_per_department')) throw HmsError.conflict(`The patient is already in the ${target.code} queue.`, { reason: 'already_checked_in' });
    throw error;
  }
  if (!sameDepartment) {
    // Both queues' versions are locked in one order, so two opposite transfers cannot deadlock;
    // after the visit's update, whose trigger locked both queues' counts (versions come last in every change).
    await trx('queue_versions').whereIn('department_id', [source.id, target.id]).orderBy('department_id').forUpdate().select('department_id');
  }
  scope.audit({ action: 'queue.transfer', entityType: 'visit', entityId: before.id, before: visitAuditView(before), after: visitAuditView(view), details: { reason: input.reason ?? null } });
  if (!sameDepartment) await publishQueueChange(scope, { department: source, serviceDate: before.service_date, change: 'transferred_out', view, token: before.token, now });
  const queue = await publishQueueChange(scope, { department: target, serviceDate: view.service_date, change: sameDepartment ? 'reassigned' : 'transferred_in', view, now });
  return toVisit(view, queue.placement);
}

export async function triage(scope: WriteScope, caller: Caller, visitId: string, priority: QueuePriority, now: Date): Promise<Visit> {
  const { trx } = scope;
  const before = await lockVisit(trx, visitId);
  nextVisitStatus(before.status, 'triage');
  if (isDoctorOnly(caller) && before.doctor_id !== caller.userId) {
    const doctor = await findDoctor(trx, caller.userId);
    if (doctor === undefined || !doctor.departments.some((d) => d.id === before.department_id)) {
      throw forbidden('A doctor triages patients of their own departments only.', 'not_in_department');
    }
  }
  const view = await updateVisitView(trx, visitId, { priority }, now);
  scope.audit({ action: 'queue.triage', entityType: 'visit', entityId: visitId, before: visitAuditView(before), after: visitAuditView(view) });
  const queue = await publishQueueChange(scope, { department: { id: view.department_id, code: view.department_code }, serviceDate: view.service_date, change: 'triaged', view, now });
  return toVisit(view, queue.placement);
}
