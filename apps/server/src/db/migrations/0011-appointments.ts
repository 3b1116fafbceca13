import type { Knex } from 'knex';

/**
 * Appointments. Double booking is impossible in PostgreSQL itself: an exclusion constraint
 * over (doctor, [starts_at, ends_at)) for every appointment that still holds its time (all but
 * cancelled ones), which also decides races between desks booking the same slot (23P01).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create extension if not exists btree_gist;

    create table appointments (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      doctor_id uuid not null references doctor_profiles(user_id),
      department_id uuid not null references departments(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null default 'booked' check (status in ('booked', 'arrived', 'cancelled', 'no_show')),
      reason text,
      cancel_reason text,
      booked_by uuid references users(id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ends_at > starts_at),
      check ((status = 'cancelled') = (cancel_reason is not null)),
      constraint appointments_no_double_booking
        exclude using gist (doctor_id with =, tstzrange(starts_at, ends_at, '[)') with &&)
        where (status <> 'cancelled')
    );
    create index appointments_patient on appointments (patient_id, starts_at);
    create index appointments_doctor_start on appointments (doctor_id, starts_at);
    create index appointments_department_start on appointments (department_id, starts_at);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
