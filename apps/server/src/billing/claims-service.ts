import { HmsError, formatDocumentNumber, seriesKey } from '@hms/core';
import type { Params } from '@hms/core';
import type { Knex } from 'knex';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { claimHeaders, claimView } from './claims-repo.js';
import { hospitalYear, takeNumber } from './invoices-service.js';

/**
 * A claim of the payer's shares of the invoices issued in [periodFrom, periodTo), not voided
 * and not on a claim yet. The payer's row is locked first, so two claims of one payer at once
 * are made one after the other and the second finds the first's invoices taken;
 * `billing_claim_items.invoice_id` unique is what guarantees a share is claimed once whatever
 * the path. Nothing to claim is refused before a number is taken (numbers stay gapless).
 */
export async function createClaim(scope: WriteScope, actor: Actor, input: Params<'claims.create'>, now: Date) {
  const { trx } = scope;
  const from = new Date(input.periodFrom);
  const to = new Date(input.periodTo);
  if (to <= from) throw HmsError.validation({ periodTo: 'must be after periodFrom' });
  const payer: { kind: string } | undefined = await trx('billing_payers').where({ id: input.payerId }).forUpdate().first('kind');
  if (payer === undefined || payer.kind === 'cash') throw HmsError.validation({ payerId: 'is not an insurer or corporate account' });
  const shares = (await trx('billing_invoices as i')
    .leftJoin('billing_claim_items as ci', 'ci.invoice_id', 'i.id')
    .leftJoin('billing_invoice_voids as v', 'v.invoice_id', 'i.id')
    .where('i.payer_id', input.payerId).where('i.issued_at', '>=', from).where('i.issued_at', '<', to).where('i.payer_minor', '>', 0)
    .whereNull('ci.invoice_id').whereNull('v.invoice_id')
    .orderBy([{ column: 'i.issued_at' }, { column: 'i.number' }])
    .select('i.id', 'i.payer_minor')) as Array<{ id: string; payer_minor: string }>;
  if (shares.length === 0) throw HmsError.conflict('There is nothing to claim from this payer in that period.', { reason: 'nothing_to_claim' });
  const series = { kind: 'claim' as const, year: await hospitalYear(trx, now) };
  const key = seriesKey(series);
  const sequence = await takeNumber(trx, key);
  const number = formatDocumentNumber(series, sequence);
  const [claim] = (await trx('billing_claims').insert({
    number, series_key: key, sequence, payer_id: input.payerId, period_from: from, period_to: to, created_at: now, created_by: actor.userId,
  }).returning('id')) as Array<{ id: string }>;
  await trx('billing_claim_items').insert(shares.map((share) => ({ claim_id: claim!.id, invoice_id: share.id, claimed_minor: share.payer_minor })));
  const view = await claimView(trx, claim!.id);
  scope.audit({ action: 'claims.create', entityType: 'billing_claim', entityId: claim!.id, after: { number, payerId: input.payerId, invoices: shares.length, claimedMinor: view.claimedMinor } });
  return { claim: view };
}

export async function submitClaim(scope: WriteScope, actor: Actor, input: Params<'claims.submit'>, now: Date) {
  const { trx } = scope;
  const locked = await trx('billing_claims').where({ id: input.claimId }).forUpdate().first('id');
  if (locked === undefined) throw HmsError.notFound('The claim');
  const inserted = await trx('billing_claim_submissions').insert({ claim_id: input.claimId, submitted_at: now, submitted_by: actor.userId }).onConflict('claim_id').ignore().returning('claim_id');
  if (inserted.length === 0) throw HmsError.conflict('This claim was submitted already.', { reason: 'already_submitted' });
  const claim = await claimView(trx, input.claimId);
  scope.audit({ action: 'claims.submit', entityType: 'billing_claim', entityId: input.claimId, after: { number: claim.number, claimedMinor: claim.claimedMinor } });
  return { claim };
}

export async function listClaims(db: Knex, input: Params<'claims.list'>) {
  const claims = await claimHeaders(db, { payerId: input.payerId });
  return { claims: input.status === undefined ? claims : claims.filter((claim) => claim.status === input.status) };
}

export async function getClaim(db: Knex, input: Params<'claims.get'>) {
  return claimView(db, input.claimId);
}
