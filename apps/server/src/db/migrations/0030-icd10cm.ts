import type { Knex } from 'knex';

/**
 * ICD-10-CM releases and their codes. A release is loaded whole (the server loads the shipped
 * FY2026 list on its first start, diagnoses/shipped-icd10.ts; `hms reference import icd10 FILE`
 * loads a newer one or a hospital's own list) and becomes the
 * one searched and coded against; earlier releases stay, so a diagnosis keeps pointing at the
 * release it was coded from. Codes are stored without the dot (J189), as the CMS files write them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table icd10_releases (
      id uuid primary key default gen_random_uuid(),
      label text not null check (length(label) between 1 and 120),
      source_file text not null,
      -- sha256 of the decompressed list: the same file loaded twice is refused.
      sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
      code_count integer not null check (code_count > 0),
      billable_count integer not null check (billable_count >= 0),
      active boolean not null default false,
      loaded_at timestamptz not null,
      loaded_by text not null
    );
    -- At most one release is the current one.
    create unique index icd10_releases_one_active on icd10_releases (active) where active;

    create table icd10_codes (
      release_id uuid not null references icd10_releases(id),
      code text not null check (code ~ '^[A-Z][0-9A-Z][0-9A-Z]{1,5}$'),
      billable boolean not null,
      short_description text not null,
      long_description text not null,
      -- The list's own order (tabular order for the CMS files).
      position integer not null,
      primary key (release_id, code)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
