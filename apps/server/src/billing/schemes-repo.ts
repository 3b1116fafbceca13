import type { Knex } from 'knex';

/** A payer with the name and state of its latest revision (the cash payer, made by 0065, has none). */
export function payerRows(db: Knex) {
  return db('billing_payers as p')
    .leftJoin(db.raw(`lateral (select r.revision, r.name, r.active from billing_payer_revisions r where r.payer_id = p.id order by r.revision desc limit 1) as r on true`))
    .select('p.id', 'p.code', 'p.kind', db.raw('coalesce(r.name, p.name) as name'), db.raw('coalesce(r.active, true) as active'), db.raw('coalesce(r.revision, 1) as revision'));
}

export interface PayerViewRow { id: string; code: string; kind: 'cash' | 'insurance' | 'corporate'; name: string; active: boolean; revision: number }
export const toPayerView = (row: PayerViewRow) => ({ id: row.id, code: row.code, name: row.name, kind: row.kind, active: row.active, revision: Number(row.revision) });

export interface SchemeVersionRow {
  scheme_id: string; version_id: string; version: number; payer_id: string; payer_name: string; code: string; name: string;
  rule_kind: 'copay_fixed' | 'coinsurance' | 'full_cover'; copay_minor: string | null; patient_basis_points: number | null; annual_limit_minor: string | null;
  excluded_services: string[]; excluded_categories: string[]; pre_authorisation_required: boolean; active: boolean; saved_at: Date; saved_by_name: string;
}

/** Every scheme at its latest version (or `versionId`'s), with its payer's current name. */
export function schemeVersionRows(db: Knex, options: { versionId?: string } = {}) {
  const query = db('billing_schemes as s')
    .join('billing_scheme_versions as v', 'v.scheme_id', 's.id')
    .join(payerRows(db).as('p'), 'p.id', 's.payer_id')
    .join('users as u', 'u.id', 'v.saved_by')
    .select('s.id as scheme_id', 'v.id as version_id', 'v.version', 's.payer_id', 'p.name as payer_name', 's.code', 'v.name', 'v.rule_kind', 'v.copay_minor',
      'v.patient_basis_points', 'v.annual_limit_minor', 'v.excluded_services', 'v.excluded_categories', 'v.pre_authorisation_required', 'v.active', 'v.saved_at',
      'u.display_name as saved_by_name');
  if (options.versionId !== undefined) return query.where('v.id', options.versionId);
  return query.whereRaw('v.version = (select max(x.version) from billing_scheme_versions x where x.scheme_id = s.id)');
}

export function ruleOf(row: SchemeVersionRow) {
  if (row.rule_kind === 'copay_fixed') return { kind: 'copay_fixed' as const, copayMinor: Number(row.copay_minor) };
  if (row.rule_kind === 'coinsurance') return { kind: 'coinsurance' as const, patientBasisPoints: Number(row.patient_basis_points) };
  return { kind: 'full_cover' as const };
}

type Category = 'registration' | 'consultation' | 'lab' | 'imaging' | 'procedure' | 'drug' | 'bed_day' | 'other';

export const toScheme = (row: SchemeVersionRow) => ({
  id: row.scheme_id, versionId: row.version_id, version: Number(row.version), payerId: row.payer_id, payerName: row.payer_name, code: row.code, name: row.name,
  rule: ruleOf(row), annualLimitMinor: row.annual_limit_minor === null ? null : Number(row.annual_limit_minor),
  excludedServices: row.excluded_services, excludedCategories: row.excluded_categories as Category[],
  preAuthorisationRequired: row.pre_authorisation_required, active: row.active, savedAt: row.saved_at.toISOString(), savedByName: row.saved_by_name,
});
