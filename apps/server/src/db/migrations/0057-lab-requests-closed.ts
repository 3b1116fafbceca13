import type { Knex } from 'knex';

/**
 * A lab request is closed when none of its tests is open any more (all released or cancelled):
 * closed_at, kept by lab-common's refreshTestStatuses in the transaction that changes a test. The
 * worklist walks the open requests in their order (lab_requests_open) and stops at its limit,
 * instead of collecting every open test's request and sorting them all. A test whose order item
 * the doctor cancelled is not a lab_request_tests change: such a request stays in the index and
 * the worklist's check of its tests leaves it out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table lab_requests add column closed_at timestamptz;
    update lab_requests r set closed_at = (select max(t.status_at) from lab_request_tests t where t.request_id = r.id)
     where exists (select 1 from lab_request_tests t where t.request_id = r.id)
       and not exists (select 1 from lab_request_tests t where t.request_id = r.id and t.status not in ('released', 'cancelled'));
    create index lab_requests_open on lab_requests (created_at, id) where closed_at is null;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
