import type { Knex } from 'knex';

/**
 * The base the front-desk areas share: hospital settings (one row), departments, and the
 * patients table itself. Patients are never deleted: a merge points `merged_into` at the
 * survivor and keeps the row as an alias; corrections are audited updates with a version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table hospital_settings (
      id smallint primary key default 1 check (id = 1),
      name text not null check (length(trim(name)) > 0),
      address text,
      -- IANA zone (e.g. 'Africa/Nairobi'): daily queue tokens reset at its local midnight.
      time_zone text not null,
      -- MRN pattern, e.g. 'PAT-{YYYY}-{NNNNNN}-{C}'; parsed and checked by @hms/core.
      mrn_format text not null,
      updated_at timestamptz not null default now()
    );
    insert into hospital_settings (name, time_zone, mrn_format) values ('Hospital', 'UTC', 'PAT-{YYYY}-{NNNNNN}-{C}');

    create table departments (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[A-Z][A-Z0-9]{1,9}$'),
      name text not null check (length(trim(name)) > 0),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table patients (
      id uuid primary key default gen_random_uuid(),
      mrn text not null unique,
      given_name text not null check (length(given_name) > 0),
      middle_name text,
      family_name text not null check (length(family_name) > 0),
      -- HL7 table 0001 administrative sex.
      sex char(1) not null check (sex in ('F', 'M', 'O', 'U')),
      birth_date date,
      -- True when birth_date was derived from an estimated age.
      birth_date_estimated boolean not null default false,
      phone text,
      national_id text,
      address jsonb,
      emergency_contact jsonb,
      insurance jsonb,
      blood_group text check (blood_group in ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-')),
      preferred_language text,
      -- Set when this record was merged into another: it stays as an alias of the survivor.
      merged_into uuid references patients(id),
      registered_offline boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid references users(id),
      check (merged_into is null or merged_into <> id)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
