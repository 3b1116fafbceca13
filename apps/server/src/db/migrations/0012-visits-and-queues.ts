import type { Knex } from 'knex';

/**
 * Visits and their queues. A visit waits (checked_in) in its department's queue, in its
 * doctor's queue when it has one, else in the department pool; it is called (in_consultation)
 * and ends completed, cancelled or left_without_being_seen.
 *
 * - At most one open visit per patient and department: a partial unique index.
 * - Daily tokens: one counter row per department and service date (the hospital-local day),
 *   incremented in the check-in's transaction; token numbers are unique per department and day.
 * - queue_versions: one number per department queue, raised by every change in the same
 *   transaction as the change, and carried by its queue.changed event, so a board can tell
 *   whether it missed something.
 * - consultation_timings: how long consultations took, for wait estimates.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table visits (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      department_id uuid not null references departments(id),
      -- The doctor whose queue it is in; null: the department pool.
      doctor_id uuid references doctor_profiles(user_id),
      visit_type text not null check (visit_type in ('new', 'follow_up', 'emergency')),
      priority text not null check (priority in ('emergency', 'urgent', 'normal')),
      status text not null default 'checked_in'
        check (status in ('checked_in', 'in_consultation', 'completed', 'cancelled', 'left_without_being_seen')),
      service_date date not null,
      token_number integer not null check (token_number > 0),
      token text not null,
      complaint text,
      payer jsonb,
      appointment_id uuid references appointments(id),
      arrived_at timestamptz not null,
      -- The queue's sort time: arrival, or the last skip or referral.
      queued_at timestamptz not null,
      checked_in_at timestamptz not null,
      checked_in_by uuid references users(id),
      called_at timestamptz,
      served_by uuid references users(id),
      room text,
      ended_at timestamptz,
      end_reason text,
      skip_count smallint not null default 0 check (skip_count >= 0),
      recall_count smallint not null default 0 check (recall_count >= 0),
      version integer not null default 1,
      updated_at timestamptz not null,
      check (status <> 'in_consultation' or (called_at is not null and served_by is not null)),
      check ((status in ('checked_in', 'in_consultation')) = (ended_at is null))
    );
    create unique index visits_one_open_per_department on visits (patient_id, department_id)
      where status in ('checked_in', 'in_consultation');
    create unique index visits_token on visits (department_id, service_date, token_number);
    create unique index visits_appointment on visits (appointment_id) where appointment_id is not null;
    create index visits_waiting on visits (department_id, queued_at) where status = 'checked_in';
    create index visits_serving on visits (department_id, served_by) where status = 'in_consultation';
    create index visits_day on visits (service_date, checked_in_at desc, id desc);
    create index visits_patient on visits (patient_id, checked_in_at desc, id desc);

    create table queue_token_counters (
      department_id uuid not null references departments(id),
      service_date date not null,
      last_number integer not null check (last_number > 0),
      primary key (department_id, service_date)
    );

    create table queue_versions (
      department_id uuid primary key references departments(id),
      version bigint not null check (version > 0)
    );

    create table consultation_timings (
      visit_id uuid primary key references visits(id),
      department_id uuid not null references departments(id),
      served_by uuid not null references users(id),
      started_at timestamptz not null,
      ended_at timestamptz not null,
      check (ended_at >= started_at)
    );
    create index consultation_timings_recent on consultation_timings (department_id, ended_at desc);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
