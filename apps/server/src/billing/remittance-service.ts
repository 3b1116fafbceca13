import { HmsError } from '@hms/core';
import type { Params } from '@hms/core';
import type { Actor } from '../gateway/actor.js';
import type { WriteScope } from '../gateway/write-scope.js';
import { requireApproval } from './approval.js';
import { claimView } from './claims-repo.js';

/**
 * A payer's remittance against a submitted claim: per invoice, what it paid and what it
 * rejected. The claim's row is locked, so remittances of one claim are posted one at a time and
 * the check that paid + rejected never passes what was claimed holds (an overposting is refused
 * whole, with what was left). A rejected share goes back on the patient's balance or is
 * written off; a write-off needs a billing supervisor (a cashier's screen takes one's credentials).
 */
export async function postRemittance(scope: WriteScope, actor: Actor, input: Params<'claims.postRemittance'>, now: Date) {
  const { trx } = scope;
  const locked = await trx('billing_claims').where({ id: input.claimId }).forUpdate().first('id');
  if (locked === undefined) throw HmsError.notFound('The claim');
  const claim = await claimView(trx, input.claimId);
  if (claim.status === 'draft') throw HmsError.conflict('The claim has not been submitted to the payer yet.', { reason: 'claim_not_submitted' });
  const items = new Map(claim.items.map((item) => [item.invoiceId, item]));
  const seen = new Set<string>();
  input.items.forEach((item, index) => {
    if (!items.has(item.invoiceId)) throw HmsError.validation({ [`items.${index}.invoiceId`]: 'is not an invoice of this claim' });
    if (seen.has(item.invoiceId)) throw HmsError.validation({ [`items.${index}.invoiceId`]: 'is given twice' });
    seen.add(item.invoiceId);
    if (item.paidMinor + item.rejectedMinor === 0) throw HmsError.validation({ [`items.${index}`]: 'pays and rejects nothing' });
    if ((item.rejectedMinor > 0) !== (item.rejection !== undefined)) throw HmsError.validation({ [`items.${index}.rejection`]: item.rejectedMinor > 0 ? 'is needed for a rejected amount: where it goes and why' : 'is only for a rejected amount' });
  });
  const over = input.items.map((item) => ({ item, claimed: items.get(item.invoiceId)! })).find(({ item, claimed }) => claimed.paidMinor + claimed.rejectedMinor + item.paidMinor + item.rejectedMinor > claimed.claimedMinor);
  if (over !== undefined) {
    const { item, claimed } = over;
    throw HmsError.conflict(`The remittance posts more than was claimed for invoice ${claimed.invoiceNumber}.`, {
      reason: 'overposted', invoiceId: item.invoiceId, claimedMinor: claimed.claimedMinor, postedMinor: claimed.paidMinor + claimed.rejectedMinor, askedMinor: item.paidMinor + item.rejectedMinor,
    });
  }
  const writesOff = input.items.some((item) => item.rejection?.disposition === 'write_off');
  const approver = writesOff ? await requireApproval(trx, actor, input.approval) : null;
  const [remittance] = (await trx('billing_remittances').insert({
    claim_id: input.claimId, reference: input.reference, posted_at: now, posted_by: actor.userId, approved_by: approver?.id ?? null,
  }).returning('id')) as Array<{ id: string }>;
  await trx('billing_remittance_items').insert(input.items.map((item) => ({
    remittance_id: remittance!.id, claim_id: input.claimId, invoice_id: item.invoiceId, paid_minor: item.paidMinor, rejected_minor: item.rejectedMinor,
    disposition: item.rejection?.disposition ?? null, reason: item.rejection?.reason ?? null,
  })));
  const after = await claimView(trx, input.claimId);
  scope.audit({
    action: 'claims.postRemittance', entityType: 'billing_claim', entityId: input.claimId,
    before: { status: claim.status, paidMinor: claim.paidMinor, rejectedMinor: claim.rejectedMinor },
    after: { remittanceId: remittance!.id, reference: input.reference, status: after.status, paidMinor: after.paidMinor, rejectedMinor: after.rejectedMinor, approvedBy: approver?.username ?? null },
  });
  // A rejection changes what a patient owes (or writes it off): on the patient's own trail too.
  for (const item of input.items) {
    if (item.rejection === undefined) continue;
    scope.audit({
      action: 'claims.rejection', entityType: 'patient', entityId: items.get(item.invoiceId)!.patientId,
      after: { claimId: input.claimId, invoiceId: item.invoiceId, rejectedMinor: item.rejectedMinor, disposition: item.rejection.disposition, reason: item.rejection.reason, approvedBy: approver?.username ?? null },
    });
  }
  return { claim: after };
}
