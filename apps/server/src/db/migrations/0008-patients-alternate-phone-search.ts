import type { Knex } from 'knex';

/**
 * The second phone (alternate_phone, E.164 like phone) is searched like the first: an index on
 * its digits (as phone_digits holds the first phone's), in byte order, for a whole number or
 * its start. An expression index rather than a column: nothing to keep in step on write, no
 * table rewrite. patients/search.ts repeats the expression word for word (another would not
 * use the index). The name index carries the first phone only: a name with the start of a
 * phone filters on the first phone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index patients_alternate_phone_search on patients ((regexp_replace(alternate_phone, '[^0-9]', '', 'g') collate "C"), id)
      where merged_into is null and alternate_phone is not null;
    -- Statistics of the new expression, so that the planner knows it is selective.
    analyze patients;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
