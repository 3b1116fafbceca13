import type { Knex } from 'knex';

/**
 * An idempotency key answers only its own caller's retry of the same request: the key row
 * records the workstation it came from and a digest of the method and its canonical params,
 * and which records the write audited, so that a replayed result is audited as a read of them.
 * Rows written before this have no digest and no workstation (they are matched by user only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table idempotency_keys
      add column workstation_id text,
      add column request_digest text,
      add column audited_entities jsonb not null default '[]'::jsonb;
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
