import type { Knex } from 'knex';

/**
 * The lab worklist read as what changed since the desk's last read (lab.worklist `since`).
 *
 * Every lab request and every doctor's lab item carries the id of the transaction that last changed
 * it (`changed_xid`, xid8), kept by triggers so no write path can forget it: a request's own row,
 * its tests, its specimens and the ordered item behind a test all move it. A read answers its
 * snapshot as its version, and the next read asks for the rows whose changed_xid that snapshot
 * did not see (worklist-changes.ts): nothing committed late is missed (a row seen already may come
 * again, which the desk's merge absorbs). Timestamps cannot do this: a transaction stamped earlier
 * may commit after a read stamped later.
 *
 * Also: a request whose last open test the doctor cancels from the orders side (orders.cancel
 * changes order_items, not lab_request_tests) is closed now (closed_at), by the same trigger;
 * `lab_request_is_open` is the one rule (a test neither released, cancelled, nor of a cancelled
 * item) that lab-common's refreshTestStatuses uses too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function lab_request_is_open(request uuid) returns boolean language sql stable as $$
      select exists (select 1 from lab_request_tests t left join order_items oi on oi.id = t.order_item_id
                      where t.request_id = request and t.status not in ('released', 'cancelled') and oi.status is distinct from 'cancelled') $$;

    alter table lab_requests add column changed_xid xid8 not null default '1';
    alter table order_items add column lab_changed_xid xid8;
    update order_items set lab_changed_xid = '1' where kind = 'lab';
    create index lab_requests_changed on lab_requests (changed_xid);
    create index order_items_lab_changed on order_items (lab_changed_xid) where kind = 'lab';

    create function lab_stamp_request() returns trigger language plpgsql as $$
    begin
      new.changed_xid := pg_current_xact_id();
      return new;
    end $$;
    create trigger lab_requests_changed before insert or update on lab_requests
      for each row execute function lab_stamp_request();

    create function lab_stamp_parent_request() returns trigger language plpgsql as $$
    begin
      update lab_requests set changed_xid = pg_current_xact_id() where id = new.request_id and changed_xid <> pg_current_xact_id();
      return null;
    end $$;
    create trigger lab_request_tests_changed after insert or update on lab_request_tests
      for each row execute function lab_stamp_parent_request();
    create trigger lab_specimens_changed after insert or update on lab_specimens
      for each row execute function lab_stamp_parent_request();

    create function lab_stamp_order_item() returns trigger language plpgsql as $$
    begin
      if new.kind = 'lab' then new.lab_changed_xid := pg_current_xact_id(); end if;
      return new;
    end $$;
    create trigger order_items_lab_changed before insert or update on order_items
      for each row execute function lab_stamp_order_item();

    create function lab_item_cancelled() returns trigger language plpgsql as $$
    begin
      update lab_requests r
         set changed_xid = pg_current_xact_id(),
             closed_at = case when lab_request_is_open(r.id) then r.closed_at else coalesce(r.closed_at, now()) end
       where r.id in (select t.request_id from lab_request_tests t where t.order_item_id = new.id);
      return null;
    end $$;
    create trigger order_items_lab_cancelled after update of status on order_items
      for each row when (new.kind = 'lab' and new.status = 'cancelled' and old.status is distinct from 'cancelled')
      execute function lab_item_cancelled();

    update lab_requests r set closed_at = now() where r.closed_at is null and not lab_request_is_open(r.id)
       and exists (select 1 from lab_request_tests t where t.request_id = r.id);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
