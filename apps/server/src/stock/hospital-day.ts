import { localDateOf } from '@hms/core';
import type { Knex } from 'knex';
import { hospitalTimeZone } from '../reference/index.js';

/** Today in the hospital's time zone: a batch expires at the end of its day there, not in UTC. */
export async function hospitalToday(db: Knex, now: Date): Promise<string> {
  return localDateOf(now, await hospitalTimeZone(db));
}
