import { HmsError } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { requirePatientId } from '../patients/index.js';
import { payerRows, schemeVersionRows } from './schemes-repo.js';
import type { SchemeVersionRow } from './schemes-repo.js';

export interface CoverageRow {
  id: string; patient_id: string; scheme_id: string; scheme_name: string; payer_id: string; payer_name: string; member_number: string;
  valid_from: Date; valid_to: Date | null; pre_authorisation: string | null; supersedes: string | null; superseded_by: string | null;
  recorded_at: Date; recorded_by_name: string;
}

/** Coverages with their scheme's current name, their payer, and the correction that superseded each. */
export function coverageRows(db: Knex) {
  return db('billing_coverages as c')
    .join(schemeVersionRows(db).as('s'), 's.scheme_id', 'c.scheme_id')
    .join(payerRows(db).as('p'), 'p.id', 's.payer_id')
    .join('users as u', 'u.id', 'c.recorded_by')
    .leftJoin('billing_coverages as n', 'n.supersedes', 'c.id')
    .orderBy([{ column: 'c.recorded_at', order: 'desc' }, { column: 'c.id' }])
    .select('c.id', 'c.patient_id', 'c.scheme_id', 's.name as scheme_name', 's.payer_id', 'p.name as payer_name', 'c.member_number', 'c.valid_from', 'c.valid_to',
      'c.pre_authorisation', 'c.supersedes', 'n.id as superseded_by', 'c.recorded_at', 'u.display_name as recorded_by_name');
}

export const toCoverage = (row: CoverageRow) => ({
  id: row.id, patientId: row.patient_id, schemeId: row.scheme_id, schemeName: row.scheme_name, payerId: row.payer_id, payerName: row.payer_name,
  memberNumber: row.member_number, validFrom: row.valid_from.toISOString(), validTo: row.valid_to?.toISOString() ?? null, preAuthorisation: row.pre_authorisation,
  supersedes: row.supersedes, supersededBy: row.superseded_by, recordedAt: row.recorded_at.toISOString(), recordedByName: row.recorded_by_name,
});

/**
 * Records a patient's coverage, at registration or at the cashier. A correction (a wrong member
 * number, a new pre-authorisation, an end date) supersedes the earlier row, once: the earlier
 * one stays, as an invoice split by it must still show what it was split by.
 */
export async function setCoverage(scope: WriteScope, actor: Actor, input: Params<'coverage.set'>, now: Date) {
  const { trx } = scope;
  const patientId = await requirePatientId(trx, input.patientId);
  const scheme = (await schemeVersionRows(trx).where('s.id', input.schemeId).first()) as SchemeVersionRow | undefined;
  if (scheme === undefined) throw HmsError.validation({ schemeId: 'is not a scheme' });
  if (!scheme.active) throw HmsError.validation({ schemeId: 'is no longer offered' });
  if (input.validTo !== undefined && Date.parse(input.validTo) <= Date.parse(input.validFrom)) throw HmsError.validation({ validTo: 'must be after validFrom' });
  let before = null;
  if (input.supersedes !== undefined) {
    const old: { patient_id: string } | undefined = await trx('billing_coverages').where({ id: input.supersedes }).forUpdate().first('patient_id');
    if (old === undefined || old.patient_id !== patientId) throw HmsError.validation({ supersedes: 'is not a coverage of this patient' });
    const successor = await trx('billing_coverages').where({ supersedes: input.supersedes }).first('id');
    if (successor !== undefined) throw HmsError.conflict('This coverage was corrected already: correct the latest one.', { reason: 'superseded', supersededBy: (successor as { id: string }).id });
    before = toCoverage((await coverageRows(trx).where('c.id', input.supersedes).first()) as CoverageRow);
  }
  const [row] = (await trx('billing_coverages').insert({
    patient_id: patientId, scheme_id: input.schemeId, member_number: input.memberNumber, valid_from: input.validFrom, valid_to: input.validTo ?? null,
    pre_authorisation: input.preAuthorisation ?? null, supersedes: input.supersedes ?? null, recorded_at: now, recorded_by: actor.userId,
  }).returning('id')) as Array<{ id: string }>;
  const coverage = toCoverage((await coverageRows(trx).where('c.id', row!.id).first()) as CoverageRow);
  scope.audit({ action: 'coverage.set', entityType: 'patient', entityId: patientId, before, after: coverage });
  return { coverage };
}

export async function listCoverage(db: Knex, input: Params<'coverage.list'>) {
  const patientId = await requirePatientId(db, input.patientId);
  const query = coverageRows(db).where('c.patient_id', patientId);
  if (!input.includeSuperseded) query.whereNull('n.id');
  return { patientId, coverages: ((await query) as CoverageRow[]).map(toCoverage) };
}
