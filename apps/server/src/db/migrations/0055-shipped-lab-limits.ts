import type { Knex } from 'knex';
import { loadShippedLabLimits } from '../../lab/index.js';

/** The starter catalogue's ranges and critical limits, revision 1, as the lab's first versions. */
export async function up(knex: Knex): Promise<void> {
  await loadShippedLabLimits(knex, 1, new Date());
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
