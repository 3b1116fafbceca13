import type { Knex } from 'knex';
import type { AuditKey } from '../audit/index.js';
import { runWrite } from '../gateway/write-scope.js';
import { SHIPPED_ICD10_FILE, readIcd10List, storeIcd10Release } from './icd10-release.js';

export const SHIPPED_ICD10_LABEL = 'ICD-10-CM FY2026 (CMS/NCHS)';
/** Server processes starting together load the list once. */
const LOAD_LOCK = 7_400_113;

/**
 * Loads the ICD-10-CM FY2026 list shipped in reference-data/icd10cm (see its SOURCES.md) as the
 * active release when no list was ever loaded: the server runs this in the background at start
 * (a few seconds, once per database), so neither start-up nor migrations wait for 98,000 rows;
 * `signal` (the server stopping) abandons it, rolled back, to be done at the next start.
 * A hospital that imported its own list first keeps it.
 */
export async function loadShippedIcd10(db: Knex, auditKey: AuditKey, now: () => Date, signal?: AbortSignal): Promise<'loaded' | 'present'> {
  if ((await db('icd10_releases').first('id')) !== undefined) return 'present';
  const read = await readIcd10List(SHIPPED_ICD10_FILE);
  signal?.throwIfAborted();
  if (!read.ok) throw new Error(`the shipped ICD-10-CM list does not parse at line ${read.problems[0]?.line}: ${read.problems[0]?.reason}`);
  return runWrite(db, { stamp: () => ({ at: now(), actor: null, origin: null }), auditKey }, async (scope) => {
    await scope.trx.raw('select pg_advisory_xact_lock(?)', [LOAD_LOCK]);
    if ((await scope.trx('icd10_releases').first('id')) !== undefined) return 'present';
    const id = await storeIcd10Release(scope.trx, read.list, { label: SHIPPED_ICD10_LABEL, at: now(), by: 'server' }, signal);
    scope.audit({
      action: 'reference.importIcd10', entityType: 'icd10_release', entityId: id,
      after: { label: SHIPPED_ICD10_LABEL, sourceFile: read.list.sourceFile, sha256: read.list.sha256, codes: read.list.entries.length }, details: { shipped: true },
    });
    return 'loaded';
  });
}
