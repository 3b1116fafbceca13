import type { Knex } from 'knex';

/**
 * Patients: search columns and indexes, the name index, MRN counters and blocks, merges and
 * the duplicate-review list.
 *
 * Search at a million patients: names are looked up through `patient_name_tokens` (one row
 * per distinct folded word of a patient's name, ordered by sort name so a common given name
 * streams in order without sorting) and typos are resolved against `name_vocabulary` (the
 * distinct words, a few thousand rows, with a pg_trgm GIN index). Text columns compared by
 * prefix or sorted are collate "C", so one btree serves both `like 'abc%'` and `order by`.
 * Merged records (aliases) are left out of the search indexes and of the name index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table patients
      add column alternate_phone text,
      -- E.164 digits without '+': equality and prefix search.
      add column phone_digits text collate "C",
      -- Folded 'given middle family' (rules/names.ts): trigram similarity for duplicates.
      add column search_name text collate "C" not null default '',
      -- Folded 'family given middle': the order of every list.
      add column sort_name text collate "C" not null default '',
      -- The desk's clock when registered offline; otherwise the server's.
      add column registered_at timestamptz not null default now(),
      add column mrn_block_id uuid;

    update patients set
      search_name = lower(concat_ws(' ', given_name, middle_name, family_name)),
      sort_name = lower(concat_ws(' ', family_name, given_name, middle_name)),
      phone_digits = nullif(regexp_replace(coalesce(phone, ''), '\\D', '', 'g'), ''),
      registered_at = created_at;

    create index patients_phone_search on patients (phone_digits, id) where merged_into is null and phone_digits is not null;
    create index patients_national_id on patients (national_id) where merged_into is null and national_id is not null;
    create index patients_birth_date_search on patients (birth_date, sort_name, id) where merged_into is null and birth_date is not null;
    create index patients_merged_into on patients (merged_into) where merged_into is not null;

    -- No foreign key on purpose: merges move rows of every table referencing patients, and
    -- these rows are derived (rebuilt from the patient) rather than moved.
    create table patient_name_tokens (
      token text collate "C" not null,
      sort_name text collate "C" not null,
      patient_id uuid not null,
      birth_date date,
      phone_digits text collate "C",
      primary key (token, sort_name, patient_id) include (birth_date, phone_digits)
    );
    create index patient_name_tokens_patient on patient_name_tokens (patient_id, token);

    create table name_vocabulary (
      token text collate "C" primary key,
      -- Patients with this word in their name (approximate: never decreased), to pick the
      -- most selective word of a query.
      patients integer not null default 0
    );
    create index name_vocabulary_trgm on name_vocabulary using gin (token gin_trgm_ops);

    -- The last running number issued per scope (the year token's text, or '' when the MRN
    -- format shows no year). Numbers only go up: never reissued.
    create table mrn_counters (
      scope text primary key,
      last_number bigint not null check (last_number >= 0)
    );

    create table mrn_blocks (
      id uuid primary key default gen_random_uuid(),
      workstation_id text not null,
      user_id uuid references users(id),
      format text not null,
      scope text not null,
      first_number bigint not null check (first_number >= 1),
      last_number bigint not null,
      reserved_at timestamptz not null,
      expires_at timestamptz not null,
      retired_at timestamptz,
      retired_by uuid references users(id),
      check (last_number >= first_number)
    );
    create index mrn_blocks_workstation on mrn_blocks (workstation_id, reserved_at desc);
    create index mrn_blocks_range on mrn_blocks (scope, first_number);

    alter table patients add constraint patients_mrn_block_fk foreign key (mrn_block_id) references mrn_blocks(id);

    create table patient_merges (
      id uuid primary key default gen_random_uuid(),
      survivor_id uuid not null references patients(id),
      merged_id uuid not null references patients(id),
      reason text,
      -- Exactly which rows moved: [{table, column, keyColumns, keys: [[...key values]]}].
      moved jsonb not null,
      -- Earlier aliases of the merged patient re-pointed at the survivor (merged_into stays flat).
      repointed_aliases uuid[] not null default '{}',
      merged_at timestamptz not null,
      merged_by uuid references users(id),
      unmerged_at timestamptz,
      unmerged_by uuid references users(id),
      unmerge_reason text,
      check (survivor_id <> merged_id)
    );
    create index patient_merges_survivor on patient_merges (survivor_id, merged_at desc);
    create index patient_merges_merged on patient_merges (merged_id, merged_at desc);
    create unique index patient_merges_one_active on patient_merges (merged_id) where unmerged_at is null;

    create table patient_duplicate_reviews (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      candidates jsonb not null,
      source text not null check (source in ('offline_registration')),
      status text not null default 'open' check (status in ('open', 'not_duplicate', 'merged')),
      created_at timestamptz not null,
      resolved_at timestamptz,
      resolved_by uuid references users(id),
      note text
    );
    create index patient_duplicate_reviews_status on patient_duplicate_reviews (status, created_at, id);
    create index patient_duplicate_reviews_patient on patient_duplicate_reviews (patient_id);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
