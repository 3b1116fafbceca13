import type { Knex } from 'knex';

/**
 * Prescriptions. Each item names the formulary drug and the version it was prescribed from, and
 * copies its name, so the prescription reads the same after the formulary changes. Overrides of
 * blocking alerts are kept with the prescription (and audited). A prescription is never
 * deleted: cancelling keeps it with who, when and why. `number` is what the printed barcode carries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence prescription_number_seq;

    create table prescriptions (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      patient_id uuid not null references patients(id),
      encounter_id uuid not null references encounters(id),
      prescriber_id uuid not null references users(id),
      status text not null default 'active' check (status in ('active', 'cancelled')),
      rule_set_version integer not null,
      formulary_revision integer not null,
      -- Every alert the check gave when it was written (blocking ones overridden).
      alerts jsonb not null,
      created_at timestamptz not null,
      cancelled_at timestamptz,
      cancelled_by uuid references users(id),
      cancel_reason text,
      check ((status = 'cancelled') = (cancelled_at is not null and cancel_reason is not null))
    );
    create index prescriptions_patient on prescriptions (patient_id, created_at desc);

    create table prescription_items (
      id uuid primary key default gen_random_uuid(),
      prescription_id uuid not null references prescriptions(id),
      patient_id uuid not null references patients(id),
      position integer not null,
      drug_id uuid not null references drugs(id),
      drug_version integer not null,
      generic text not null,
      name text not null,
      dose numeric not null check (dose > 0),
      dose_unit text not null,
      route text not null,
      frequency text not null,
      duration_days integer not null check (duration_days between 1 and 365),
      quantity numeric not null check (quantity > 0),
      instructions text,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      unique (prescription_id, position),
      foreign key (drug_id, drug_version) references drug_versions (drug_id, version)
    );
    create index prescription_items_patient_current on prescription_items (patient_id, ends_at);

    create table prescription_overrides (
      prescription_id uuid not null references prescriptions(id),
      alert_key text not null,
      rule_code text not null,
      rule_version integer not null,
      severity text not null check (severity in ('contraindicated', 'major', 'moderate', 'minor')),
      message text not null,
      reason text not null,
      overridden_by uuid not null references users(id),
      overridden_at timestamptz not null,
      primary key (prescription_id, alert_key)
    );
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
