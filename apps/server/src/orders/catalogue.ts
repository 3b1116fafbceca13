import { CatalogueEntrySchema, ORDER_CATALOGUE_SEED, ORDER_CATALOGUE_SEED_REVISION } from '@hms/core';
import type { CatalogueEntry, OrderKind } from '@hms/core';
import type { Knex } from 'knex';

interface CatalogueRow {
  code: string;
  kind: OrderKind;
  name: string;
  data: CatalogueEntry;
  active: boolean;
}

/** Adds the shipped catalogue entries a hospital does not have (its own changes are kept). */
export async function loadShippedOrderCatalogue(db: Knex, revision: number, now: Date): Promise<number> {
  if (revision !== ORDER_CATALOGUE_SEED_REVISION) throw new Error(`This migration loads catalogue revision ${revision}, the release ships ${ORDER_CATALOGUE_SEED_REVISION}: add a migration.`);
  const rows = ORDER_CATALOGUE_SEED.map((input) => {
    const entry = CatalogueEntrySchema.parse(input);
    return { code: entry.code, kind: entry.kind, name: entry.name, data: entry, active: true, shipped_revision: revision, updated_at: now };
  });
  const inserted = await db('order_catalogue').insert(rows).onConflict('code').ignore().returning('code');
  return inserted.length;
}

export async function catalogueEntries(db: Knex, codes: readonly string[]): Promise<Map<string, CatalogueRow>> {
  const rows: CatalogueRow[] = await db('order_catalogue').whereIn('code', [...codes]).select('*');
  return new Map(rows.map((row) => [row.code, row]));
}

/** Active entries, by kind and by words of the name, code or synonyms. */
export async function searchCatalogue(db: Knex, kind: OrderKind | undefined, query: string | undefined): Promise<CatalogueEntry[]> {
  const sql = db<CatalogueRow>('order_catalogue').where({ active: true }).orderBy('code');
  if (kind !== undefined) sql.where({ kind });
  if (query !== undefined) {
    for (const word of query.toLowerCase().split(/\s+/).filter((w) => w !== '').slice(0, 5)) {
      sql.whereRaw(`lower(code || ' ' || name || ' ' || coalesce(data->>'synonyms', '')) like ?`, [`%${word.replace(/[%_\\]/g, '\\$&')}%`]);
    }
  }
  return (await sql).map((row) => CatalogueEntrySchema.parse(row.data));
}
