import { formatQueueToken, localDateOf } from '@hms/core';
import type { QueuePriority, Role, VisitStatus } from '@hms/core';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { hashToken, newSessionToken } from '../auth/tokens.js';
import { createTestUser } from './users.js';
import type { TestUser } from './users.js';

/** Rows for the front-desk areas (departments, doctors, schedules, visits, appointments), inserted directly: test setup, not audited. */

/**
 * A session for a user, inserted directly: `auth.resume` with the token signs a connection in
 * without the password hashing of a real sign-in (tests that need dozens of callers).
 */
export async function createTestSession(db: Knex, userId: string, now = new Date(), lifetimeSeconds = 60 * 86_400): Promise<string> {
  const token = newSessionToken();
  await db('sessions').insert({
    token_hash: hashToken(token),
    user_id: userId,
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(now.getTime() + lifetimeSeconds * 1000),
    idle_timeout_seconds: lifetimeSeconds,
  });
  return token;
}

/** A department code no other test uses: a letter and 7 hex digits. */
export function uniqueDepartmentCode(prefix = 'T'): string {
  return `${prefix}${randomBytes(4).toString('hex').slice(0, 7).toUpperCase()}`;
}

export interface TestDepartment {
  id: string;
  code: string;
}

export async function insertTestDepartment(db: Knex, code = uniqueDepartmentCode(), name = `Department ${code}`): Promise<TestDepartment> {
  const [row] = await db('departments').insert({ code, name }).returning(['id', 'code']);
  return row as TestDepartment;
}

/** Gives a user a doctor profile (if it has none) and adds a department to it. */
export async function addDoctorToDepartment(db: Knex, userId: string, departmentId: string, options: { consultationMinutes?: number; room?: string | null } = {}): Promise<void> {
  await db('doctor_profiles')
    .insert({ user_id: userId, consultation_minutes: options.consultationMinutes ?? 15, room: options.room ?? null })
    .onConflict('user_id')
    .ignore();
  await db.raw(
    `insert into doctor_departments (doctor_id, department_id, position)
     select ?, ?, coalesce(max(position) + 1, 0) from doctor_departments where doctor_id = ?
     on conflict do nothing`,
    [userId, departmentId, userId],
  );
}

export interface TestDoctor extends TestUser {
  departmentIds: string[];
}

/** A staff user with the doctor role and a profile in the given departments. */
export async function insertTestDoctor(
  db: Knex,
  departmentIds: readonly string[],
  options: { username?: string; roles?: Role[]; consultationMinutes?: number; room?: string | null } = {},
): Promise<TestDoctor> {
  const user = await createTestUser(db, options.username ?? `dr.${randomBytes(5).toString('hex')}`, options.roles ?? ['doctor']);
  for (const departmentId of departmentIds) await addDoctorToDepartment(db, user.id, departmentId, options);
  return { ...user, departmentIds: [...departmentIds] };
}

export interface TestSession {
  weekday: number;
  start: number;
  end: number;
  slotMinutes?: number;
}

/** Weekly template sessions (times in minutes after local midnight). */
export async function insertTestSessions(db: Knex, doctorId: string, departmentId: string, sessions: readonly TestSession[]): Promise<void> {
  await db('schedule_sessions').insert(
    sessions.map((session) => ({
      doctor_id: doctorId,
      department_id: departmentId,
      weekday: session.weekday,
      start_minute: session.start,
      end_minute: session.end,
      slot_minutes: session.slotMinutes ?? 15,
    })),
  );
}

/** A session all day, every day: any future time is bookable. */
export async function insertAlwaysOpenSchedule(db: Knex, doctorId: string, departmentId: string, slotMinutes = 15): Promise<void> {
  await insertTestSessions(db, doctorId, departmentId, [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: 0, end: 1440, slotMinutes })));
}

export async function hospitalToday(db: Knex, now = new Date()): Promise<string> {
  const row: { time_zone: string } = await db('hospital_settings').select('time_zone').first();
  return localDateOf(now, row.time_zone);
}

export interface TestVisitInput {
  patientId: string;
  departmentId: string;
  doctorId?: string | null;
  status?: VisitStatus;
  servedBy?: string | null;
  priority?: QueuePriority;
  serviceDate?: string;
  queuedAt?: Date;
}

/** A visit with the next token of its department and day. */
export async function insertTestVisit(db: Knex, input: TestVisitInput): Promise<{ id: string; token: string }> {
  const now = input.queuedAt ?? new Date();
  const serviceDate = input.serviceDate ?? (await hospitalToday(db, now));
  const department: { code: string } = await db('departments').select('code').where({ id: input.departmentId }).first();
  const counter = await db.raw(
    `insert into queue_token_counters (department_id, service_date, last_number) values (?, ?, 1)
     on conflict (department_id, service_date) do update set last_number = queue_token_counters.last_number + 1 returning last_number`,
    [input.departmentId, serviceDate],
  );
  const tokenNumber = (counter.rows[0] as { last_number: number }).last_number;
  const status = input.status ?? 'checked_in';
  const open = status === 'checked_in' || status === 'in_consultation';
  const [row] = await db('visits')
    .insert({
      patient_id: input.patientId,
      department_id: input.departmentId,
      doctor_id: input.doctorId ?? null,
      visit_type: 'new',
      priority: input.priority ?? 'normal',
      status,
      service_date: serviceDate,
      token_number: tokenNumber,
      token: formatQueueToken(department.code, tokenNumber),
      arrived_at: now,
      queued_at: now,
      checked_in_at: now,
      called_at: status === 'in_consultation' ? now : null,
      served_by: status === 'in_consultation' ? input.servedBy ?? input.doctorId ?? null : null,
      ended_at: open ? null : now,
      updated_at: now,
    })
    .returning(['id', 'token']);
  return row as { id: string; token: string };
}

export interface TestAppointmentInput {
  patientId: string;
  doctorId: string;
  departmentId: string;
  start: Date;
  minutes?: number;
}

export async function insertTestAppointment(db: Knex, input: TestAppointmentInput): Promise<{ id: string }> {
  const [row] = await db('appointments')
    .insert({
      patient_id: input.patientId,
      doctor_id: input.doctorId,
      department_id: input.departmentId,
      starts_at: input.start,
      ends_at: new Date(input.start.getTime() + (input.minutes ?? 15) * 60_000),
    })
    .returning('id');
  return row as { id: string };
}
