import { HmsError } from '@hms/core';
import type { Doctor } from '@hms/core';
import type { Knex } from 'knex';
import type { WriteScope } from '../gateway/write-scope.js';
import { announceReferenceChange } from './settings-service.js';

/** A doctor profile joined with its account and departments (primary first). */
export interface DoctorRecord {
  id: string;
  username: string;
  displayName: string;
  specialty: string | null;
  consultationMinutes: number;
  room: string | null;
  /** Profile active, account enabled and still holding the doctor role. */
  active: boolean;
  registrationNumber: string | null;
  departments: Array<{ id: string; code: string }>;
}

interface DoctorQueryRow {
  id: string;
  username: string;
  display_name: string;
  specialty: string | null;
  consultation_minutes: number;
  room: string | null;
  active: boolean;
  registration_number: string | null;
  department_ids: string[];
  department_codes: string[];
}

function doctorsQuery(db: Knex): Knex.QueryBuilder {
  return db('doctor_profiles as p')
    .join('users as u', 'u.id', 'p.user_id')
    .join('doctor_departments as dd', 'dd.doctor_id', 'p.user_id')
    .join('departments as d', 'd.id', 'dd.department_id')
    .select(
      'u.id',
      'u.username',
      'u.display_name',
      'p.specialty',
      'p.consultation_minutes',
      'p.room',
      'p.registration_number',
      db.raw(`(p.active and u.disabled_at is null and 'doctor' = any(u.roles)) as active`),
      db.raw('array_agg(d.id order by dd.position) as department_ids'),
      db.raw('array_agg(d.code order by dd.position) as department_codes'),
    )
    .groupBy('u.id', 'p.user_id');
}

function toRecord(row: DoctorQueryRow): DoctorRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    specialty: row.specialty,
    consultationMinutes: row.consultation_minutes,
    room: row.room,
    active: row.active,
    registrationNumber: row.registration_number,
    departments: row.department_ids.map((id, index) => ({ id, code: row.department_codes[index]! })),
  };
}

export function toDoctor(record: DoctorRecord): Doctor {
  return {
    id: record.id,
    username: record.username,
    displayName: record.displayName,
    department: record.departments[0]!.code,
    departments: record.departments.map((department) => department.code),
    specialty: record.specialty,
    consultationMinutes: record.consultationMinutes,
    room: record.room,
    active: record.active,
    registrationNumber: record.registrationNumber,
  };
}

export async function listDoctors(db: Knex, options: { department?: string | undefined; includeInactive: boolean }): Promise<Doctor[]> {
  const query = doctorsQuery(db).orderBy('u.display_name').orderBy('u.id');
  if (options.department !== undefined) {
    query.whereExists(
      db('doctor_departments as x').join('departments as y', 'y.id', 'x.department_id').whereRaw('x.doctor_id = p.user_id').where('y.code', options.department),
    );
  }
  if (!options.includeInactive) query.where('p.active', true).whereNull('u.disabled_at').whereRaw(`'doctor' = any(u.roles)`);
  return ((await query) as DoctorQueryRow[]).map((row) => toDoctor(toRecord(row)));
}

export async function findDoctor(db: Knex, id: string): Promise<DoctorRecord | undefined> {
  const row = (await doctorsQuery(db).where('p.user_id', id).first()) as DoctorQueryRow | undefined;
  return row === undefined ? undefined : toRecord(row);
}

/**
 * A doctor who can take patients now (profile active, account enabled), optionally in a given
 * department; otherwise VALIDATION on `field`.
 */
export async function requireActiveDoctor(db: Knex, id: string, field: string, department?: { id: string; code: string }): Promise<DoctorRecord> {
  const doctor = await findDoctor(db, id);
  if (doctor === undefined) throw HmsError.validation({ [field]: 'is not a doctor with a profile' });
  if (!doctor.active) throw HmsError.validation({ [field]: `${doctor.displayName} is not taking patients (profile or account inactive)` });
  if (department !== undefined && !doctor.departments.some((d) => d.id === department.id)) {
    throw HmsError.validation({ [field]: `${doctor.displayName} does not work in ${department.code}` });
  }
  return doctor;
}

export interface DoctorProfileInput {
  userId: string;
  departments: readonly string[];
  specialty: string | null;
  consultationMinutes: number;
  room: string | null;
  active: boolean;
  /** Absent: kept as it is (a client that does not know the field does not clear it). */
  registrationNumber?: string | null | undefined;
}

export async function saveDoctorProfile(scope: WriteScope, input: DoctorProfileInput, now: Date): Promise<Doctor> {
  const { trx } = scope;
  const user: { id: string; roles: string[] } | undefined = await trx('users').select('id', 'roles').where({ id: input.userId }).forShare().first();
  if (user === undefined) throw HmsError.notFound('The user');
  if (!user.roles.includes('doctor')) throw HmsError.validation({ userId: 'the account does not hold the doctor role' });
  const departments: Array<{ id: string; code: string; active: boolean }> = await trx('departments').select('id', 'code', 'active').whereIn('code', [...input.departments]);
  const fields: Record<string, string> = {};
  input.departments.forEach((code, index) => {
    const found = departments.find((department) => department.code === code);
    if (found === undefined) fields[`departments.${index}`] = `there is no department ${code}`;
    else if (!found.active) fields[`departments.${index}`] = `${code} is not active`;
  });
  if (Object.keys(fields).length > 0) throw HmsError.validation(fields);

  const before = await findDoctor(trx, input.userId);
  await trx('doctor_profiles')
    .insert({
      user_id: input.userId,
      specialty: input.specialty,
      consultation_minutes: input.consultationMinutes,
      room: input.room,
      active: input.active,
      registration_number: input.registrationNumber !== undefined ? input.registrationNumber : (before?.registrationNumber ?? null),
      created_at: now,
      updated_at: now,
    })
    .onConflict('user_id')
    .merge(['specialty', 'consultation_minutes', 'room', 'active', 'registration_number', 'updated_at']);
  await trx('doctor_departments').where({ doctor_id: input.userId }).delete();
  await trx('doctor_departments').insert(
    input.departments.map((code, position) => ({ doctor_id: input.userId, department_id: departments.find((d) => d.code === code)!.id, position })),
  );
  const after = await findDoctor(trx, input.userId);
  const doctor = toDoctor(after!);
  scope.audit({
    action: 'doctors.saveProfile',
    entityType: 'doctor',
    entityId: input.userId,
    before: before === undefined ? null : toDoctor(before),
    after: doctor,
  });
  announceReferenceChange(scope, 'doctors', input.userId, now);
  return doctor;
}
