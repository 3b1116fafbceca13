import type { Knex } from 'knex';

/**
 * Doctor profiles (a staff user with the doctor role, plus departments, specialty, slot length
 * and room), weekly schedule templates, dated exceptions (closures, extra sessions) and leave.
 * Times of day are minutes after local midnight in the hospital's zone; a session lies within
 * one day. Reference data is deactivated rather than deleted once other rows point at it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table doctor_profiles (
      user_id uuid primary key references users(id),
      specialty text,
      consultation_minutes smallint not null default 15 check (consultation_minutes between 5 and 240),
      room text,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    -- The departments a doctor works in; position 0 is the primary one.
    create table doctor_departments (
      doctor_id uuid not null references doctor_profiles(user_id),
      department_id uuid not null references departments(id),
      position smallint not null check (position >= 0),
      primary key (doctor_id, department_id),
      unique (doctor_id, position)
    );
    create index doctor_departments_department on doctor_departments (department_id, doctor_id);

    create table schedule_sessions (
      id uuid primary key default gen_random_uuid(),
      doctor_id uuid not null references doctor_profiles(user_id),
      department_id uuid not null references departments(id),
      -- ISO weekday: 1 = Monday ... 7 = Sunday.
      weekday smallint not null check (weekday between 1 and 7),
      start_minute smallint not null check (start_minute between 0 and 1439),
      end_minute smallint not null check (end_minute <= 1440 and end_minute > start_minute),
      slot_minutes smallint not null check (slot_minutes between 5 and 240),
      effective_from date,
      effective_to date,
      created_at timestamptz not null default now(),
      check (effective_from is null or effective_to is null or effective_from <= effective_to)
    );
    create index schedule_sessions_doctor on schedule_sessions (doctor_id, weekday);

    create table schedule_exceptions (
      id uuid primary key default gen_random_uuid(),
      doctor_id uuid not null references doctor_profiles(user_id),
      date date not null,
      kind text not null check (kind in ('closed', 'extra')),
      start_minute smallint check (start_minute between 0 and 1439),
      end_minute smallint check (end_minute <= 1440),
      department_id uuid references departments(id),
      slot_minutes smallint check (slot_minutes between 5 and 240),
      reason text,
      created_at timestamptz not null default now(),
      created_by uuid references users(id),
      check ((start_minute is null) = (end_minute is null)),
      check (start_minute is null or end_minute > start_minute),
      -- A closure without times closes the whole day; an extra session is fully described.
      check (kind = 'closed' or (start_minute is not null and department_id is not null and slot_minutes is not null))
    );
    create index schedule_exceptions_doctor_date on schedule_exceptions (doctor_id, date);

    create table doctor_leave (
      id uuid primary key default gen_random_uuid(),
      doctor_id uuid not null references doctor_profiles(user_id),
      from_date date not null,
      to_date date not null,
      reason text,
      cancelled_at timestamptz,
      cancelled_by uuid references users(id),
      created_at timestamptz not null default now(),
      created_by uuid references users(id),
      check (to_date >= from_date)
    );
    create index doctor_leave_doctor on doctor_leave (doctor_id, to_date) where cancelled_at is null;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
