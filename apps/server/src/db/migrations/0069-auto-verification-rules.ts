import type { Knex } from 'knex';

/**
 * Auto-verification of instrument results (issue 14): the lab supervisor's rule per test, kept
 * as versions (a change is a new row, so every auto-verified result names the rule as it was),
 * and the record of each result a rule validated (and released), with the checks it passed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table lab_autoverify_rules (
      test_code text not null references order_catalogue(code),
      version integer not null check (version >= 1),
      enabled boolean not null,
      within_range boolean not null,
      no_analyzer_flags boolean not null,
      delta_percent numeric check (delta_percent > 0),
      delta_days integer check (delta_days > 0),
      release boolean not null,
      created_at timestamptz not null,
      created_by uuid not null references users(id),
      primary key (test_code, version)
    );

    create table lab_autoverifications (
      result_id uuid primary key references lab_results(id),
      test_code text not null,
      rule_version integer not null,
      released boolean not null,
      checks jsonb not null,
      at timestamptz not null,
      foreign key (test_code, rule_version) references lab_autoverify_rules(test_code, version)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
