import type { Knex } from 'knex';
import type { ItemRow } from './stock-rows.js';
import { toItem } from './stock-rows.js';

const ITEM_COLUMNS = 'i.id, i.kind, i.drug_id, i.code, i.name, i.unit, i.active';
const num = (value: string | number | null | undefined) => Number(value ?? 0);

type Row<T> = ItemRow & T & { location_id: string };

/**
 * Items below their reorder level at an open location: usable units (not expired in the hospital's
 * day, not recalled) against the level, with units issued to it and still in transit.
 */
export async function lowStock(db: Knex, locationId: string | undefined, today: string) {
  const rows: Array<Row<{ level: number; usable: string; on_hand: string; in_transit: string }>> = (await db.raw(
    `select r.location_id, r.level, ${ITEM_COLUMNS},
            coalesce(sum(s.quantity) filter (where b.recalled_at is null and b.expiry_date >= ?::date), 0) as usable,
            coalesce(sum(s.quantity), 0) as on_hand,
            coalesce((select sum(x.issued) from stock_transfer_request_issues x join stock_transfer_requests t on t.id = x.request_id
                       where t.status = 'issued' and t.to_location_id = r.location_id and x.item_id = r.item_id), 0) as in_transit
       from stock_reorder_levels r
       join stock_items i on i.id = r.item_id
       -- A closed location orders nothing: its levels stay, off the list.
       join stock_locations loc on loc.id = r.location_id and loc.active
       left join stock_balances s on s.location_id = r.location_id and s.item_id = r.item_id and s.quantity > 0
       left join stock_batches b on b.id = s.batch_id
      where (?::uuid is null or r.location_id = ?::uuid)
      group by r.location_id, r.item_id, r.level, i.id
     having coalesce(sum(s.quantity) filter (where b.recalled_at is null and b.expiry_date >= ?::date), 0) < r.level`,
    [today, locationId ?? null, locationId ?? null, today],
  )).rows;
  return rows
    .map((row) => {
      const usable = num(row.usable);
      const inTransit = num(row.in_transit);
      return { locationId: row.location_id, item: toItem(row), level: row.level, usable, onHand: num(row.on_hand), inTransit, shortBy: Math.max(0, row.level - usable - inTransit) };
    })
    .sort((a, b) => b.level - b.usable - (a.level - a.usable) || a.item.name.localeCompare(b.item.name));
}

/** On hand valued batch by batch at each batch's receipt cost: the cost of what is actually held. */
export async function valuation(db: Knex, locationId: string | undefined) {
  const rows: Array<Row<{ on_hand: string; value_minor: string }>> = (await db.raw(
    `select s.location_id, ${ITEM_COLUMNS}, sum(s.quantity) as on_hand, sum(s.quantity::bigint * b.unit_cost_minor) as value_minor
       from stock_balances s join stock_batches b on b.id = s.batch_id join stock_items i on i.id = s.item_id
      where s.quantity > 0 and (?::uuid is null or s.location_id = ?::uuid)
      group by s.location_id, i.id
      order by s.location_id, i.name`,
    [locationId ?? null, locationId ?? null],
  )).rows;
  const items = rows.map((row) => ({ locationId: row.location_id, item: toItem(row), onHand: num(row.on_hand), valueMinor: num(row.value_minor) }));
  return { items, totalMinor: items.reduce((sum, line) => sum + line.valueMinor, 0) };
}

/**
 * Consumption over hospital days: dispensed less returned, and sent onward (transfer out), per
 * item and location, each unit at its batch's cost. A day is the hospital's (its time zone).
 */
export async function consumption(db: Knex, filter: { from: string; to: string; locationId?: string | undefined }) {
  const rows: Array<Row<{ dispensed: string; dispensed_cost: string; issued: string; issued_cost: string }>> = (await db.raw(
    `select l.location_id, ${ITEM_COLUMNS},
            -sum(l.quantity) filter (where l.kind in ('dispense', 'return')) as dispensed,
            -sum(l.quantity::bigint * b.unit_cost_minor) filter (where l.kind in ('dispense', 'return')) as dispensed_cost,
            -sum(l.quantity) filter (where l.kind = 'transfer_out') as issued,
            -sum(l.quantity::bigint * b.unit_cost_minor) filter (where l.kind = 'transfer_out') as issued_cost
       from stock_ledger l
       join stock_batches b on b.id = l.batch_id
       join stock_items i on i.id = l.item_id
       join stock_locations loc on loc.id = l.location_id
       cross join hospital_settings h
      where h.id = 1 and l.kind in ('dispense', 'return', 'transfer_out') and loc.kind not in ('transit')
        and (l.at at time zone h.time_zone)::date between ?::date and ?::date
        and (?::uuid is null or l.location_id = ?::uuid)
      group by l.location_id, i.id
      order by l.location_id, i.name`,
    [filter.from, filter.to, filter.locationId ?? null, filter.locationId ?? null],
  )).rows;
  const items = rows.map((row) => ({
    locationId: row.location_id, item: toItem(row), dispensed: num(row.dispensed), dispensedCostMinor: num(row.dispensed_cost), issued: num(row.issued), issuedCostMinor: num(row.issued_cost),
  }));
  return { items, dispensedCostMinor: items.reduce((sum, line) => sum + line.dispensedCostMinor, 0), issuedCostMinor: items.reduce((sum, line) => sum + line.issuedCostMinor, 0) };
}
