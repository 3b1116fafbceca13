import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** What changed since a worklist version (migration 0073), and the version to ask from next. */
export interface WorklistChanges {
  version: string;
  requestIds: string[];
  orderIds: string[];
}

/**
 * The requests and doctors' lab orders changed since `since` (a snapshot as text, from an earlier
 * answer): those whose `changed_xid` that snapshot did not see (committed after it, or still
 * running then), found in one statement whose own snapshot is the version answered. Not a bare
 * xid bound: the snapshot's xmin is the whole cluster's oldest running transaction, so one long
 * transaction anywhere would make every read resend all it had sent since. Undefined when the
 * version cannot be answered as a delta: more than `limit` changes, or a snapshot this database
 * never gave (a restored or other server), which the caller answers with the whole list.
 */
export async function changedSince(db: Db, since: string, limit: number): Promise<WorklistChanges | undefined> {
  const row = (await db.raw(
    `with seen as (select ?::pg_snapshot as s)
     select pg_current_snapshot()::text as version,
            pg_snapshot_xmax(seen.s) <= pg_snapshot_xmax(pg_current_snapshot()) as known,
            array(select r.id from lab_requests r where r.changed_xid >= pg_snapshot_xmin(seen.s) and not pg_visible_in_snapshot(r.changed_xid, seen.s)
                   order by r.created_at, r.id limit ?) as request_ids,
            array(select distinct i.order_id from order_items i
                   where i.kind = 'lab' and i.lab_changed_xid >= pg_snapshot_xmin(seen.s) and not pg_visible_in_snapshot(i.lab_changed_xid, seen.s) limit ?) as order_ids
       from seen`,
    [since, limit + 1, limit + 1],
  )).rows[0] as { version: string; known: boolean; request_ids: string[]; order_ids: string[] };
  if (!row.known || row.request_ids.length > limit || row.order_ids.length > limit) return undefined;
  return { version: row.version, requestIds: row.request_ids, orderIds: row.order_ids };
}

/** The version a whole-list read answers: taken before its reads, so whatever they miss is not visible to it. */
export async function worklistVersion(db: Db): Promise<string> {
  return ((await db.raw(`select pg_current_snapshot()::text as version`)).rows[0] as { version: string }).version;
}
