import type { Knex } from 'knex';

/**
 * Issue 12, for billing (issue 15) and the pharmacist's discrepancy list.
 *
 * Selling prices: `stock_item_prices` keeps every price an item was given, from when it holds
 * (append-only: a price change is a new row, never an overwrite). The price of a dispense is the
 * row in force at the dispense's time; `charge_events.unit_price_minor` carries it beside the
 * batch's cost (null when the item had no price then: billing must price it by hand). A return
 * carries the price its dispense was charged at.
 *
 * Discrepancies: a resolution is either a posted adjustment (`adjusted`) or a shelf count that
 * agreed with the books (`no_variance`, with the units counted), which moves nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table stock_item_prices (
      id bigint generated always as identity primary key,
      item_id uuid not null references stock_items(id),
      price_minor bigint not null check (price_minor >= 0),
      effective_from timestamptz not null,
      set_at timestamptz not null,
      set_by uuid not null references users(id),
      note text
    );
    create index stock_item_prices_current on stock_item_prices (item_id, effective_from desc, id desc);
    create trigger stock_item_prices_append_only before update or delete on stock_item_prices
      for each row execute function hms_reject_change();
    create trigger stock_item_prices_no_truncate before truncate on stock_item_prices
      for each statement execute function hms_reject_change();

    alter table charge_events add column unit_price_minor bigint check (unit_price_minor >= 0);

    alter table stock_discrepancies
      add column outcome text check (outcome in ('adjusted', 'no_variance')),
      add column counted integer check (counted >= 0);
    update stock_discrepancies set outcome = 'adjusted' where status = 'resolved';
    alter table stock_discrepancies
      add constraint stock_discrepancies_outcome check ((status = 'resolved') = (outcome is not null)),
      add constraint stock_discrepancies_counted check ((outcome = 'no_variance') = (counted is not null));
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
