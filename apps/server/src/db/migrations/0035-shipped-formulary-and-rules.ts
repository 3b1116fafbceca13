import type { Knex } from 'knex';
import { loadShippedPharmacology } from '../../pharmacology/index.js';

/**
 * Loads revision 1 of the shipped formulary and drug-safety rules (packages/core/src/pharmacology/data,
 * with its SOURCES.md). A later revision comes with its own migration calling the loader again,
 * which adds what is new and keeps what the hospital's pharmacists edited.
 */
export async function up(knex: Knex): Promise<void> {
  await loadShippedPharmacology(knex, { formulary: 1, rules: 1 }, new Date());
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
