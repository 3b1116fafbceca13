import { FormularyDrugSchema, HmsError, REFERENCE_TOPIC, drugDisplayName, normalizeDrugName } from '@hms/core';
import type { Drug, FormularyDrug, FormularyDrugData } from '@hms/core';
import type { Knex } from 'knex';
import { PG, isPgCode } from '../db/pg-errors.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { bumpRevision } from './revisions.js';

export interface DrugRow {
  id: string;
  code: string;
  generic: string;
  version: number;
  data: FormularyDrugData;
  search_text: string;
  active: boolean;
  source: 'shipped' | 'local';
  shipped_revision: number | null;
  updated_at: Date;
  updated_by: string | null;
}

export function toDrug(row: DrugRow): Drug {
  const data = FormularyDrugSchema.parse(row.data);
  return { ...data, id: row.id, version: row.version, name: drugDisplayName(data), source: row.source, updatedAt: row.updated_at.toISOString() };
}

/** The engine's view of a row. */
export function toFormularyDrug(row: DrugRow): FormularyDrug {
  return { ...FormularyDrugSchema.parse(row.data), id: row.id, version: row.version };
}

/** What drugs.search matches: the INN (written and coded), its strength and form, in normalized words. */
export function searchTextOf(data: FormularyDrugData): string {
  return normalizeDrugName(`${data.genericName} ${data.generic.replaceAll('_', ' ')} ${data.strengthText} ${data.form}`);
}

/** Below this word similarity a query word does not match (about one slip in an eight-letter word passes). */
const WORD_SIMILARITY = 0.45;

/**
 * Products whose every query word is in their text or close to one of its words (trigram word
 * similarity, pg_trgm), best matches first. The formulary is small (hundreds of rows): a scan of
 * the current versions is well under a millisecond, so no threshold-dependent index is needed.
 */
export async function searchDrugs(db: Knex, query: string, limit: number, includeInactive: boolean): Promise<Drug[]> {
  const words = normalizeDrugName(query).split(' ').filter((word) => word !== '').slice(0, 6);
  if (words.length === 0) return [];
  const sql = db<DrugRow>('drugs').select('*');
  if (!includeInactive) sql.where({ active: true });
  for (const word of words) {
    sql.where((clause) => clause.whereRaw(`search_text like ?`, [`%${word}%`]).orWhereRaw(`word_similarity(?, search_text) >= ?`, [word, WORD_SIMILARITY]));
  }
  const score = words.map(() => `(case when search_text like ? then 1 else word_similarity(?, search_text) end)`).join(' + ');
  const bindings = words.flatMap((word) => [`%${word}%`, word]);
  sql.orderBy([{ column: 'active', order: 'desc' }]).orderByRaw(`(search_text like ?) desc`, [`${words[0]}%`]).orderByRaw(`${score} desc`, bindings).orderBy('code').limit(limit);
  return (await sql).map(toDrug);
}

export async function requireDrugRow(db: Knex, id: string, options: { forUpdate?: boolean } = {}): Promise<DrugRow> {
  const query = db<DrugRow>('drugs').where({ id }).first();
  const row = await (options.forUpdate === true ? query.forUpdate() : query);
  if (row === undefined) throw HmsError.notFound('The drug');
  return row;
}

export async function drugVersions(db: Knex, id: string) {
  const rows: Array<{ version: number; data: FormularyDrugData; source: 'shipped' | 'local'; created_at: Date; created_by: string | null }> = await db('drug_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .where({ 'v.drug_id': id })
    .select('v.version', 'v.data', 'v.source', 'v.created_at', 'u.username as created_by')
    .orderBy('v.version', 'desc');
  return rows.map((row) => ({ version: row.version, data: FormularyDrugSchema.parse(row.data), source: row.source, createdAt: row.created_at.toISOString(), createdBy: row.created_by }));
}

export async function listDrugs(db: Knex, afterCode: string | undefined, limit: number): Promise<{ items: Drug[]; nextAfterCode?: string }> {
  const query = db<DrugRow>('drugs').select('*').orderBy('code').limit(limit + 1);
  if (afterCode !== undefined) query.where('code', '>', afterCode);
  const rows = await query;
  const items = rows.slice(0, limit).map(toDrug);
  return rows.length > limit ? { items, nextAfterCode: items.at(-1)!.code } : { items };
}

/** Raises the formulary's revision and tells every desk (they cache it for offline checks). */
async function announce(scope: WriteScope, drug: Drug, now: Date): Promise<void> {
  await bumpRevision(scope.trx, 'formulary', now);
  scope.emit('reference.changed', REFERENCE_TOPIC, { kind: 'formulary', id: drug.id, at: now.toISOString() });
}

export async function createDrug(scope: WriteScope, userId: string, data: FormularyDrugData, now: Date): Promise<Drug> {
  let row: DrugRow | undefined;
  try {
    [row] = await scope.trx<DrugRow>('drugs')
      .insert({ code: data.code, generic: data.generic, version: 1, data, search_text: searchTextOf(data), active: data.active, source: 'local', shipped_revision: null, updated_at: now, updated_by: userId })
      .returning('*');
  } catch (error) {
    if (isPgCode(error, PG.uniqueViolation, 'drugs_code_key')) throw new HmsError('CONFLICT', `There is already a drug ${data.code}.`, { fields: { 'drug.code': 'is taken' } });
    throw error;
  }
  await scope.trx('drug_versions').insert({ drug_id: row!.id, version: 1, data, source: 'local', created_at: now, created_by: userId });
  const drug = toDrug(row!);
  scope.audit({ action: 'drugs.create', entityType: 'drug', entityId: drug.id, after: drug });
  await announce(scope, drug, now);
  return drug;
}

export async function updateDrug(scope: WriteScope, userId: string, input: { id: string; expectedVersion: number; drug: FormularyDrugData }, now: Date): Promise<Drug> {
  const before = await requireDrugRow(scope.trx, input.id, { forUpdate: true });
  if (input.drug.code !== before.code) throw HmsError.validation({ 'drug.code': `stays ${before.code}: a product's code never changes (add a new product instead)` });
  if (before.version !== input.expectedVersion) {
    throw HmsError.conflict(`The drug was changed meanwhile (now version ${before.version}).`, { reason: 'stale_version', currentVersion: before.version });
  }
  const version = before.version + 1;
  const [after] = await scope.trx<DrugRow>('drugs')
    .where({ id: input.id })
    .update({ generic: input.drug.generic, version, data: input.drug, search_text: searchTextOf(input.drug), active: input.drug.active, source: 'local', shipped_revision: null, updated_at: now, updated_by: userId })
    .returning('*');
  await scope.trx('drug_versions').insert({ drug_id: input.id, version, data: input.drug, source: 'local', created_at: now, created_by: userId });
  const drug = toDrug(after!);
  scope.audit({ action: 'drugs.update', entityType: 'drug', entityId: drug.id, before: toDrug(before), after: drug });
  await announce(scope, drug, now);
  return drug;
}
