import type { Knex } from 'knex';

export type RevisionKind = 'formulary' | 'rules';

/** Raises the formulary's or the rule set's revision in the caller's transaction (the row lock orders concurrent edits). */
export async function bumpRevision(trx: Knex.Transaction, kind: RevisionKind, now: Date): Promise<number> {
  const [row] = await trx('pharmacology_revisions').where({ kind }).increment('version', 1).update({ updated_at: now }).returning('version');
  return (row as { version: number }).version;
}

export async function currentRevisions(db: Knex): Promise<Record<RevisionKind, number>> {
  const rows: Array<{ kind: RevisionKind; version: number }> = await db('pharmacology_revisions').select('kind', 'version');
  const byKind = Object.fromEntries(rows.map((row) => [row.kind, row.version]));
  return { formulary: byKind.formulary ?? 0, rules: byKind.rules ?? 0 };
}
