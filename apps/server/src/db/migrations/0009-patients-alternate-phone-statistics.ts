import type { Knex } from 'knex';

/**
 * Statistics of the second phone's digits over every patient (null for most), so that the
 * planner knows a whole number matches a row or two. The index of migration 0008 is partial
 * (second phones only), and ANALYZE reads a partial index's expression only where its
 * predicate holds: with few second phones, none are sampled, the planner assumes thousands of
 * matches, and the phone search's prepared statement is re-planned on every search instead of
 * keeping its generic plan. The expression is the index's, word for word.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create statistics patients_alternate_phone_digits on ((regexp_replace(alternate_phone, '[^0-9]', '', 'g') collate "C")) from patients;
    analyze patients;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
