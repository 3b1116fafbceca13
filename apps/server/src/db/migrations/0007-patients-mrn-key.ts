import type { Knex } from 'knex';

/**
 * MRNs of an earlier format (after the hospital changed its format in settings) are searched
 * exactly, whatever their case and separators: an index on the MRN's letters and digits, upper
 * case (rules/patient-query.ts mrnKey), over every record (a merged MRN answers its survivor).
 * An expression index rather than a column: nothing to keep in step on write, no table rewrite.
 * patients/search.ts repeats the expression word for word (another would not use the index).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index patients_mrn_normalized on patients ((upper(regexp_replace(mrn, '[^0-9A-Za-z]', '', 'g'))));
    -- Statistics of the new expression: without them the planner expects thousands of rows
    -- per key and plans a parallel scan (milliseconds) for what is one index probe.
    analyze patients;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
