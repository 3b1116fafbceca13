import type { Knex } from 'knex';

/** Events read per pass; the cursor moves past them in the same transaction as their queue rows. */
const BATCH = 500;

interface EventRow {
  seq: string;
  name: string;
  data: { requestIds?: string[]; itemIds?: string[]; change: string };
}

/** What moves an order: a specimen collected, received or rejected, a test cancelled by the doctor. */
const LAB_CHANGES = new Set(['collected', 'received', 'rejected']);

/**
 * Follows the events table from the feed's cursor and queues what the lab changes mean for the
 * interfaces that take orders: a new order for every mapped test of a collected (or received)
 * specimen, a cancel for a sent one whose test was cancelled or whose specimen was rejected (a
 * still-pending order is withdrawn instead). The rows and the cursor commit together, and the
 * queue's key stores each order once per interface, so the feed may run in several processes,
 * stop anywhere and start again. Returns how many events it read.
 */
export async function feedOrderQueue(db: Knex, now: Date): Promise<number> {
  return db.transaction(async (trx) => {
    const cursor = (await trx('interface_order_cursor').where({ id: 1 }).forUpdate().first('last_seq')) as { last_seq: string } | undefined;
    if (cursor === undefined) throw new Error('interface_order_cursor has no row: the migrations did not run');
    const events = (await trx('events').where('seq', '>', cursor.last_seq).whereIn('name', ['lab.changed', 'orders.changed'])
      .orderBy('seq').limit(BATCH).select('seq', 'name', 'data')) as EventRow[];
    // Events of other kinds are skipped over too: the cursor goes to the newest seq looked at.
    const last = events.length === BATCH ? events.at(-1)!.seq : ((await trx('events').max('seq as seq').first()) as { seq: string | null }).seq;
    const requestIds = new Set<string>();
    const itemIds = new Set<string>();
    for (const event of events) {
      if (event.name === 'lab.changed' && LAB_CHANGES.has(event.data.change)) for (const id of event.data.requestIds ?? []) requestIds.add(id);
      if (event.name === 'orders.changed' && event.data.change === 'cancelled') for (const id of event.data.itemIds ?? []) itemIds.add(id);
    }
    if (itemIds.size > 0) {
      const rows = (await trx('lab_request_tests').whereIn('order_item_id', [...itemIds]).distinct('request_id')) as { request_id: string }[];
      for (const row of rows) requestIds.add(row.request_id);
    }
    if (requestIds.size > 0) await queueOrders(trx, [...requestIds], now);
    if (last !== null && last !== undefined && BigInt(last) > BigInt(cursor.last_seq)) await trx('interface_order_cursor').where({ id: 1 }).update({ last_seq: last });
    return events.length;
  });
}

/** Brings the queue in step with these lab requests' specimens and tests, for every enabled interface that takes orders. */
export async function queueOrders(trx: Knex.Transaction, requestIds: readonly string[], now: Date): Promise<void> {
  await trx.raw(
    `insert into interface_order_queue (interface_id, specimen_id, request_test_id, action, status, created_at, next_attempt_at, status_at)
     select i.id, s.id, t.id, 'new', 'pending', :now, :now, :now
       from lab_specimens s
       join lab_specimen_tests st on st.specimen_id = s.id
       join lab_request_tests t on t.id = st.request_test_id
       left join order_items oi on oi.id = t.order_item_id
       join interfaces i on i.enabled and i.options -> 'orders' is not null
      where s.request_id = any(cast(:requestIds as uuid[]))
        and (s.status = 'received' or (s.status = 'collected' and i.options -> 'orders' ->> 'on' = 'collected'))
        and t.status in ('collected', 'received') and coalesce(oi.status, '') <> 'cancelled'
        and exists (select 1 from interface_mappings m where m.interface_id = i.id and m.test_code = t.code)
     on conflict (interface_id, specimen_id, request_test_id, action) do nothing`,
    { now, requestIds: [...requestIds] },
  );
  // An order no longer wanted: withdrawn while still waiting, cancelled on the analyzer once sent (if the interface says so).
  const gone = `from lab_specimens s, lab_request_tests t left join order_items oi on oi.id = t.order_item_id
      where s.id = q.specimen_id and t.id = q.request_test_id and s.request_id = any(cast(:requestIds as uuid[]))
        and (s.status = 'rejected' or oi.status = 'cancelled' or t.status = 'cancelled')`;
  await trx.raw(
    `update interface_order_queue q set status = 'withdrawn', status_at = :now ${gone} and q.action = 'new' and q.status = 'pending'`,
    { now, requestIds: [...requestIds] },
  );
  await trx.raw(
    `insert into interface_order_queue (interface_id, specimen_id, request_test_id, action, status, created_at, next_attempt_at, status_at)
     select q.interface_id, q.specimen_id, q.request_test_id, 'cancel', 'pending', :now, :now, :now
       from interface_order_queue q join interfaces i on i.id = q.interface_id and cast(i.options -> 'orders' ->> 'cancels' as boolean) is true,
            lab_specimens s, lab_request_tests t left join order_items oi on oi.id = t.order_item_id
      where s.id = q.specimen_id and t.id = q.request_test_id and s.request_id = any(cast(:requestIds as uuid[]))
        and (s.status = 'rejected' or oi.status = 'cancelled' or t.status = 'cancelled')
        and q.action = 'new' and q.status = 'sent'
     on conflict (interface_id, specimen_id, request_test_id, action) do nothing`,
    { now, requestIds: [...requestIds] },
  );
}
