import { HmsError } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { payerRows, schemeVersionRows, toPayerView, toScheme } from './schemes-repo.js';
import type { PayerViewRow, SchemeVersionRow } from './schemes-repo.js';

export async function listPayers(db: Knex, input: Params<'payers.list'>) {
  const rows = (await db.from(payerRows(db).as('p')).select('*').orderBy([{ column: 'name' }, { column: 'code' }])) as PayerViewRow[];
  return { payers: rows.filter((row) => input.includeInactive || row.active).map(toPayerView) };
}

async function payerView(db: Knex, id: string) {
  return toPayerView((await db.from(payerRows(db).as('p')).where('p.id', id).first()) as PayerViewRow);
}

/**
 * A new insurer or corporate account (revision 1), or a new revision of one's name and state.
 * Code and kind are fixed once made: price lists and claims name the payer by them.
 */
export async function savePayer(scope: WriteScope, actor: Actor, input: Params<'payers.save'>, now: Date) {
  const { trx } = scope;
  let id = input.id;
  let revision = 1;
  if (id === undefined) {
    const [row] = (await trx('billing_payers').insert({ code: input.code, name: input.name, kind: input.kind }).onConflict('code').ignore().returning('id')) as Array<{ id: string }>;
    if (row === undefined) throw HmsError.conflict(`A payer with code ${input.code} exists already.`, { reason: 'code_taken' });
    id = row.id;
  } else {
    // Locked: two saves of one payer at once take consecutive revisions.
    const payer: { code: string; kind: string } | undefined = await trx('billing_payers').where({ id }).forUpdate().first('code', 'kind');
    if (payer === undefined) throw HmsError.notFound('The payer');
    if (payer.kind === 'cash') throw HmsError.conflict('The cash payer is not edited.', { reason: 'cash_payer' });
    if (payer.code !== input.code || payer.kind !== input.kind) throw HmsError.validation({ code: `stays ${payer.code} (${payer.kind}) once the payer exists` });
    const last = (await trx('billing_payer_revisions').where({ payer_id: id }).max('revision as revision').first()) as { revision: number | null } | undefined;
    revision = (last?.revision ?? 0) + 1;
  }
  const before = input.id === undefined ? null : await payerView(trx, id);
  await trx('billing_payer_revisions').insert({ payer_id: id, revision, name: input.name, active: input.active, saved_at: now, saved_by: actor.userId });
  const payer = await payerView(trx, id);
  scope.audit({ action: 'payers.save', entityType: 'billing_payer', entityId: id, before, after: payer });
  return { payer };
}

export async function listSchemes(db: Knex, input: Params<'schemes.list'>) {
  const query = schemeVersionRows(db).orderBy([{ column: 'p.name' }, { column: 'v.name' }]);
  if (input.payerId !== undefined) query.where('s.payer_id', input.payerId);
  const rows = (await query) as SchemeVersionRow[];
  return { schemes: rows.filter((row) => input.includeInactive || row.active).map(toScheme) };
}

/**
 * A new scheme (version 1) or the next version of one. Versions are never changed: an invoice
 * split by version 3 still shows version 3's rules after version 4 corrects them.
 */
export async function saveScheme(scope: WriteScope, actor: Actor, input: Params<'schemes.save'>, now: Date) {
  const { trx } = scope;
  const payer: { kind: string } | undefined = await trx('billing_payers').where({ id: input.payerId }).first('kind');
  if (payer === undefined || payer.kind === 'cash') throw HmsError.validation({ payerId: 'is not an insurer or corporate account' });
  const unknown = input.excludedServices.length === 0 ? [] : await missingServices(trx, input.excludedServices);
  if (unknown.length > 0) throw HmsError.validation({ excludedServices: `are not in the catalogue: ${unknown.join(', ')}` });
  let schemeId = input.id;
  let version = 1;
  let before = null;
  if (schemeId === undefined) {
    const [row] = (await trx('billing_schemes').insert({ payer_id: input.payerId, code: input.code, created_at: now }).onConflict('code').ignore().returning('id')) as Array<{ id: string }>;
    if (row === undefined) throw HmsError.conflict(`A scheme with code ${input.code} exists already.`, { reason: 'code_taken' });
    schemeId = row.id;
  } else {
    const scheme: { payer_id: string; code: string } | undefined = await trx('billing_schemes').where({ id: schemeId }).forUpdate().first('payer_id', 'code');
    if (scheme === undefined) throw HmsError.notFound('The scheme');
    if (scheme.payer_id !== input.payerId || scheme.code !== input.code) throw HmsError.validation({ code: `stays ${scheme.code} of its payer once the scheme exists` });
    const current = (await schemeVersionRows(trx).where('s.id', schemeId).first()) as SchemeVersionRow;
    before = toScheme(current);
    version = before.version + 1;
  }
  const { rule } = input;
  const [saved] = (await trx('billing_scheme_versions').insert({
    scheme_id: schemeId, version, name: input.name, rule_kind: rule.kind,
    copay_minor: rule.kind === 'copay_fixed' ? rule.copayMinor : null, patient_basis_points: rule.kind === 'coinsurance' ? rule.patientBasisPoints : null,
    annual_limit_minor: input.annualLimitMinor, excluded_services: [...new Set(input.excludedServices)], excluded_categories: [...new Set(input.excludedCategories)],
    pre_authorisation_required: input.preAuthorisationRequired, active: input.active, saved_at: now, saved_by: actor.userId,
  }).returning('id')) as Array<{ id: string }>;
  const scheme = toScheme((await schemeVersionRows(trx, { versionId: saved!.id }).first()) as SchemeVersionRow);
  scope.audit({ action: 'schemes.save', entityType: 'billing_scheme', entityId: schemeId, before, after: scheme });
  return { scheme };
}

async function missingServices(db: Knex, codes: readonly string[]): Promise<string[]> {
  const known = new Set((await db('billing_services').whereIn('code', [...codes]).pluck('code')) as string[]);
  return codes.filter((code) => !known.has(code));
}
