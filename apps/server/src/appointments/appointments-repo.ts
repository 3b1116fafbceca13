import { HmsError } from '@hms/core';
import type { Appointment, AppointmentStatus } from '@hms/core';
import type { Knex } from 'knex';

export interface AppointmentRow {
  id: string;
  patient_id: string;
  doctor_id: string;
  department_id: string;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  reason: string | null;
  cancel_reason: string | null;
  booked_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface AppointmentView extends AppointmentRow {
  patient_mrn: string;
  patient_name: string;
  doctor_name: string;
  department_code: string;
  visit_id: string | null;
}

export function appointmentViews(db: Knex): Knex.QueryBuilder {
  return db('appointments as a')
    .join('patients as p', 'p.id', 'a.patient_id')
    .join('users as u', 'u.id', 'a.doctor_id')
    .join('departments as d', 'd.id', 'a.department_id')
    .leftJoin('visits as v', 'v.appointment_id', 'a.id')
    .select(
      'a.*',
      'p.mrn as patient_mrn',
      db.raw(`concat_ws(' ', p.given_name, nullif(p.middle_name, ''), p.family_name) as patient_name`),
      'u.display_name as doctor_name',
      'd.code as department_code',
      'v.id as visit_id',
    );
}

export async function requireAppointmentView(db: Knex, id: string): Promise<AppointmentView> {
  const view = (await appointmentViews(db).where('a.id', id).first()) as AppointmentView | undefined;
  if (view === undefined) throw HmsError.notFound('The appointment');
  return view;
}

export async function lockAppointment(trx: Knex.Transaction, id: string): Promise<AppointmentRow> {
  const row = await trx<AppointmentRow>('appointments').where({ id }).forUpdate().first();
  if (row === undefined) throw HmsError.notFound('The appointment');
  return row;
}

export function toAppointment(view: AppointmentView): Appointment {
  return {
    id: view.id,
    patientId: view.patient_id,
    patient: { id: view.patient_id, mrn: view.patient_mrn, name: view.patient_name },
    doctorId: view.doctor_id,
    doctorName: view.doctor_name,
    department: view.department_code,
    start: view.starts_at.toISOString(),
    end: view.ends_at.toISOString(),
    status: view.status,
    reason: view.reason,
    visitId: view.visit_id,
    cancelReason: view.cancel_reason,
    bookedBy: view.booked_by,
    createdAt: view.created_at.toISOString(),
    version: view.version,
  };
}

export function appointmentAuditView(row: AppointmentRow): Record<string, unknown> {
  return {
    patientId: row.patient_id,
    doctorId: row.doctor_id,
    departmentId: row.department_id,
    start: row.starts_at.toISOString(),
    end: row.ends_at.toISOString(),
    status: row.status,
    reason: row.reason,
    cancelReason: row.cancel_reason,
  };
}
