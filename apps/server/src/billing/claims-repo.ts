import { HmsError } from '@hms/core';
import type { ClaimStatus } from '@hms/core';
import type { Knex } from 'knex';
import { payerRows } from './schemes-repo.js';

interface ClaimRow {
  id: string; number: string; payer_id: string; payer_name: string; period_from: Date; period_to: Date; created_at: Date; created_by_name: string; submitted_at: Date | null;
}
interface ClaimItemRow {
  invoice_id: string; invoice_number: string; issued_at: Date; patient_id: string; member_number: string; claimed_minor: string;
  paid_minor: string; rejected_minor: string; moved_minor: string; written_off_minor: string;
}

/**
 * The claim's status follows from what was done to it, so it can never disagree with it:
 * draft until submitted; submitted until the payer settles something; partly paid while some
 * is unsettled; then paid (all paid) or closed (all settled, some rejected).
 */
export function claimStatus(submitted: boolean, claimed: number, paid: number, rejected: number): ClaimStatus {
  if (!submitted) return 'draft';
  if (paid + rejected === 0) return 'submitted';
  if (paid + rejected < claimed) return 'partly_paid';
  return rejected === 0 ? 'paid' : 'closed';
}

/** What remittances posted against each invoice of claims (paid, rejected, and where the rejected went). */
export function remittedByInvoice(db: Knex) {
  return db('billing_remittance_items').groupBy('invoice_id').select('invoice_id',
    db.raw('sum(paid_minor) as paid_minor'), db.raw('sum(rejected_minor) as rejected_minor'),
    db.raw(`coalesce(sum(rejected_minor) filter (where disposition = 'patient'), 0) as moved_minor`),
    db.raw(`coalesce(sum(rejected_minor) filter (where disposition = 'write_off'), 0) as written_off_minor`));
}

export function claimRows(db: Knex) {
  return db('billing_claims as c')
    .join(payerRows(db).as('p'), 'p.id', 'c.payer_id')
    .join('users as u', 'u.id', 'c.created_by')
    .leftJoin('billing_claim_submissions as s', 's.claim_id', 'c.id')
    .select('c.id', 'c.number', 'c.payer_id', 'p.name as payer_name', 'c.period_from', 'c.period_to', 'c.created_at', 'u.display_name as created_by_name', 's.submitted_at');
}

export async function claimItems(db: Knex, claimId: string): Promise<ClaimItemRow[]> {
  return db('billing_claim_items as ci')
    .join('billing_invoices as i', 'i.id', 'ci.invoice_id')
    .join('billing_invoice_coverage as ic', 'ic.invoice_id', 'ci.invoice_id')
    .leftJoin(remittedByInvoice(db).as('r'), 'r.invoice_id', 'ci.invoice_id')
    .where('ci.claim_id', claimId)
    .orderBy([{ column: 'i.issued_at' }, { column: 'i.number' }])
    .select('ci.invoice_id', 'i.number as invoice_number', 'i.issued_at', 'i.patient_id', 'ic.member_number', 'ci.claimed_minor',
      db.raw('coalesce(r.paid_minor, 0) as paid_minor'), db.raw('coalesce(r.rejected_minor, 0) as rejected_minor'),
      db.raw('coalesce(r.moved_minor, 0) as moved_minor'), db.raw('coalesce(r.written_off_minor, 0) as written_off_minor')) as Promise<ClaimItemRow[]>;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export function toClaimHeader(row: ClaimRow, totals: { claimed: number; paid: number; rejected: number }) {
  return {
    id: row.id, number: row.number, payerId: row.payer_id, payerName: row.payer_name, periodFrom: row.period_from.toISOString(), periodTo: row.period_to.toISOString(),
    status: claimStatus(row.submitted_at !== null, totals.claimed, totals.paid, totals.rejected),
    claimedMinor: totals.claimed, paidMinor: totals.paid, rejectedMinor: totals.rejected,
    createdAt: row.created_at.toISOString(), createdByName: row.created_by_name, submittedAt: row.submitted_at?.toISOString() ?? null,
  };
}

export async function claimView(db: Knex, claimId: string) {
  const row = (await claimRows(db).where('c.id', claimId).first()) as ClaimRow | undefined;
  if (row === undefined) throw HmsError.notFound('The claim');
  const items = (await claimItems(db, claimId)).map((item) => ({
    invoiceId: item.invoice_id, invoiceNumber: item.invoice_number, issuedAt: item.issued_at.toISOString(), patientId: item.patient_id, memberNumber: item.member_number,
    claimedMinor: Number(item.claimed_minor), paidMinor: Number(item.paid_minor), rejectedMinor: Number(item.rejected_minor),
    movedToPatientMinor: Number(item.moved_minor), writtenOffMinor: Number(item.written_off_minor),
  }));
  const totals = { claimed: sum(items.map((i) => i.claimedMinor)), paid: sum(items.map((i) => i.paidMinor)), rejected: sum(items.map((i) => i.rejectedMinor)) };
  return { ...toClaimHeader(row, totals), items };
}

/** Claims without items, newest first, with their totals in one query. */
export async function claimHeaders(db: Knex, filter: { payerId?: string | undefined }) {
  const query = claimRows(db)
    .join(db('billing_claim_items as ci').leftJoin(remittedByInvoice(db).as('r'), 'r.invoice_id', 'ci.invoice_id').groupBy('ci.claim_id')
      .select('ci.claim_id', db.raw('count(*) as invoices'), db.raw('sum(ci.claimed_minor) as claimed'), db.raw('coalesce(sum(r.paid_minor), 0) as paid'), db.raw('coalesce(sum(r.rejected_minor), 0) as rejected'))
      .as('t'), 't.claim_id', 'c.id')
    .select('t.invoices', 't.claimed', 't.paid', 't.rejected')
    .orderBy([{ column: 'c.created_at', order: 'desc' }, { column: 'c.number', order: 'desc' }])
    .limit(500);
  if (filter.payerId !== undefined) query.where('c.payer_id', filter.payerId);
  const rows = (await query) as Array<ClaimRow & { invoices: string; claimed: string; paid: string; rejected: string }>;
  return rows.map((row) => ({ ...toClaimHeader(row, { claimed: Number(row.claimed), paid: Number(row.paid), rejected: Number(row.rejected) }), invoices: Number(row.invoices) }));
}
