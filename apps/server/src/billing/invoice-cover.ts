import { HmsError, splitByScheme } from '@hms/core';
import type { CoverageTerms, SchemeRule } from '@hms/core';
import type { Knex } from 'knex';
import type { ChargeRow } from './charges-repo.js';
import { payerRows, ruleOf, schemeVersionRows } from './schemes-repo.js';
import type { SchemeVersionRow } from './schemes-repo.js';

interface CoverageCandidate {
  id: string; scheme_id: string; member_number: string; valid_from: Date; valid_to: Date | null; pre_authorisation: string | null; superseded: boolean;
}

export interface InvoiceCover {
  coverageId: string;
  memberNumber: string;
  preAuthorisation: string | null;
  scheme: SchemeVersionRow;
}

const validAt = (row: CoverageCandidate, at: Date) => row.valid_from <= at && (row.valid_to === null || row.valid_to > at);

/**
 * The coverage an invoice is split by: the one asked for (it must apply now, or the invoice is
 * refused: the cashier chose it), else the patient's latest coverage that applies now (valid,
 * not corrected, its scheme offered, its pre-authorisation there when the scheme needs one),
 * else none: the patient pays cash. `null` asks for cash.
 */
export async function coverForInvoice(trx: Knex.Transaction, patientId: string, coverageId: string | null | undefined, at: Date): Promise<InvoiceCover | null> {
  if (coverageId === null) return null;
  const query = trx('billing_coverages as c').leftJoin('billing_coverages as n', 'n.supersedes', 'c.id').where('c.patient_id', patientId)
    .orderBy([{ column: 'c.recorded_at', order: 'desc' }, { column: 'c.id' }])
    .select('c.id', 'c.scheme_id', 'c.member_number', 'c.valid_from', 'c.valid_to', 'c.pre_authorisation', trx.raw('n.id is not null as superseded'));
  if (coverageId !== undefined) query.where('c.id', coverageId);
  const candidates = (await query) as CoverageCandidate[];
  if (coverageId !== undefined && candidates.length === 0) throw HmsError.validation({ coverageId: 'is not a coverage of this patient' });
  const schemes = new Map<string, SchemeVersionRow>();
  for (const row of (await schemeVersionRows(trx).whereIn('s.id', [...new Set(candidates.map((c) => c.scheme_id))])) as SchemeVersionRow[]) schemes.set(row.scheme_id, row);
  const problem = (row: CoverageCandidate): string | undefined => {
    const scheme = schemes.get(row.scheme_id)!;
    if (row.superseded) return 'superseded';
    if (!validAt(row, at)) return 'coverage_not_valid';
    if (!scheme.active) return 'scheme_inactive';
    if (scheme.pre_authorisation_required && row.pre_authorisation === null) return 'pre_authorisation_required';
    return undefined;
  };
  if (coverageId !== undefined) {
    const reason = problem(candidates[0]!);
    if (reason !== undefined) throw HmsError.conflict('This coverage does not apply to an invoice now.', { reason, coverageId });
  }
  const chosen = candidates.find((row) => problem(row) === undefined);
  if (chosen === undefined) return null;
  return { coverageId: chosen.id, memberNumber: chosen.member_number, preAuthorisation: chosen.pre_authorisation, scheme: schemes.get(chosen.scheme_id)! };
}

/**
 * What the payer has already been invoiced for this member in the year. Taken under a lock per
 * scheme and member, held to the invoice's commit: two invoices of one member at once are
 * split one after the other, so together they never pass the limit.
 */
export async function annualLimitLeft(trx: Knex.Transaction, cover: InvoiceCover, year: number): Promise<number | null> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 15))', [`billing-limit/${cover.scheme.scheme_id}/${cover.memberNumber}`]);
  if (cover.scheme.annual_limit_minor === null) return null;
  const { rows } = await trx.raw(
    `select coalesce(sum(i.payer_minor), 0) as used from billing_invoice_coverage ic join billing_invoices i on i.id = ic.invoice_id
      where ic.scheme_id = ? and ic.member_number = ? and ic.limit_year = ?`,
    [cover.scheme.scheme_id, cover.memberNumber, year],
  );
  return Number(cover.scheme.annual_limit_minor) - Number((rows as Array<{ used: string }>)[0]!.used);
}

export interface ChargeSplit { lines: Array<{ chargeId: string; payerMinor: number; patientMinor: number }>; payerMinor: number; patientMinor: number; overLimitMinor: number }

/**
 * Splits an invoice's charges by the scheme. Credits (returns) are split by the same rule as
 * their own lines, sign turned (a fixed co-pay is charged once per invoice, so a credit goes
 * to the payer whole), and what they give back to the payer leaves that much more of the
 * limit for the invoice's charges. Excluded categories exclude every service of them.
 */
export function splitCharges(rows: readonly ChargeRow[], cover: InvoiceCover | null, limitLeft: number | null): ChargeSplit {
  const terms = (rule: SchemeRule, left: number | null): CoverageTerms | null => cover === null ? null : {
    rule,
    excludedServices: [...cover.scheme.excluded_services, ...rows.filter((row) => cover.scheme.excluded_categories.includes(row.category)).map((row) => row.service_code)],
    annualLimitLeftMinor: left,
  };
  const rule = cover === null ? ({ kind: 'full_cover' } as const) : ruleOf(cover.scheme);
  const credits = rows.filter((row) => Number(row.amount_minor) < 0);
  const charges = rows.filter((row) => Number(row.amount_minor) >= 0);
  const creditRule: SchemeRule = rule.kind === 'copay_fixed' ? { kind: 'full_cover' } : rule;
  const creditSplit = splitByScheme(credits.map((row) => ({ serviceCode: row.service_code, amountMinor: -Number(row.amount_minor) })), terms(creditRule, null));
  const chargeSplit = splitByScheme(charges.map((row) => ({ serviceCode: row.service_code, amountMinor: Number(row.amount_minor) })), terms(rule, limitLeft === null ? null : limitLeft + creditSplit.payerMinor));
  const shares = new Map<string, { payerMinor: number; patientMinor: number }>();
  charges.forEach((row, index) => shares.set(row.id, chargeSplit.lines[index]!));
  credits.forEach((row, index) => shares.set(row.id, { payerMinor: -creditSplit.lines[index]!.payerMinor, patientMinor: -creditSplit.lines[index]!.patientMinor }));
  const lines = rows.map((row) => ({ chargeId: row.id, ...shares.get(row.id)! }));
  return {
    lines,
    payerMinor: lines.reduce((sum, line) => sum + line.payerMinor, 0),
    patientMinor: lines.reduce((sum, line) => sum + line.patientMinor, 0),
    overLimitMinor: chargeSplit.overLimitMinor,
  };
}

/** How an issued invoice was covered (null: cash), with the scheme version's name as it was then. */
export async function invoiceCoverage(db: Knex, invoiceId: string) {
  const row = (await db('billing_invoice_coverage as ic')
    .join('billing_scheme_versions as v', 'v.id', 'ic.scheme_version_id')
    .join('billing_schemes as s', 's.id', 'ic.scheme_id')
    .join(payerRows(db).as('p'), 'p.id', 's.payer_id')
    .join('billing_coverages as c', 'c.id', 'ic.coverage_id')
    .where('ic.invoice_id', invoiceId)
    .first('ic.coverage_id', 'ic.scheme_id', 'ic.scheme_version_id', 'v.name as scheme_name', 'p.name as payer_name', 'ic.member_number', 'c.pre_authorisation', 'ic.over_limit_minor')) as
    { coverage_id: string; scheme_id: string; scheme_version_id: string; scheme_name: string; payer_name: string; member_number: string; pre_authorisation: string | null; over_limit_minor: string } | undefined;
  if (row === undefined) return null;
  return {
    coverageId: row.coverage_id, schemeId: row.scheme_id, schemeVersionId: row.scheme_version_id, schemeName: row.scheme_name, payerName: row.payer_name,
    memberNumber: row.member_number, preAuthorisation: row.pre_authorisation, overLimitMinor: Number(row.over_limit_minor),
  };
}

/** Payer shares the payer rejected that went back on the patient's balance (remittances). */
export async function movedToPatient(db: Knex, invoiceId: string): Promise<number> {
  const row = (await db('billing_remittance_items').where({ invoice_id: invoiceId, disposition: 'patient' }).sum('rejected_minor as moved').first()) as { moved: string | null } | undefined;
  return Number(row?.moved ?? 0);
}
