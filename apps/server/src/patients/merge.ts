import { HmsError, PATIENTS_TOPIC } from '@hms/core';
import type { PatientMerge } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgError } from '../db/pg-errors.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { auditView, findPatient, indexPatientName } from './patients-repo.js';
import type { PatientRow } from './patients-repo.js';

/**
 * Merge and unmerge. A merge moves every row of every table that references patients(id) —
 * found in the catalog at merge time, so tables added later (visits, appointments, queue,
 * lab orders...) are covered without this code knowing them — and records exactly which rows
 * moved (by primary key), so that an unmerge puts back exactly those. Foreign keys of the
 * patients area's own bookkeeping are not moved.
 */
const NOT_MOVED = new Set(['patients.merged_into', 'patient_merges.survivor_id', 'patient_merges.merged_id', 'patient_duplicate_reviews.patient_id']);
const CONSTRAINT_CODES: readonly string[] = [PG.uniqueViolation, PG.exclusionViolation, PG.checkViolation, PG.foreignKeyViolation, PG.raiseException];

interface Reference {
  schema: string;
  table: string;
  column: string;
  keyColumns: string[] | null;
  keyTypes: string[] | null;
}

/** Which rows of one table and column a merge moved, by primary key values. */
export interface MovedRows {
  table: string;
  schema: string;
  column: string;
  keyColumns: string[];
  keyTypes: string[];
  keys: unknown[][];
}

export interface MergeRow {
  id: string;
  survivor_id: string;
  merged_id: string;
  reason: string | null;
  moved: MovedRows[];
  repointed_aliases: string[];
  merged_at: Date;
  merged_by: string | null;
  unmerged_at: Date | null;
  unmerged_by: string | null;
  unmerge_reason: string | null;
}

export function toMerge(row: MergeRow): PatientMerge {
  return {
    id: row.id,
    survivorId: row.survivor_id,
    mergedId: row.merged_id,
    reason: row.reason,
    mergedAt: row.merged_at.toISOString(),
    mergedBy: row.merged_by,
    moved: row.moved.map((entry) => ({ table: entry.table, column: entry.column, rows: entry.keys.length })),
    unmergedAt: row.unmerged_at?.toISOString() ?? null,
    unmergedBy: row.unmerged_by,
  };
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every single-column foreign key to patients(id), with the referencing table's primary key. */
async function patientReferences(trx: Knex.Transaction): Promise<Reference[]> {
  const result = await trx.raw(`
    select n.nspname as schema, cl.relname as table, a.attname as column,
           (select array_agg(pa.attname::text order by k.ord)
              from pg_index pi
              cross join lateral unnest(pi.indkey::int2[]) with ordinality as k(attnum, ord)
              join pg_attribute pa on pa.attrelid = pi.indrelid and pa.attnum = k.attnum
             where pi.indrelid = c.conrelid and pi.indisprimary) as key_columns,
           (select array_agg(format_type(pa.atttypid, pa.atttypmod) order by k.ord)
              from pg_index pi
              cross join lateral unnest(pi.indkey::int2[]) with ordinality as k(attnum, ord)
              join pg_attribute pa on pa.attrelid = pi.indrelid and pa.attnum = k.attnum
             where pi.indrelid = c.conrelid and pi.indisprimary) as key_types
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_namespace n on n.oid = cl.relnamespace
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'patients'::regclass and cardinality(c.conkey) = 1
     order by 1, 2, 3`);
  return (result.rows as Array<{ schema: string; table: string; column: string; key_columns: string[] | null; key_types: string[] | null }>)
    .filter((row) => !NOT_MOVED.has(`${row.table}.${row.column}`))
    .map((row) => ({ schema: row.schema, table: row.table, column: row.column, keyColumns: row.key_columns, keyTypes: row.key_types }));
}

function conflictFrom(error: unknown, table: string, doing: string): unknown {
  if (!isPgError(error) || !CONSTRAINT_CODES.includes(error.code)) return error;
  return HmsError.conflict(
    `${doing} would break a rule of ${table}${error.constraint === undefined ? '' : ` (${error.constraint})`}: ${error.detail ?? 'resolve the clash first'}. Nothing was changed.`,
    { table, constraint: error.constraint ?? null, detail: error.detail ?? null },
  );
}

/** Locks two patient rows in id order, so that crossing merges cannot deadlock. */
async function lockPair(trx: Knex.Transaction, a: string, b: string): Promise<Map<string, PatientRow>> {
  const rows = (await trx('patients').select('*').whereIn('id', [a, b]).orderBy('id').forUpdate()) as PatientRow[];
  return new Map(rows.map((row) => [row.id, row]));
}

async function bump(trx: Knex.Transaction, id: string, changes: Partial<PatientRow>, now: Date): Promise<PatientRow> {
  const [row] = await trx('patients').where({ id }).update({ ...changes, version: trx.raw('version + 1'), updated_at: now }).returning('*');
  return row as PatientRow;
}

export async function mergePatients(
  scope: WriteScope,
  input: { survivorId: string; mergedId: string; reason: string | undefined; userId: string; now: Date },
): Promise<{ merge: MergeRow; survivor: PatientRow }> {
  const { trx } = scope;
  const { survivorId, mergedId, now } = input;
  if (survivorId === mergedId) throw HmsError.validation({ mergedId: 'must differ from survivorId' });
  const locked = await lockPair(trx, survivorId, mergedId);
  const survivorBefore = locked.get(survivorId);
  const mergedBefore = locked.get(mergedId);
  if (survivorBefore === undefined) throw HmsError.notFound('The surviving patient', { id: survivorId });
  if (mergedBefore === undefined) throw HmsError.notFound('The patient to merge', { id: mergedId });
  for (const row of [survivorBefore, mergedBefore]) {
    if (row.merged_into !== null) {
      throw HmsError.conflict(`${row.mrn} was already merged into another patient.`, { id: row.id, mergedInto: row.merged_into });
    }
  }

  const moved: MovedRows[] = [];
  for (const reference of await patientReferences(trx)) {
    const table = `${ident(reference.schema)}.${ident(reference.table)}`;
    if (reference.keyColumns === null || reference.keyTypes === null) {
      const count = await trx.raw(`select count(*)::int as n from ${table} where ${ident(reference.column)} = ?`, [mergedId]);
      if ((count.rows[0] as { n: number }).n === 0) continue;
      throw HmsError.conflict(`${reference.table} has no primary key, so a merge could not be undone exactly; nothing was changed.`, { table: reference.table });
    }
    let keys: unknown[][];
    try {
      const result = await trx.raw(
        `update ${table} set ${ident(reference.column)} = ? where ${ident(reference.column)} = ?
         returning json_build_array(${reference.keyColumns.map(ident).join(', ')}) as key`,
        [survivorId, mergedId],
      );
      keys = (result.rows as Array<{ key: unknown[] }>).map((row) => row.key);
    } catch (error) {
      throw conflictFrom(error, reference.table, 'Merging these patients');
    }
    if (keys.length > 0) {
      moved.push({ schema: reference.schema, table: reference.table, column: reference.column, keyColumns: reference.keyColumns, keyTypes: reference.keyTypes, keys });
    }
  }

  // merged_into always names the final survivor: earlier aliases of the merged patient follow.
  const repointed = ((await trx('patients').where({ merged_into: mergedId }).update({ merged_into: survivorId, version: trx.raw('version + 1'), updated_at: now }).returning(['id', 'version'])) as Array<{ id: string; version: number }>);
  const mergedAfter = await bump(trx, mergedId, { merged_into: survivorId }, now);
  const survivorAfter = await bump(trx, survivorId, {}, now);
  await indexPatientName(trx, mergedAfter);

  const [mergeRow] = await trx('patient_merges')
    .insert({
      survivor_id: survivorId,
      merged_id: mergedId,
      reason: input.reason ?? null,
      moved: JSON.stringify(moved),
      repointed_aliases: repointed.map((row) => row.id),
      merged_at: now,
      merged_by: input.userId,
    })
    .returning('*');
  const merge = mergeRow as MergeRow;
  await trx('patient_duplicate_reviews')
    .whereIn('patient_id', [survivorId, mergedId])
    .where({ status: 'open' })
    .update({ status: 'merged', resolved_at: now, resolved_by: input.userId, note: `merged (${merge.id})` });

  const movedSummary = toMerge(merge).moved;
  scope.audit({
    action: 'patients.merge', entityType: 'patient', entityId: survivorId,
    before: auditView(survivorBefore), after: auditView(survivorAfter),
    details: { mergeId: merge.id, role: 'survivor', mergedId, mergedMrn: mergedBefore.mrn, moved: movedSummary, repointedAliases: merge.repointed_aliases, reason: input.reason ?? null },
  });
  scope.audit({
    action: 'patients.merge', entityType: 'patient', entityId: mergedId,
    before: auditView(mergedBefore), after: auditView(mergedAfter),
    details: { mergeId: merge.id, role: 'merged', survivorId, survivorMrn: survivorBefore.mrn, moved: movedSummary, reason: input.reason ?? null },
  });
  scope.emit('patients.changed', PATIENTS_TOPIC, {
    change: 'merged',
    patients: [
      { id: survivorAfter.id, version: survivorAfter.version, mergedInto: null },
      { id: mergedAfter.id, version: mergedAfter.version, mergedInto: survivorId },
      ...repointed.map((row) => ({ id: row.id, version: row.version, mergedInto: survivorId })),
    ],
  });
  return { merge, survivor: survivorAfter };
}

export async function unmergePatients(
  scope: WriteScope,
  input: { mergeId: string; reason: string | undefined; userId: string; now: Date },
): Promise<{ merge: MergeRow; survivor: PatientRow; restored: PatientRow }> {
  const { trx } = scope;
  const { now } = input;
  const merge = (await trx('patient_merges').select('*').where({ id: input.mergeId }).forUpdate().first()) as MergeRow | undefined;
  if (merge === undefined) throw HmsError.notFound('The merge');
  if (merge.unmerged_at !== null) throw HmsError.conflict('This merge was already reversed.', { unmergedAt: merge.unmerged_at.toISOString() });
  const locked = await lockPair(trx, merge.survivor_id, merge.merged_id);
  const survivorBefore = locked.get(merge.survivor_id)!;
  const mergedBefore = locked.get(merge.merged_id)!;
  if (survivorBefore.merged_into !== null) {
    const later = (await trx('patient_merges').select('id').where({ merged_id: survivorBefore.id }).whereNull('unmerged_at').first()) as { id: string } | undefined;
    throw HmsError.conflict('The surviving patient was merged again since: reverse that later merge first.', { laterMergeId: later?.id ?? null, mergedInto: survivorBefore.merged_into });
  }
  if (mergedBefore.merged_into !== merge.survivor_id) {
    throw HmsError.conflict('The merged record no longer points at the survivor; this merge cannot be reversed automatically.', { mergedInto: mergedBefore.merged_into });
  }

  // Back go exactly the rows this merge moved (rows added to the survivor since stay there).
  const restoredCounts: Array<{ table: string; column: string; rows: number; missing: number }> = [];
  for (const entry of merge.moved) {
    const table = `${ident(entry.schema)}.${ident(entry.table)}`;
    let count = 0;
    try {
      if (entry.keyColumns.length === 1) {
        const result = await trx.raw(
          `update ${table} set ${ident(entry.column)} = ? where ${ident(entry.column)} = ? and ${ident(entry.keyColumns[0]!)} = any(?::${entry.keyTypes[0]}[])`,
          [merge.merged_id, merge.survivor_id, entry.keys.map((key) => key[0]) as Knex.RawBinding],
        );
        count = result.rowCount ?? 0;
      } else {
        for (const key of entry.keys) {
          const where = entry.keyColumns.map((column, i) => `${ident(column)} = ?::${entry.keyTypes[i]}`).join(' and ');
          const result = await trx.raw(`update ${table} set ${ident(entry.column)} = ? where ${ident(entry.column)} = ? and ${where}`, [merge.merged_id, merge.survivor_id, ...(key as Knex.RawBinding[])]);
          count += result.rowCount ?? 0;
        }
      }
    } catch (error) {
      throw conflictFrom(error, entry.table, 'Reversing this merge');
    }
    restoredCounts.push({ table: entry.table, column: entry.column, rows: count, missing: entry.keys.length - count });
  }

  const realiased = (merge.repointed_aliases.length === 0
    ? []
    : await trx('patients').whereIn('id', merge.repointed_aliases).where({ merged_into: merge.survivor_id })
      .update({ merged_into: merge.merged_id, version: trx.raw('version + 1'), updated_at: now }).returning(['id', 'version'])) as Array<{ id: string; version: number }>;
  const restored = await bump(trx, merge.merged_id, { merged_into: null }, now);
  const survivor = await bump(trx, merge.survivor_id, {}, now);
  await indexPatientName(trx, restored);
  const [updated] = await trx('patient_merges').where({ id: merge.id }).update({ unmerged_at: now, unmerged_by: input.userId, unmerge_reason: input.reason ?? null }).returning('*');

  for (const [entityId, before, after, role] of [
    [survivor.id, survivorBefore, survivor, 'survivor'],
    [restored.id, mergedBefore, restored, 'merged'],
  ] as const) {
    scope.audit({
      action: 'patients.unmerge', entityType: 'patient', entityId,
      before: auditView(before), after: auditView(after),
      details: { mergeId: merge.id, role, restored: restoredCounts, realiased: realiased.map((row) => row.id), reason: input.reason ?? null },
    });
  }
  scope.emit('patients.changed', PATIENTS_TOPIC, {
    change: 'unmerged',
    patients: [
      { id: survivor.id, version: survivor.version, mergedInto: null },
      { id: restored.id, version: restored.version, mergedInto: null },
      ...realiased.map((row) => ({ id: row.id, version: row.version, mergedInto: restored.id })),
    ],
  });
  return { merge: updated as MergeRow, survivor, restored };
}

export async function mergesOf(db: Knex, patientId: string): Promise<MergeRow[]> {
  const exists = await findPatient(db, patientId);
  if (exists === undefined) throw HmsError.notFound('The patient');
  return (await db('patient_merges').select('*').where({ survivor_id: patientId }).orWhere({ merged_id: patientId }).orderBy('merged_at', 'desc').limit(200)) as MergeRow[];
}
