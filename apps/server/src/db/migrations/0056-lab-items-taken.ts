import type { Knex } from 'knex';

/**
 * A doctor's lab item is marked when collection takes it into a lab request (lab_taken_at, set by
 * specimens-service's requestForOrder in the same transaction). Collected items keep the orders
 * area's status 'ordered', so without the mark the worklist anti-joined every lab item of its
 * window to lab_request_tests; the partial index holds only the items still waiting, and replaces
 * 0052's index of all ordered lab items, which nothing else reads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table order_items add column lab_taken_at timestamptz;
    update order_items i set lab_taken_at = r.created_at
      from lab_request_tests t join lab_requests r on r.id = t.request_id
     where t.order_item_id = i.id;
    create index order_items_lab_waiting on order_items (ordered_at) where kind = 'lab' and status = 'ordered' and lab_taken_at is null;
    drop index order_items_lab_ordered;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
