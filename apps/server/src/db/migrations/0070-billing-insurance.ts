import type { Knex } from 'knex';

/**
 * Issue 15: insurance. Payers' revisions, schemes and their rule versions, patients' coverage,
 * the coverage an invoice was split by, claims to payers and remittances against them.
 *
 * Nothing here is updated or deleted (triggers): a payer's new name or a scheme's new rules
 * are new revisions/versions, and an invoice keeps the scheme version it was split by; a
 * coverage correction is a new row superseding the old one (`supersedes` unique: corrected
 * once). `billing_claim_items.invoice_id` is unique: an invoice's payer share is claimed at
 * most once. A remittance item names a claim item (composite key), so only claimed shares are
 * remitted; the overposting check (paid + rejected never more than claimed) runs under the
 * claim's row lock in the server.
 */
const APPEND_ONLY = [
  'billing_payer_revisions', 'billing_schemes', 'billing_scheme_versions', 'billing_coverages', 'billing_invoice_coverage',
  'billing_claims', 'billing_claim_items', 'billing_claim_submissions', 'billing_remittances', 'billing_remittance_items',
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table billing_payer_revisions (
      payer_id uuid not null references billing_payers(id),
      revision integer not null check (revision > 0),
      name text not null check (length(trim(name)) > 0),
      active boolean not null,
      saved_at timestamptz not null,
      saved_by uuid not null references users(id),
      primary key (payer_id, revision)
    );

    create table billing_schemes (
      id uuid primary key default gen_random_uuid(),
      payer_id uuid not null references billing_payers(id),
      code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9._-]{0,39}$'),
      created_at timestamptz not null
    );

    create table billing_scheme_versions (
      id uuid primary key default gen_random_uuid(),
      scheme_id uuid not null references billing_schemes(id),
      version integer not null check (version > 0),
      name text not null check (length(trim(name)) > 0),
      rule_kind text not null check (rule_kind in ('copay_fixed', 'coinsurance', 'full_cover')),
      copay_minor bigint check (copay_minor >= 0),
      patient_basis_points integer check (patient_basis_points between 0 and 10000),
      annual_limit_minor bigint check (annual_limit_minor >= 0),
      excluded_services text[] not null,
      excluded_categories text[] not null,
      pre_authorisation_required boolean not null,
      active boolean not null,
      saved_at timestamptz not null,
      saved_by uuid not null references users(id),
      unique (scheme_id, version),
      check ((rule_kind = 'copay_fixed') = (copay_minor is not null)),
      check ((rule_kind = 'coinsurance') = (patient_basis_points is not null))
    );

    create table billing_coverages (
      id uuid primary key default gen_random_uuid(),
      patient_id uuid not null references patients(id),
      scheme_id uuid not null references billing_schemes(id),
      member_number text not null check (length(trim(member_number)) > 0),
      valid_from timestamptz not null,
      valid_to timestamptz check (valid_to > valid_from),
      pre_authorisation text,
      supersedes uuid unique references billing_coverages(id),
      recorded_at timestamptz not null,
      recorded_by uuid not null references users(id)
    );
    create index billing_coverages_patient on billing_coverages (patient_id, recorded_at desc);

    create table billing_invoice_coverage (
      invoice_id uuid primary key references billing_invoices(id),
      coverage_id uuid not null references billing_coverages(id),
      scheme_id uuid not null references billing_schemes(id),
      scheme_version_id uuid not null references billing_scheme_versions(id),
      member_number text not null,
      -- The hospital's calendar year the invoice counts against the member's annual limit in.
      limit_year integer not null,
      over_limit_minor bigint not null check (over_limit_minor >= 0)
    );
    create index billing_invoice_coverage_member on billing_invoice_coverage (scheme_id, member_number, limit_year);

    create table billing_claims (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      series_key text not null references billing_number_series(series_key),
      sequence integer not null check (sequence > 0),
      payer_id uuid not null references billing_payers(id),
      period_from timestamptz not null,
      period_to timestamptz not null check (period_to > period_from),
      created_at timestamptz not null,
      created_by uuid not null references users(id),
      unique (series_key, sequence)
    );
    create index billing_claims_payer on billing_claims (payer_id, created_at desc);

    create table billing_claim_items (
      claim_id uuid not null references billing_claims(id),
      invoice_id uuid not null unique references billing_invoices(id),
      claimed_minor bigint not null check (claimed_minor > 0),
      primary key (claim_id, invoice_id)
    );

    create table billing_claim_submissions (
      claim_id uuid primary key references billing_claims(id),
      submitted_at timestamptz not null,
      submitted_by uuid not null references users(id)
    );

    create table billing_remittances (
      id uuid primary key default gen_random_uuid(),
      claim_id uuid not null references billing_claims(id),
      reference text not null check (length(trim(reference)) > 0),
      posted_at timestamptz not null,
      posted_by uuid not null references users(id),
      -- The supervisor who approved its write-offs (null when none, or a supervisor posted it).
      approved_by uuid references users(id)
    );
    create index billing_remittances_claim on billing_remittances (claim_id);

    create table billing_remittance_items (
      remittance_id uuid not null references billing_remittances(id),
      claim_id uuid not null,
      invoice_id uuid not null,
      paid_minor bigint not null check (paid_minor >= 0),
      rejected_minor bigint not null check (rejected_minor >= 0),
      disposition text check (disposition in ('patient', 'write_off')),
      reason text,
      primary key (remittance_id, invoice_id),
      foreign key (claim_id, invoice_id) references billing_claim_items(claim_id, invoice_id),
      check (paid_minor + rejected_minor > 0),
      check ((rejected_minor > 0) = (disposition is not null)),
      check ((disposition is null) = (reason is null))
    );
    create index billing_remittance_items_invoice on billing_remittance_items (invoice_id);

    -- A charge's reversal, looked up by every invoice and charge read (0066 indexed none: each
    -- read scanned every charge, 25 ms an invoice at 250,000 charges).
    create index billing_charges_reverses on billing_charges (reverses) where reverses is not null;
  `);
  for (const table of APPEND_ONLY) {
    await knex.raw(`
      create trigger ${table}_append_only before update or delete on ${table} for each row execute function hms_reject_change();
      create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function hms_reject_change();
    `);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
