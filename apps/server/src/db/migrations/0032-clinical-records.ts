import type { Knex } from 'knex';

/**
 * The clinical record (issue 11): encounters (a doctor's consultation within a visit) with their
 * draft note and addenda, diagnoses and the problem list they feed, vitals and allergies.
 * Nothing here is deleted or rewritten in place except what is a draft or a derived view:
 * - a note is a draft until its encounter is signed, then immutable (the service refuses);
 *   later words are addenda, new rows;
 * - vitals and allergy entries are append-only: a correction or a status change is a new row
 *   (vitals.supersedes; allergy_entries.revision), the older row stays as history;
 * - vitals_latest is derived (each measurement's newest value per patient) so a chart reads a
 *   dozen rows however many vitals a patient has; it is derived again from vitals on a correction;
 * - a problem's status and last diagnosis are audited updates (before/after in audit_log).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table encounters (
      id uuid primary key default gen_random_uuid(),
      visit_id uuid not null references visits(id),
      -- The visit's patient (a survivor, never a merged record) when it started.
      patient_id uuid not null references patients(id),
      doctor_id uuid not null references users(id),
      status text not null default 'open' check (status in ('open', 'signed')),
      started_at timestamptz not null,
      signed_at timestamptz,
      version integer not null default 1,
      check ((status = 'signed') = (signed_at is not null)),
      -- One consultation per doctor per visit: starting again returns it.
      unique (visit_id, doctor_id)
    );
    create index encounters_patient on encounters (patient_id, started_at desc, id desc);

    create table encounter_notes (
      encounter_id uuid primary key references encounters(id),
      sections jsonb not null,
      -- The desk's time of the text saved: a save typed earlier never replaces one typed later.
      typed_at timestamptz not null,
      version integer not null check (version > 0),
      saved_at timestamptz not null,
      saved_by uuid not null references users(id)
    );

    create table encounter_addenda (
      id uuid primary key default gen_random_uuid(),
      encounter_id uuid not null references encounters(id),
      text text not null,
      author_id uuid not null references users(id),
      created_at timestamptz not null
    );
    create index encounter_addenda_encounter on encounter_addenda (encounter_id, created_at, id);

    create table problems (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      code text not null,
      description text not null,
      release_id uuid references icd10_releases(id),
      status text not null default 'active' check (status in ('active', 'resolved')),
      certainty text not null check (certainty in ('provisional', 'confirmed')),
      first_encounter_id uuid references encounters(id),
      recorded_at timestamptz not null,
      recorded_by uuid not null references users(id),
      last_diagnosed_at timestamptz not null,
      resolved_at timestamptz,
      resolved_by uuid references users(id),
      resolution_note text,
      version integer not null default 1,
      check ((status = 'resolved') = (resolved_at is not null))
    );
    -- One active entry per code is the service's rule (under a per-patient lock), not a unique index:
    -- merging two records of one patient that both list the code must not fail.
    create index problems_patient on problems (patient_id, status, code);

    create table encounter_diagnoses (
      id uuid primary key default gen_random_uuid(),
      encounter_id uuid not null references encounters(id),
      patient_id uuid not null references patients(id),
      code text not null,
      -- As the release read when coded: a later release may word it otherwise.
      description text not null,
      release_id uuid not null references icd10_releases(id),
      certainty text not null check (certainty in ('provisional', 'confirmed')),
      rank text not null check (rank in ('primary', 'secondary')),
      problem_id uuid references problems(id),
      added_at timestamptz not null,
      added_by uuid not null references users(id),
      unique (encounter_id, code)
    );
    create unique index encounter_diagnoses_one_primary on encounter_diagnoses (encounter_id) where rank = 'primary';

    create table vitals (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      encounter_id uuid references encounters(id),
      visit_id uuid references visits(id),
      taken_at timestamptz not null,
      recorded_at timestamptz not null,
      recorded_by uuid not null references users(id),
      temperature_c numeric(4, 1),
      pulse_bpm smallint,
      respiratory_rate smallint,
      systolic_mmhg smallint,
      diastolic_mmhg smallint,
      spo2_percent smallint,
      weight_kg numeric(6, 3),
      height_cm numeric(5, 1),
      pain_score smallint,
      muac_cm numeric(4, 1),
      head_circumference_cm numeric(4, 1),
      bmi numeric(4, 1),
      -- A correction: the row it replaces (each row is replaced at most once).
      supersedes uuid unique references vitals(id),
      correction_reason text,
      check ((supersedes is null) = (correction_reason is null))
    );
    create index vitals_patient on vitals (patient_id, taken_at desc, id desc);

    -- No foreign key to patients on purpose: a merge moves every row that references a patient,
    -- and two records' latest values would collide. A merged record's rows stay under its id; the
    -- chart of the survivor reads its own and those of the records merged into it.
    create table vitals_latest (
      patient_id uuid not null,
      measurement text not null,
      value numeric not null,
      taken_at timestamptz not null,
      vitals_id uuid not null references vitals(id),
      primary key (patient_id, measurement)
    );

    create table allergy_entries (
      id uuid primary key default gen_random_uuid(),
      -- One allergy across its revisions: the newest revision is its current state.
      allergy_id uuid not null,
      revision integer not null check (revision > 0),
      patient_id uuid not null references patients(id),
      substance_kind text not null check (substance_kind in ('drug', 'drugClass', 'food', 'other')),
      substance_code text,
      substance_text text not null,
      reaction text,
      severity text not null check (severity in ('mild', 'moderate', 'severe', 'life-threatening')),
      status text not null check (status in ('active', 'inactive', 'refuted')),
      note text,
      recorded_at timestamptz not null,
      recorded_by uuid not null references users(id),
      unique (allergy_id, revision)
    );
    create index allergy_entries_patient on allergy_entries (patient_id, allergy_id, revision desc);

    -- "No known allergies", asked and recorded: distinct from never asked.
    create table allergy_statements (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      kind text not null check (kind in ('none_known')),
      recorded_at timestamptz not null,
      recorded_by uuid not null references users(id)
    );
    create index allergy_statements_patient on allergy_statements (patient_id, recorded_at desc);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
