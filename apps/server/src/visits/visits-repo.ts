import { HmsError } from '@hms/core';
import type { Payer, QueuePriority, Visit, VisitStatus, VisitType } from '@hms/core';
import type { Knex } from 'knex';

export interface VisitRow {
  id: string;
  patient_id: string;
  department_id: string;
  doctor_id: string | null;
  visit_type: VisitType;
  priority: QueuePriority;
  status: VisitStatus;
  service_date: string;
  token_number: number;
  token: string;
  complaint: string | null;
  payer: Payer | null;
  appointment_id: string | null;
  arrived_at: Date;
  queued_at: Date;
  checked_in_at: Date;
  checked_in_by: string | null;
  called_at: Date | null;
  served_by: string | null;
  room: string | null;
  ended_at: Date | null;
  end_reason: string | null;
  skip_count: number;
  recall_count: number;
  version: number;
  updated_at: Date;
}

/** A visit with the names a list shows. */
export interface VisitView extends VisitRow {
  patient_mrn: string;
  patient_name: string;
  department_code: string;
  department_name: string;
  doctor_name: string | null;
  served_by_name: string | null;
}

/** Where a waiting visit stands: computed from its queue (see queue-state.ts). */
export interface Placement {
  position: number;
  estimatedWaitMinutes: number;
}

export const OPEN_STATUSES = ['checked_in', 'in_consultation'] as const;

/** Visits with patient, department and staff names; filter on `v.` columns. `source`: a table or CTE of visit rows. */
export function visitViews(db: Knex, source = 'visits'): Knex.QueryBuilder {
  return db(`${source} as v`)
    .join('patients as p', 'p.id', 'v.patient_id')
    .join('departments as d', 'd.id', 'v.department_id')
    .leftJoin('users as du', 'du.id', 'v.doctor_id')
    .leftJoin('users as su', 'su.id', 'v.served_by')
    .select(
      'v.*',
      'p.mrn as patient_mrn',
      db.raw(`concat_ws(' ', p.given_name, nullif(p.middle_name, ''), p.family_name) as patient_name`),
      'd.code as department_code',
      'd.name as department_name',
      'du.display_name as doctor_name',
      'su.display_name as served_by_name',
    );
}

export async function findVisitView(db: Knex, id: string): Promise<VisitView | undefined> {
  return (await visitViews(db).where('v.id', id).first()) as VisitView | undefined;
}

export async function requireVisitView(db: Knex, id: string): Promise<VisitView> {
  const view = await findVisitView(db, id);
  if (view === undefined) throw HmsError.notFound('The visit');
  return view;
}

/** Locks a visit for a change (NOT_FOUND when there is none). */
export async function lockVisit(trx: Knex.Transaction, id: string): Promise<VisitRow> {
  const row = await trx<VisitRow>('visits').where({ id }).forUpdate().first();
  if (row === undefined) throw HmsError.notFound('The visit');
  return row;
}

export async function updateVisit(trx: Knex.Transaction, id: string, changes: Partial<VisitRow>, now: Date): Promise<VisitRow> {
  const [row] = await trx<VisitRow>('visits')
    .where({ id })
    .update({ ...changes, updated_at: now, version: trx.raw('version + 1') as unknown as number })
    .returning('*');
  if (row === undefined) throw HmsError.notFound('The visit');
  return row;
}

/**
 * updateVisit, answering the visit as lists show it in the same round trip: a change holds its
 * queue's rows from this update to commit, so the names are not read in a statement of their own.
 */
export async function updateVisitView(trx: Knex.Transaction, id: string, changes: Partial<VisitRow>, now: Date): Promise<VisitView> {
  const updated = trx<VisitRow>('visits')
    .where({ id })
    .update({ ...changes, updated_at: now, version: trx.raw('version + 1') as unknown as number })
    .returning('*');
  const view = (await visitViews(trx, 'updated').with('updated', updated).first()) as VisitView | undefined;
  if (view === undefined) throw HmsError.notFound('The visit');
  return view;
}

export function toVisit(view: VisitView, placement?: Placement): Visit {
  const waiting = view.status === 'checked_in' && placement !== undefined;
  return {
    id: view.id,
    patientId: view.patient_id,
    patient: { id: view.patient_id, mrn: view.patient_mrn, name: view.patient_name },
    department: view.department_code,
    departmentName: view.department_name,
    doctorId: view.doctor_id,
    doctorName: view.doctor_name,
    visitType: view.visit_type,
    priority: view.priority,
    status: view.status,
    token: view.token,
    tokenNumber: view.token_number,
    serviceDate: view.service_date,
    complaint: view.complaint,
    payer: view.payer,
    appointmentId: view.appointment_id,
    arrivedAt: view.arrived_at.toISOString(),
    queuedAt: view.queued_at.toISOString(),
    checkedInAt: view.checked_in_at.toISOString(),
    calledAt: view.called_at?.toISOString() ?? null,
    servedBy: view.served_by,
    servedByName: view.served_by_name,
    room: view.room,
    endedAt: view.ended_at?.toISOString() ?? null,
    endReason: view.end_reason,
    skipCount: view.skip_count,
    recallCount: view.recall_count,
    position: waiting ? placement.position : null,
    estimatedWaitMinutes: waiting ? placement.estimatedWaitMinutes : null,
    version: view.version,
  };
}

/** What the audit log keeps of a visit (no names: those live on their own records). */
export function visitAuditView(row: VisitRow): Record<string, unknown> {
  return {
    patientId: row.patient_id,
    departmentId: row.department_id,
    doctorId: row.doctor_id,
    visitType: row.visit_type,
    priority: row.priority,
    status: row.status,
    token: row.token,
    serviceDate: row.service_date,
    complaint: row.complaint,
    payer: row.payer,
    appointmentId: row.appointment_id,
    arrivedAt: row.arrived_at.toISOString(),
    queuedAt: row.queued_at.toISOString(),
    calledAt: row.called_at?.toISOString() ?? null,
    servedBy: row.served_by,
    room: row.room,
    endedAt: row.ended_at?.toISOString() ?? null,
    endReason: row.end_reason,
    skipCount: row.skip_count,
    recallCount: row.recall_count,
  };
}
