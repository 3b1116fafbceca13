import type { Knex } from 'knex';

/**
 * Issue 15: the service catalogue and the price lists.
 *
 * `billing_payers` are who a price list is for: the one cash payer (made here), insurance
 * schemes' payers and corporate accounts. `billing_services` is what the hospital charges for,
 * named by a code price lists, exclusions and claims use. `billing_prices` keeps every price a
 * service was given on a payer's list from a date, append-only: a change is a new row, so a
 * charge made at an older price keeps it and the history can always be read back.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table billing_payers (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9._-]{0,39}$'),
      name text not null check (length(trim(name)) > 0),
      kind text not null check (kind in ('cash', 'insurance', 'corporate')),
      created_at timestamptz not null default now()
    );
    create unique index billing_payers_one_cash on billing_payers ((kind)) where kind = 'cash';
    insert into billing_payers (code, name, kind) values ('CASH', 'Cash', 'cash');

    create table billing_services (
      code text primary key check (code ~ '^[A-Z0-9][A-Z0-9._-]{0,39}$'),
      name text not null check (length(trim(name)) > 0),
      category text not null check (category in ('registration', 'consultation', 'lab', 'imaging', 'procedure', 'drug', 'bed_day', 'other')),
      department_id uuid references departments(id),
      active boolean not null default true,
      created_at timestamptz not null,
      created_by uuid references users(id)
    );
    create index billing_services_name on billing_services (lower(name));

    create table billing_prices (
      id bigint generated always as identity primary key,
      service_code text not null references billing_services(code),
      payer_id uuid not null references billing_payers(id),
      price_minor bigint not null check (price_minor >= 0 and price_minor <= 1000000000000),
      effective_from timestamptz not null,
      set_at timestamptz not null,
      set_by uuid not null references users(id),
      note text
    );
    create index billing_prices_in_force on billing_prices (service_code, payer_id, effective_from desc, id desc);
    create trigger billing_prices_append_only before update or delete on billing_prices
      for each row execute function hms_reject_change();
    create trigger billing_prices_no_truncate before truncate on billing_prices
      for each statement execute function hms_reject_change();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
