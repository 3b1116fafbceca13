import type { Knex } from 'knex';

/**
 * Issue 12: transfer requests in three steps, and quarantine.
 *
 * A ward or dispensary requests items from a store; the store issues them (batches by FEFO),
 * which moves the units out of the store into the seeded `TRANSIT` location (kind `transit`),
 * so the ledger shows them in transit and they are in neither store nor ward; the destination
 * receives what arrived, out of transit into its shelf. Units that did not arrive leave transit
 * as a `lost` adjustment and open a `transit_shortfall` discrepancy: never silently.
 *
 * Expired and recalled stock moves to the seeded `QUAR` location (kind `quarantine`) by a
 * transfer of purpose `quarantine`; nothing leaves quarantine except written off (adjusted out
 * as expired, damaged or returned to supplier).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table stock_locations drop constraint stock_locations_kind_check;
    alter table stock_locations add constraint stock_locations_kind_check check (kind in ('store', 'dispensary', 'ward', 'quarantine', 'transit'));
    insert into stock_locations (code, name, kind) values ('QUAR', 'Quarantine', 'quarantine'), ('TRANSIT', 'In transit', 'transit');

    alter table stock_ledger drop constraint stock_ledger_document_type_check;
    alter table stock_ledger add constraint stock_ledger_document_type_check
      check (document_type in ('grn', 'dispensation', 'dispensing_return', 'transfer', 'adjustment', 'transfer_request'));

    alter table stock_transfers
      add column purpose text not null default 'transfer' check (purpose in ('transfer', 'quarantine')),
      add column quarantine_reason text check (quarantine_reason in ('expired', 'recalled')),
      add constraint stock_transfers_quarantine_reason check ((purpose = 'quarantine') = (quarantine_reason is not null));

    create sequence stock_transfer_request_seq;
    create table stock_transfer_requests (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      from_location_id uuid not null references stock_locations(id),
      to_location_id uuid not null references stock_locations(id),
      status text not null default 'requested' check (status in ('requested', 'issued', 'received')),
      note text,
      requested_at timestamptz not null,
      requested_by uuid not null references users(id),
      issued_at timestamptz,
      issued_by uuid references users(id),
      received_at timestamptz,
      received_by uuid references users(id),
      receipt_note text,
      check (from_location_id <> to_location_id),
      check ((status = 'requested') = (issued_at is null)),
      check ((status = 'received') = (received_at is not null))
    );
    create index stock_transfer_requests_open on stock_transfer_requests (to_location_id, requested_at) where status <> 'received';
    create index stock_transfer_requests_source on stock_transfer_requests (from_location_id, requested_at) where status = 'requested';

    create table stock_transfer_request_lines (
      request_id uuid not null references stock_transfer_requests(id),
      position integer not null,
      item_id uuid not null references stock_items(id),
      requested integer not null check (requested > 0),
      primary key (request_id, position),
      unique (request_id, item_id)
    );

    -- What the store sent, per batch (FEFO), and what arrived.
    create table stock_transfer_request_issues (
      request_id uuid not null references stock_transfer_requests(id),
      batch_id uuid not null references stock_batches(id),
      item_id uuid not null references stock_items(id),
      issued integer not null check (issued > 0),
      received integer check (received >= 0 and received <= issued),
      primary key (request_id, batch_id)
    );

    alter table stock_discrepancies drop constraint stock_discrepancies_kind_check;
    alter table stock_discrepancies add constraint stock_discrepancies_kind_check check (kind in ('offline_shortfall', 'transit_shortfall'));
    alter table stock_discrepancies drop constraint stock_discrepancies_document_type_check;
    alter table stock_discrepancies add constraint stock_discrepancies_document_type_check check (document_type in ('dispensation', 'transfer_request'));
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
