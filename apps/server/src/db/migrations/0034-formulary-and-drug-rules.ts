import type { Knex } from 'knex';

/**
 * The formulary and the drug-safety rules, both versioned: `drugs` and `drug_safety_rules` hold
 * each item's current version (what the search and the check read); every version, the first
 * included, is kept whole in the append-only `*_versions` tables, so an alert or a prescription
 * that names a version can always be read back. Edits never overwrite a version.
 *
 * `pharmacology_revisions` counts changes: the rule set's version (named by every alert) and the
 * formulary's, which desks compare with what they cached for offline checks.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table drugs (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      generic text not null,
      version integer not null check (version > 0),
      data jsonb not null,
      -- Normalized generic name, strength and form: what drugs.search matches (trigram).
      search_text text not null,
      active boolean not null,
      source text not null check (source in ('shipped', 'local')),
      -- The shipped seed revision this version came from; null once a pharmacist edited it.
      shipped_revision integer,
      updated_at timestamptz not null,
      updated_by uuid references users(id),
      check ((source = 'shipped') = (shipped_revision is not null))
    );
    create index drugs_search_trgm on drugs using gin (search_text gin_trgm_ops);
    create index drugs_generic on drugs (generic);

    create table drug_versions (
      drug_id uuid not null references drugs(id),
      version integer not null check (version > 0),
      data jsonb not null,
      source text not null check (source in ('shipped', 'local')),
      created_at timestamptz not null,
      created_by uuid references users(id),
      primary key (drug_id, version)
    );

    create table drug_safety_rules (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      kind text not null check (kind in ('interaction', 'allergy', 'allergy_same_medicine', 'duplicate', 'duplicate_same_medicine', 'dose', 'weight_required')),
      version integer not null check (version > 0),
      data jsonb not null,
      active boolean not null,
      source text not null check (source in ('shipped', 'local')),
      shipped_revision integer,
      updated_at timestamptz not null,
      updated_by uuid references users(id),
      check ((source = 'shipped') = (shipped_revision is not null))
    );

    create table drug_safety_rule_versions (
      rule_id uuid not null references drug_safety_rules(id),
      version integer not null check (version > 0),
      data jsonb not null,
      -- The rule set's version this rule version made.
      rule_set_version integer not null,
      source text not null check (source in ('shipped', 'local')),
      created_at timestamptz not null,
      created_by uuid references users(id),
      primary key (rule_id, version)
    );

    create table pharmacology_revisions (
      kind text primary key check (kind in ('formulary', 'rules')),
      version integer not null check (version >= 0),
      updated_at timestamptz not null
    );
    insert into pharmacology_revisions (kind, version, updated_at) values ('formulary', 0, now()), ('rules', 0, now());
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
