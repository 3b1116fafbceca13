import type { Knex } from 'knex';

/**
 * Issue 12: stock locations are configured at the desk (stock.saveLocation: add, rename, close).
 *
 * A closed location keeps its rows and its history (ledger, notes, counts point at it) and
 * receives nothing more: the ledger's trigger refuses a movement into it, holding the location
 * row share-locked until commit, so a receipt racing the close either commits first (and the
 * close then sees its stock and is refused) or waits and is refused. Removals from it stay
 * possible (nothing is left to remove: closing with stock on hand is refused by the service).
 *
 * Generic substitution on the charge: `charge_events.substituted_for` names the prescribed
 * product when another of its generic was handed out (item_id), so billing can say so.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table stock_locations
      add column closed_at timestamptz,
      add column closed_by uuid references users(id),
      add column updated_at timestamptz;
    alter table stock_locations add constraint stock_locations_closed check (active = (closed_at is null));

    create or replace function hms_stock_post() returns trigger language plpgsql as $$
    begin
      -- Stock arrives only at an open location (a discrepancy row only makes room for what an
      -- offline dispense already took). FOR SHARE waits for a close in flight.
      if new.quantity > 0 and new.kind <> 'discrepancy' then
        perform 1 from stock_locations where id = new.location_id and active for share;
        if not found then
          raise exception 'location_closed: stock location % is closed', new.location_id using errcode = 'P0001', hint = 'location_closed';
        end if;
      end if;
      -- An insert's row is checked before ON CONFLICT looks: a removal only updates (and a
      -- removal from nothing inserts its negative row, which the check refuses).
      if new.quantity > 0 then
        insert into stock_balances (location_id, item_id, batch_id, quantity) values (new.location_id, new.item_id, new.batch_id, new.quantity)
          on conflict (location_id, item_id, batch_id) do update set quantity = stock_balances.quantity + excluded.quantity;
      else
        update stock_balances set quantity = quantity + new.quantity
         where location_id = new.location_id and item_id = new.item_id and batch_id = new.batch_id;
        if not found then
          insert into stock_balances (location_id, item_id, batch_id, quantity) values (new.location_id, new.item_id, new.batch_id, new.quantity);
        end if;
      end if;
      return null;
    end $$;

    alter table charge_events add column substituted_for uuid references drugs(id);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
