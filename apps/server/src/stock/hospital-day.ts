import { HmsError, localDateOf } from '@hms/core';
import type { Knex } from 'knex';
import { hospitalTimeZone } from '../reference/index.js';

/** Today in the hospital's time zone: a batch expires at the end of its day there, not in UTC. */
export async function hospitalToday(db: Knex, now: Date): Promise<string> {
  return localDateOf(now, await hospitalTimeZone(db));
}

/** A stock location (open) and the hospital's day, in one round trip: what every stock read starts with. */
export async function openLocationAndToday(db: Knex, locationId: string, now: Date): Promise<{ locationId: string; today: string }> {
  const row: { active: boolean | null; name: string | null; time_zone: string } | undefined = (await db.raw(
    `select l.active, l.name, h.time_zone from hospital_settings h left join stock_locations l on l.id = ? where h.id = 1`,
    [locationId],
  )).rows[0];
  if (row === undefined || row.active === null) throw HmsError.validation({ locationId: 'is not a stock location' });
  if (!row.active) throw HmsError.validation({ locationId: `${row.name ?? 'the location'} is closed` });
  return { locationId, today: localDateOf(now, row.time_zone) };
}
