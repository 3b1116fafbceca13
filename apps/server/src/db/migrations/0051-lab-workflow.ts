import type { Knex } from 'knex';

/**
 * The laboratory's workflow (issue 13). A lab request is the lab's side of one doctor's order
 * (or of a walk-in with a referring clinician) and carries its accession number; its tests are
 * the order's lab items. A specimen is one container; results are versioned rows, never
 * overwritten: a re-entry or an amendment is a new version and the old one is marked superseded.
 * Accession numbers run per year (like MRNs), a desk reserves a block to label while offline.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table lab_settings (
      id smallint primary key check (id = 1),
      critical_escalation_minutes integer not null check (critical_escalation_minutes between 1 and 240),
      updated_at timestamptz not null
    );
    insert into lab_settings (id, critical_escalation_minutes, updated_at) values (1, 15, now());

    create table lab_accession_counters (
      year integer primary key check (year between 2000 and 2099),
      last_number integer not null check (last_number between 0 and 9999999)
    );

    create table lab_accession_blocks (
      id uuid primary key default gen_random_uuid(),
      workstation_id text not null,
      user_id uuid not null references users(id),
      year integer not null,
      first_number integer not null,
      last_number integer not null,
      reserved_at timestamptz not null,
      expires_at timestamptz not null,
      retired_at timestamptz,
      check (last_number >= first_number)
    );
    create index lab_accession_blocks_workstation on lab_accession_blocks (workstation_id) where retired_at is null;

    create table lab_requests (
      id uuid primary key default gen_random_uuid(),
      accession text not null unique,
      patient_id uuid not null references patients(id),
      source text not null check (source in ('order', 'walk_in')),
      order_id uuid unique references orders(id),
      ordering_user_id uuid references users(id),
      referring_clinician text,
      priority text not null check (priority in ('routine', 'urgent', 'stat')),
      accession_block_id uuid references lab_accession_blocks(id),
      created_at timestamptz not null,
      created_by uuid not null references users(id),
      recorded_at timestamptz not null,
      check ((source = 'order') = (order_id is not null)),
      check (source = 'order' or referring_clinician is not null)
    );
    create index lab_requests_patient on lab_requests (patient_id, created_at desc);

    create table lab_request_tests (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references lab_requests(id),
      order_item_id uuid unique references order_items(id),
      code text not null references order_catalogue(code),
      name text not null,
      section text not null,
      status text not null check (status in ('awaiting_collection', 'collected', 'received', 'resulted', 'validated', 'released', 'cancelled')),
      status_at timestamptz not null,
      unique (request_id, code)
    );
    create index lab_request_tests_open on lab_request_tests (section, status_at) where status not in ('released', 'cancelled');

    create table lab_specimens (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references lab_requests(id),
      barcode text not null unique,
      container text not null,
      status text not null check (status in ('collected', 'received', 'rejected')),
      collected_by uuid not null references users(id),
      collected_at timestamptz not null,
      received_by uuid references users(id),
      received_at timestamptz,
      rejected_by uuid references users(id),
      rejected_at timestamptz,
      rejection_reason text check (rejection_reason in ('haemolysed', 'clotted', 'insufficient', 'unlabelled', 'wrong_container', 'leaked')),
      rejection_note text,
      recollection_of uuid references lab_specimens(id),
      check ((status = 'rejected') = (rejected_at is not null and rejection_reason is not null)),
      check (received_at is null or received_by is not null)
    );
    create index lab_specimens_request on lab_specimens (request_id);

    create table lab_specimen_tests (
      specimen_id uuid not null references lab_specimens(id),
      request_test_id uuid not null references lab_request_tests(id),
      primary key (specimen_id, request_test_id)
    );
    create index lab_specimen_tests_test on lab_specimen_tests (request_test_id);

    create table lab_results (
      id uuid primary key default gen_random_uuid(),
      request_test_id uuid not null references lab_request_tests(id),
      specimen_id uuid not null references lab_specimens(id),
      patient_id uuid not null references patients(id),
      analyte text not null,
      version integer not null check (version >= 1),
      value_text text not null,
      value_numeric numeric,
      unit text,
      flag text check (flag in ('L', 'H', 'LL', 'HH', 'A')),
      reference_range jsonb,
      status text not null check (status in ('entered', 'validated', 'released')),
      entered_by uuid not null references users(id),
      entered_at timestamptz not null,
      entered_at_desk timestamptz,
      validated_by uuid references users(id),
      validated_at timestamptz,
      released_by uuid references users(id),
      released_at timestamptz,
      amendment_reason text,
      supersedes uuid references lab_results(id),
      superseded_at timestamptz,
      comment text,
      unique (request_test_id, analyte, version),
      check ((status in ('validated', 'released')) = (validated_at is not null)),
      check ((status = 'released') = (released_at is not null))
    );
    create unique index lab_results_current on lab_results (request_test_id, analyte) where superseded_at is null;
    create index lab_results_patient on lab_results (patient_id, released_at desc) where superseded_at is null and status = 'released';

    create table lab_critical_alerts (
      id uuid primary key default gen_random_uuid(),
      result_id uuid not null unique references lab_results(id),
      patient_id uuid not null references patients(id),
      request_id uuid not null references lab_requests(id),
      notify_user_id uuid references users(id),
      raised_at timestamptz not null,
      acknowledged_by uuid references users(id),
      acknowledged_at timestamptz,
      told_name text,
      told_at timestamptz,
      read_back boolean,
      escalated_at timestamptz,
      check ((acknowledged_at is null) = (acknowledged_by is null)),
      check (acknowledged_at is null or (told_name is not null and told_at is not null and read_back is not null))
    );
    create index lab_critical_alerts_open on lab_critical_alerts (raised_at) where acknowledged_at is null;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
