import type { Knex } from 'knex';

/**
 * Words of the name vocabulary numbered in the order they were added (`seq`). A server keeps a
 * trigram index of the vocabulary in memory to find close spellings of a query word without
 * computing a similarity against every word (patients/vocabulary-index.ts); a search still
 * matches, live, the words added since that index was last brought up to date (seq above it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table name_vocabulary add column seq bigint generated always as identity;
    create unique index name_vocabulary_seq on name_vocabulary (seq);
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
